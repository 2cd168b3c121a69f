/**
 * The company's "Don't apply again" mark, set from any of its cards with a reason: the app then
 * refuses to send applications to its jobs (saying so, with the company's name).
 */
import { useId, useState, type FormEvent } from "react";
import { commands, type ApplicationView } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { useApplicationAction } from "./useApplicationAction";

export function DoNotApply({ app }: { app: ApplicationView }) {
  const id = useId();
  const company = app.company ?? "";
  const [reason, setReason] = useState<string | null>(null);
  const block = useApplicationAction((why: string) => call(commands.blockCompany(company, why.trim() === "" ? null : why.trim())));
  const unblock = useApplicationAction(() => call(commands.unblockCompany(company)));
  if (company.trim() === "") return null;
  const mark = app.do_not_apply;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason !== null && (await block.run(reason)) !== undefined) setReason(null);
  };

  return (
    <section className="app-card-section" aria-label={`Don't apply again to ${company}`}>
      <h4>Don't apply again</h4>
      {mark ? (
        <>
          <p>
            You marked {mark.company} “don't apply again”{mark.reason ? `: ${mark.reason}` : "."} Applications to its jobs
            are not sent.
          </p>
          <ActionButton variant="secondary" busy={unblock.busy} onClick={() => void unblock.run(undefined)}>
            Remove the mark
          </ActionButton>
        </>
      ) : reason === null ? (
        <ActionButton variant="secondary" onClick={() => setReason("")}>
          Don't apply to {company} again
        </ActionButton>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-reason`}>Why? (optional)</label>
          <input id={`${id}-reason`} type="text" value={reason} autoFocus onChange={(e) => setReason(e.target.value)} />
          <div className="app-card-buttons">
            <ActionButton type="submit" variant="danger" busy={block.busy}>
              Mark {company}
            </ActionButton>
            <ActionButton variant="secondary" disabled={block.busy} onClick={() => setReason(null)}>
              Cancel
            </ActionButton>
          </div>
        </form>
      )}
      <ErrorBanner error={block.error ?? unblock.error} title={`Could not change the mark of ${company}:`} />
    </section>
  );
}
