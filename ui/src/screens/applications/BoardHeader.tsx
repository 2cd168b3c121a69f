/**
 * Above the board: the follow-ups that are due (the day of the reminder has come), and the
 * export of every application with its history as a spreadsheet file (CSV), saved in the
 * Downloads folder with its path shown: a download from the app's window is not reliable on
 * every system.
 */
import { commands, type ApplicationView } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { formatDay, isFollowUpDue, localToday } from "./tracking";
import { useApplicationAction } from "./useApplicationAction";

export function FollowUpsDue({ apps }: { apps: ApplicationView[] }) {
  const today = localToday();
  const due = apps.filter((a) => isFollowUpDue(a, today));
  if (due.length === 0) return null;
  return (
    <section className="follow-ups-due" aria-labelledby="follow-ups-due-title" data-testid="follow-ups-due">
      <h3 id="follow-ups-due-title">Time to follow up ({due.length})</h3>
      <ul>
        {due.map((a) => (
          <li key={a.id}>
            <strong>{a.job_title ?? "A job"}</strong>
            {a.company ? ` at ${a.company}` : ""} — reminder for {formatDay(a.follow_up_on)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ExportButton({ disabled }: { disabled: boolean }) {
  const save = useApplicationAction(() => call(commands.exportApplications()));
  return (
    <div className="applications-export">
      <ActionButton variant="secondary" busy={save.busy} disabled={disabled} onClick={() => void save.run(undefined)}>
        Export to a spreadsheet (CSV)
      </ActionButton>
      {save.data && !save.busy ? (
        <p className="status status-ok" role="status">
          Saved to <span className="applications-export-path">{save.data}</span>
        </p>
      ) : null}
      <ErrorBanner error={save.error} title="Could not export the applications:" />
    </div>
  );
}
