import { useState, type FormEvent } from "react";
import { commands, type ChannelDto, type DeploymentDto, type RuleDto, type RuleInput } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ActionButton, Empty, ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { TimeZoneOptions, localTimeZone } from "../schedules/timezones";
import { Field, invalid } from "../../components/Field";

export const TRIGGERS: Array<{ value: string; label: string }> = [
  { value: "completed", label: "a run completed" },
  { value: "failed", label: "a run failed" },
  { value: "crashed", label: "a run crashed" },
  { value: "consecutive_failures", label: "N runs in a row failed" },
  { value: "high_match", label: "high-match jobs were found" },
  { value: "digest", label: "the digest is composed" },
];

type RuleForm = {
  trigger: string;
  n: string;
  channel: string;
  deploymentId: string;
  cooldown: string;
  quietHours: string;
  timezone: string;
};

type RuleErrors = Partial<Record<keyof RuleForm, string>>;

const HHMM = "([01]\\d|2[0-3]):[0-5]\\d";

export function validateRule(form: RuleForm): { input: RuleInput | null; errors: RuleErrors } {
  const errors: RuleErrors = {};
  let trigger = form.trigger;
  if (form.trigger === "consecutive_failures") {
    const n = form.n.trim();
    if (!/^\d+$/.test(n) || Number(n) < 1) errors.n = "N: a whole number, at least 1";
    trigger = `consecutive_failures:${n}`;
  }
  if (form.channel === "") errors.channel = "channel: pick a channel";
  const cooldown = form.cooldown.trim();
  if (cooldown !== "" && !/^\d+[smhd]$/.test(cooldown)) {
    errors.cooldown = "cooldown: a duration such as 90s, 30m, 6h or 1d (0s for none)";
  }
  const quiet = form.quietHours.trim();
  if (quiet !== "" && !new RegExp(`^${HHMM}-${HHMM}$`).test(quiet)) {
    errors.quietHours = "quietHours: HH:MM-HH:MM, e.g. 22:00-07:00";
  }
  if (quiet !== "" && form.timezone.trim() === "") errors.timezone = "timezone: required with quiet hours";
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      trigger,
      channel: form.channel,
      deploymentId: form.deploymentId === "" ? null : form.deploymentId,
      cooldown: cooldown === "" ? null : cooldown,
      quietHours: quiet === "" ? null : quiet,
      timezone: quiet === "" ? null : form.timezone.trim(),
    },
  };
}

function triggerLabel(trigger: string): string {
  const m = /^consecutive_failures:(\d+)$/.exec(trigger);
  if (m) return `${m[1]} runs in a row failed`;
  return TRIGGERS.find((t) => t.value === trigger)?.label ?? trigger;
}

