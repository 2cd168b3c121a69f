/** A card's own notes: several, dated, added, rewritten and deleted by the user. */
import { useId, useState, type FormEvent } from "react";
import { commands, type ApplicationNote, type ApplicationView } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useApplicationAction } from "./useApplicationAction";

export function Notes({ app, title }: { app: ApplicationView; title: string }) {
  const id = useId();
  const [text, setText] = useState("");
  const add = useApplicationAction((body: string) => call(commands.addApplicationNote(app.id, body)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await add.run(text)) !== undefined) setText("");
  };
  return (
    <section className="app-card-section" aria-label={`Notes on ${title}`}>
      <h4>Notes</h4>
      {app.notes.length === 0 ? <p className="status">No notes yet.</p> : null}
      <ul className="app-notes">
        {app.notes.map((note) => (
          <NoteItem key={note.id} note={note} />
        ))}
      </ul>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-new`}>New note</label>
        <textarea id={`${id}-new`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <ActionButton type="submit" busy={add.busy} disabled={text.trim() === ""}>
          Add note
        </ActionButton>
        <ErrorBanner error={add.error} title="Could not add the note:" />
      </form>
    </section>
  );
}

function NoteItem({ note }: { note: ApplicationNote }) {
  const id = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useApplicationAction((body: string) => call(commands.updateApplicationNote(note.id, body)));
  const remove = useApplicationAction(() => call(commands.deleteApplicationNote(note.id)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (editing !== null && (await save.run(editing)) !== undefined) setEditing(null);
  };
  const when = formatTimestamp(note.created_at);
  return (
    <li className="app-note">
      <time dateTime={note.created_at}>{when}</time>
      {editing === null ? (
        <>
          <div className="app-note-body">{note.body}</div>
          <div className="app-card-buttons">
            <button type="button" className="link-button" aria-label={`Edit the note of ${when}`} onClick={() => setEditing(note.body)}>
              Edit
            </button>
            <ConfirmDelete name={`the note of ${when}`} busy={remove.busy} onConfirm={() => remove.run(undefined)} />
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-edit`} className="sr-only">
            Note
          </label>
          <textarea id={`${id}-edit`} rows={3} value={editing} autoFocus onChange={(e) => setEditing(e.target.value)} />
          <div className="app-card-buttons">
            <ActionButton type="submit" busy={save.busy} disabled={editing.trim() === ""}>
              Save note
            </ActionButton>
            <ActionButton variant="secondary" disabled={save.busy} onClick={() => setEditing(null)}>
              Cancel
            </ActionButton>
          </div>
        </form>
      )}
      <ErrorBanner error={save.error ?? remove.error} title="Could not change the note:" />
    </li>
  );
}
