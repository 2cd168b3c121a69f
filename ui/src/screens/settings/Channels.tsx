import { useState, type FormEvent } from "react";
import { commands, type ChannelDto, type DeliveryDto } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ActionButton, Empty, ErrorBanner, Loading } from "../../components/ui";
import { call, type Loaded } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { EMPTY_CHANNEL, describeChannel, validateChannel, type ChannelErrors, type ChannelForm } from "./channelForm";
import { Field, invalid } from "../../components/Field";

type LoadedChannels = Loaded<ChannelDto[]> & { reload: () => Promise<void> };

/**
 * Notification channels: list, add, delete and "Send test". (The backend adds channels but
 * does not edit them: to change one, delete it and add it again.)
 */
export function Channels({ channels }: { channels: LoadedChannels }) {
  const [adding, setAdding] = useState(false);

  return (
    <section className="panel" aria-labelledby="channels-title">
      <div className="panel-header">
        <h2 id="channels-title">Notification channels</h2>
        {adding ? null : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add channel
          </button>
        )}
      </div>
      {channels.kind === "error" ? <ErrorBanner error={channels.error} title="Could not load the channels." /> : null}
      {channels.kind === "loading" && !channels.data ? <Loading what="channels" /> : null}
      {channels.data && channels.data.length === 0 ? <Empty>No channels.</Empty> : null}
      {channels.data && channels.data.length > 0 ? (
        <table className="runs set-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Where</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => (
              <ChannelRow key={c.name} channel={c} onDeleted={() => void channels.reload()} />
            ))}
          </tbody>
        </table>
      ) : null}
      {adding ? (
        <ChannelEditor
          taken={channels.data?.map((c) => c.name) ?? []}
          onDone={(changed) => {
            setAdding(false);
            if (changed) void channels.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function DeliveryStatus({ delivery }: { delivery: DeliveryDto }) {
  const cls = delivery.status === "sent" ? "completed" : delivery.status === "failed" ? "failed" : "skipped";
  return (
    <div className="set-delivery" role="status" data-testid={`delivery-${delivery.channel}`}>
      <span className={`state state-${cls}`}>{delivery.status}</span>
      {delivery.error ? <span className="set-delivery-error"> {delivery.error}</span> : null}
    </div>
  );
}

function ChannelRow({ channel: c, onDeleted }: { channel: ChannelDto; onDeleted: () => void }) {
  const test = useCommandMutation([queryKeys.settings.channels(), queryKeys.settings.rules()]);
  const remove = useCommandMutation([queryKeys.settings.channels(), queryKeys.settings.rules()]);
  const [delivery, setDelivery] = useState<DeliveryDto | null>(null);
  const builtIn = c.kind === "desktop";

  return (
    <tr data-testid={`channel-${c.name}`}>
      <td>
        <span className="flow-name">{c.name}</span>
      </td>
      <td>{c.kind}</td>
      <td>
        {describeChannel(c)}
        {c.kind === "email" && c.hasPassword ? <div className="form-hint">password stored (OS keyring)</div> : null}
      </td>
      <td>
        <div className="set-actions">
          <ActionButton
            variant="secondary"
            busy={test.busy}
            aria-label={`Send test to ${c.name}`}
            onClick={async () => {
              setDelivery(null);
              const d = await test.run(() => call(commands.testChannel(c.name)));
              if (d) setDelivery(d);
            }}
          >
            Send test
          </ActionButton>
          {builtIn ? null : (
            <ConfirmDelete
              name={c.name}
              question={`Delete “${c.name}” and the rules that use it?`}
              busy={remove.busy}
              onConfirm={async () => {
                const done = await remove.run(() => call(commands.deleteChannel(c.name)));
                if (done !== undefined) onDeleted();
              }}
            />
          )}
        </div>
        {delivery ? <DeliveryStatus delivery={delivery} /> : null}
        <ErrorBanner error={test.error ?? remove.error} />
      </td>
    </tr>
  );
}

function ChannelEditor({ taken, onDone }: { taken: string[]; onDone: (changed: boolean) => void }) {
  const [form, setForm] = useState<ChannelForm>({ ...EMPTY_CHANNEL });
  const [errors, setErrors] = useState<ChannelErrors>({});
  const save = useCommandMutation([queryKeys.settings.channels(), queryKeys.settings.rules()]);
  const set = <K extends keyof ChannelForm>(key: K, value: ChannelForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = validateChannel(form);
    if (input && taken.includes(input.name)) found.name = `name: a channel '${input.name}' exists already`;
    setErrors(found);
    if (!input || found.name) return;
    const result = await save.run(() => call(commands.saveChannel(input)));
    if (result) onDone(true);
  };

  return (
    <form className="settings-form set-subform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="channel-form-title">
      <h3 id="channel-form-title">New channel</h3>
      <div className="set-grid">
        <Field id="ch-name" label="Name" error={errors.name}>
          <input id="ch-name" value={form.name} onChange={(e) => set("name", e.target.value)} {...invalid("ch-name", errors.name)} />
        </Field>
        <Field id="ch-kind" label="Kind" hint="Desktop notifications are built in.">
          <select id="ch-kind" value={form.kind} onChange={(e) => set("kind", e.target.value as ChannelForm["kind"])}>
            <option value="email">email</option>
            <option value="webhook">webhook</option>
          </select>
        </Field>
      </div>
      {form.kind === "email" ? (
        <div className="set-grid">
          <Field id="ch-host" label="SMTP host" error={errors.host}>
            <input id="ch-host" value={form.host} onChange={(e) => set("host", e.target.value)} {...invalid("ch-host", errors.host)} />
          </Field>
          <Field id="ch-port" label="Port" error={errors.port}>
            <input id="ch-port" inputMode="numeric" value={form.port} onChange={(e) => set("port", e.target.value)} {...invalid("ch-port", errors.port)} />
          </Field>
          <Field id="ch-tls" label="Encryption">
            <select id="ch-tls" value={form.tls} onChange={(e) => set("tls", e.target.value as ChannelForm["tls"])}>
              <option value="starttls">STARTTLS (usually port 587)</option>
              <option value="tls">TLS (usually port 465)</option>
              <option value="none">none (a local relay only)</option>
            </select>
          </Field>
          <Field id="ch-username" label="Username">
            <input id="ch-username" autoComplete="off" value={form.username} onChange={(e) => set("username", e.target.value)} />
          </Field>
          <Field
            id="ch-password"
            label="Password"
            error={errors.password}
            hint="Sent only when you type one, with a username; the app keeps it in the OS keyring, never in the database."
          >
            <input id="ch-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => set("password", e.target.value)} {...invalid("ch-password", errors.password)} />
          </Field>
          <Field id="ch-from" label="From" error={errors.from} hint="Optional; defaults to the username when it is an address.">
            <input id="ch-from" value={form.from} onChange={(e) => set("from", e.target.value)} {...invalid("ch-from", errors.from)} />
          </Field>
          <Field id="ch-to" label="To" error={errors.to} hint="The address notifications go to.">
            <input id="ch-to" value={form.to} onChange={(e) => set("to", e.target.value)} {...invalid("ch-to", errors.to)} />
          </Field>
        </div>
      ) : (
        <Field id="ch-url" label="Webhook URL" error={errors.url} hint="Receives one JSON POST per notification (a Slack incoming-webhook URL works).">
          <input id="ch-url" type="url" value={form.url} onChange={(e) => set("url", e.target.value)} {...invalid("ch-url", errors.url)} />
        </Field>
      )}
      <ErrorBanner error={save.error} title="Could not add the channel:" />
      <div className="set-actions">
        <ActionButton type="submit" busy={save.busy}>
          Add channel
        </ActionButton>
        <ActionButton variant="secondary" onClick={() => onDone(false)} disabled={save.busy}>
          Cancel
        </ActionButton>
      </div>
    </form>
  );
}