/** Notification rules: when to notify which channel. */
export function Rules({ channels }: { channels: ChannelDto[] }) {
  const rules = useCommandQuery(queryKeys.settings.rules(), () => call(commands.listRules()));
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  const [adding, setAdding] = useState(false);
  const deploymentName = (id: string | null) =>
    id === null ? "any" : deployments.data?.find((d) => d.id === id)?.name ?? id;

  return (
    <section className="panel" aria-labelledby="rules-title">
      <div className="panel-header">
        <h2 id="rules-title">Notification rules</h2>
        {adding ? null : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add rule
          </button>
        )}
      </div>
      {rules.kind === "error" ? <ErrorBanner error={rules.error} title="Could not load the rules." /> : null}
      {deployments.kind === "error" ? <ErrorBanner error={deployments.error} title="Could not load the schedules." /> : null}
      {rules.kind === "loading" && !rules.data ? <Loading what="rules" /> : null}
      {rules.data && rules.data.length === 0 ? <Empty>No rules: nothing notifies you yet.</Empty> : null}
      {rules.data && rules.data.length > 0 ? (
        <table className="runs set-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Channel</th>
              <th scope="col">Schedule</th>
              <th scope="col">Cooldown</th>
              <th scope="col">Quiet hours</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <RuleRow key={r.id} rule={r} label={triggerLabel(r.trigger)} deployment={deploymentName(r.deploymentId)} onDeleted={() => void rules.reload()} />
            ))}
          </tbody>
        </table>
      ) : null}
      {adding ? (
        <RuleEditor
          channels={channels}
          deployments={deployments.data ?? []}
          onDone={(changed) => {
            setAdding(false);
            if (changed) void rules.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function RuleRow({ rule, label, deployment, onDeleted }: { rule: RuleDto; label: string; deployment: string; onDeleted: () => void }) {
  const remove = useCommandMutation([queryKeys.settings.rules()]);
  return (
    <tr data-testid={`rule-${rule.id}`}>
      <td>
        {label}
      </td>
      <td>{rule.channel}</td>
      <td>{deployment}</td>
      <td>{rule.cooldown ?? "—"}</td>
      <td>{rule.quietHours ? `${rule.quietHours} (${rule.timezone ?? "UTC"})` : "—"}</td>
      <td>
        <ConfirmDelete
          name={`rule ${rule.id}`}
          question={`Delete the rule “${label}” → ${rule.channel}?`}
          busy={remove.busy}
          onConfirm={async () => {
            const done = await remove.run(() => call(commands.deleteRule(rule.id)));
            if (done !== undefined) onDeleted();
          }}
        />
        <ErrorBanner error={remove.error} />
      </td>
    </tr>
  );
}

function RuleEditor({
  channels,
  deployments,
  onDone,
}: {
  channels: ChannelDto[];
  deployments: DeploymentDto[];
  onDone: (changed: boolean) => void;
}) {
  const [form, setForm] = useState<RuleForm>({
    trigger: "failed",
    n: "3",
    channel: channels[0]?.name ?? "",
    deploymentId: "",
    cooldown: "",
    quietHours: "",
    timezone: localTimeZone(),
  });
  const [errors, setErrors] = useState<RuleErrors>({});
  const save = useCommandMutation([queryKeys.settings.rules()]);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = validateRule(form);
    setErrors(found);
    if (!input) return;
    const saved = await save.run(() => call(commands.addRule(input)));
    if (saved) onDone(true);
  };

  return (
    <form className="settings-form set-subform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="rule-form-title">
      <h3 id="rule-form-title">New rule</h3>
      <div className="set-grid">
        <Field id="rule-trigger" label="When">
          <select id="rule-trigger" value={form.trigger} onChange={(e) => set("trigger", e.target.value)}>
            {TRIGGERS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        {form.trigger === "consecutive_failures" ? (
          <Field id="rule-n" label="N (failures in a row)" error={errors.n}>
            <input id="rule-n" inputMode="numeric" value={form.n} onChange={(e) => set("n", e.target.value)} {...invalid("rule-n", errors.n)} />
          </Field>
        ) : null}
        <Field id="rule-channel" label="Channel" error={errors.channel}>
          <select id="rule-channel" value={form.channel} onChange={(e) => set("channel", e.target.value)} {...invalid("rule-channel", errors.channel)}>
            <option value="">Pick a channel…</option>
            {channels.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.kind})
              </option>
            ))}
          </select>
        </Field>
        <Field id="rule-deployment" label="Only for the schedule">
          <select id="rule-deployment" value={form.deploymentId} onChange={(e) => set("deploymentId", e.target.value)}>
            <option value="">Any schedule (and anything started by hand)</option>
            {deployments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rule-cooldown" label="Cooldown" error={errors.cooldown} hint="Quiet period after a notification, e.g. 30m. Empty: none.">
          <input id="rule-cooldown" value={form.cooldown} placeholder="30m" onChange={(e) => set("cooldown", e.target.value)} {...invalid("rule-cooldown", errors.cooldown)} />
        </Field>
        <Field id="rule-quiet" label="Quiet hours" error={errors.quietHours} hint="Local times, e.g. 22:00-07:00; notifications then are skipped.">
          <input id="rule-quiet" value={form.quietHours} placeholder="22:00-07:00" onChange={(e) => set("quietHours", e.target.value)} {...invalid("rule-quiet", errors.quietHours)} />
        </Field>
        <Field id="rule-timezone" label="Quiet hours time zone" error={errors.timezone}>
          <input id="rule-timezone" list="rule-timezones" value={form.timezone} onChange={(e) => set("timezone", e.target.value)} {...invalid("rule-timezone", errors.timezone)} />
          <TimeZoneOptions id="rule-timezones" />
        </Field>
      </div>
      <ErrorBanner error={save.error} title="Could not add the rule:" />
      <div className="set-actions">
        <ActionButton type="submit" busy={save.busy}>
          Add rule
        </ActionButton>
        <ActionButton variant="secondary" onClick={() => onDone(false)} disabled={save.busy}>
          Cancel
        </ActionButton>
      </div>
    </form>
  );
}
