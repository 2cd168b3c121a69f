/** "Skip setup for now": remembered, and back to the Dashboard (Settings can reopen it). */
import { useQueryClient } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { queryKeys } from "../../lib/queryKeys";
import { navigate } from "../../lib/router";

export function SkipSetup() {
  const skip = useCommandMutation([queryKeys.setup.all]);
  const client = useQueryClient();
  const onSkip = async () => {
    const status = await skip.run(() => call(commands.setSetupDismissed(true)));
    if (!status) return;
    client.setQueryData(queryKeys.setup.status(), status);
    navigate("/");
  };
  return (
    <div className="setup-skip">
      <ActionButton variant="secondary" busy={skip.busy} onClick={() => void onSkip()}>
        Skip setup for now
      </ActionButton>
      <ErrorBanner error={skip.error} title="Could not skip the setup:" />
    </div>
  );
}
