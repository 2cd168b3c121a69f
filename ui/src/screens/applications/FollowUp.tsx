/**
 * A card's follow-up reminder: the day (set a week after applying), shown as due once it has
 * come, and changed or removed here. The app shows a desktop notification on that day.
 */
import { useId, useState, type FormEvent } from "react";
import { commands, type ApplicationView } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { formatDay, isFollowUpDue, localToday } from "./tracking";
import { useApplicationAction } from "./useApplicationAction";

export function FollowUp({ app, title }: { app: ApplicationView; title: string }) {
  const id = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useApplicationAction((date: string | null) => call(commands.setFollowUp(app.id, date)));
  const due = isFollowUpDue(app, localToday());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (editing === null) return;
    if ((await save.run(editing === "" ? null : editing)) !== undefined) setEditing(null);
  };
  const clear = async () => {
    if ((await save.run(null)) !== undefined) setEditing(null);
  };

  if (editing !== null) {
    return (
      <form className="app-card-follow-up-form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-date`}>Follow up on</label>
        <input id={`${id}-date`} type="date" value={editing} autoFocus onChange={(e) => setEditing(e.target.value)} />
        <div className="app-card-buttons">
          <ActionButton type="submit" busy={save.busy} disabled={editing === ""}>
            Save reminder
          </ActionButton>
          {app.follow_up_on ? (
            <ActionButton variant="secondary" disabled={save.busy} onClick={() => void clear()}>
              No reminder
            </ActionButton>
          ) : null}
          <ActionButton variant="secondary" disabled={save.busy} onClick={() => setEditing(null)}>
            Cancel
          </ActionButton>
        </div>
        <ErrorBanner error={save.error} title={`Could not change the reminder of “${title}”:`} />
      </form>
    );
  }
  return (
    <div className="app-card-follow-up">
      {app.follow_up_on ? (
        due ? (
          <span className="app-card-due" data-testid="follow-up-due">
            Follow up now (since {formatDay(app.follow_up_on)})
          </span>
        ) : (
          <span>Follow up on {formatDay(app.follow_up_on)}</span>
        )
      ) : null}
      <button
        type="button"
        className="link-button"
        aria-label={`${app.follow_up_on ? "Change the reminder" : "Add a reminder"} for ${title}`}
        onClick={() => setEditing(app.follow_up_on ?? localToday())}
      >
        {app.follow_up_on ? "Change" : "Add a reminder"}
      </button>
      <ErrorBanner error={save.error} title={`Could not change the reminder of “${title}”:`} />
    </div>
  );
}
