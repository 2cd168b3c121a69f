/** "Open the setup again": un-skips the guided setup and opens it. */
import { commands } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { navigate } from "../../lib/router";

export function ReopenSetup() {
  const reopen = useCommandMutation([queryKeys.setup.all]);
  const onReopen = async () => {
    const status = await reopen.run(() => call(commands.setSetupDismissed(false)));
    if (!status) return;
    // The setup and the Dashboard read the progress again when they open.
    navigate("/setup");
  };
  return (
    <section className="panel" aria-labelledby="reopen-setup-title">
      <div className="panel-header">
        <h2 id="reopen-setup-title">Setup</h2>
      </div>
      <p className="status">
        The five steps of the first start: your CV, what you're looking for, where to search, when, and a first hunt.
      </p>
      <ErrorBanner error={reopen.error} title="Could not open the setup:" />
      <ActionButton variant="secondary" busy={reopen.busy} onClick={() => void onReopen()}>
        Open the setup again
      </ActionButton>
    </section>
  );
}
