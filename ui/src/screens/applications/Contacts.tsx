/** A card's contacts: people met along the way (name, role, email or phone, a note). */
import { useId, useState, type FormEvent } from "react";
import { commands, type ApplicationContact, type ApplicationView, type ContactInput } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Field } from "../../components/Field";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { useApplicationAction } from "./useApplicationAction";

const EMPTY: Required<ContactInput> = { name: "", role: "", email: "", phone: "", note: "" };

/** The form's text, blanks as null. */
function input(form: Required<ContactInput>): ContactInput {
  const orNull = (s: string | null) => (s && s.trim() !== "" ? s.trim() : null);
  return { name: form.name.trim(), role: orNull(form.role), email: orNull(form.email), phone: orNull(form.phone), note: orNull(form.note) };
}

export function Contacts({ app, title }: { app: ApplicationView; title: string }) {
  const [adding, setAdding] = useState(false);
  const add = useApplicationAction((c: ContactInput) => call(commands.addApplicationContact(app.id, c)));
  return (
    <section className="app-card-section" aria-label={`Contacts for ${title}`}>
      <h4>Contacts</h4>
      {app.contacts.length === 0 ? <p className="status">No contacts yet.</p> : null}
      <ul className="app-contacts">
        {app.contacts.map((c) => (
          <ContactItem key={c.id} contact={c} />
        ))}
      </ul>
      {adding ? (
        <ContactForm
          initial={EMPTY}
          submitLabel="Add contact"
          busy={add.busy}
          onSubmit={async (c) => {
            if ((await add.run(c)) !== undefined) setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <ActionButton variant="secondary" onClick={() => setAdding(true)}>
          Add a contact
        </ActionButton>
      )}
      <ErrorBanner error={add.error} title="Could not add the contact:" />
    </section>
  );
}

function ContactItem({ contact }: { contact: ApplicationContact }) {
  const [editing, setEditing] = useState(false);
  const save = useApplicationAction((c: ContactInput) => call(commands.updateApplicationContact(contact.id, c)));
  const remove = useApplicationAction(() => call(commands.deleteApplicationContact(contact.id)));
  if (editing) {
    return (
      <li className="app-contact">
        <ContactForm
          initial={{ name: contact.name, role: contact.role ?? "", email: contact.email ?? "", phone: contact.phone ?? "", note: contact.note ?? "" }}
          submitLabel="Save contact"
          busy={save.busy}
          onSubmit={async (c) => {
            if ((await save.run(c)) !== undefined) setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
        <ErrorBanner error={save.error} title="Could not change the contact:" />
      </li>
    );
  }
  return (
    <li className="app-contact">
      <strong>{contact.name}</strong>
      {contact.role ? <> — {contact.role}</> : null}
      {contact.email ? <div>{contact.email}</div> : null}
      {contact.phone ? <div>{contact.phone}</div> : null}
      {contact.note ? <div className="app-note-body">{contact.note}</div> : null}
      <div className="app-card-buttons">
        <button type="button" className="link-button" aria-label={`Edit ${contact.name}`} onClick={() => setEditing(true)}>
          Edit
        </button>
        <ConfirmDelete name={contact.name} busy={remove.busy} onConfirm={() => remove.run(undefined)} />
      </div>
      <ErrorBanner error={remove.error} title="Could not delete the contact:" />
    </li>
  );
}

function ContactForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Required<ContactInput>;
  submitLabel: string;
  busy: boolean;
  onSubmit: (c: ContactInput) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [form, setForm] = useState(initial);
  const field = (key: keyof ContactInput, label: string, type = "text") => (
    <Field id={`${id}-${key}`} label={label}>
      <input
        id={`${id}-${key}`}
        type={type}
        value={form[key] ?? ""}
        required={key === "name"}
        onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
      />
    </Field>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit(input(form));
  };
  return (
    <form className="app-contact-form" onSubmit={submit}>
      {field("name", "Name")}
      {field("role", "Role (optional)")}
      {field("email", "Email (optional)", "email")}
      {field("phone", "Phone (optional)", "tel")}
      {field("note", "Note (optional)")}
      <div className="app-card-buttons">
        <ActionButton type="submit" busy={busy} disabled={form.name.trim() === ""}>
          {submitLabel}
        </ActionButton>
        <ActionButton variant="secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </ActionButton>
      </div>
    </form>
  );
}
