import { useMemo, useState, type FormEvent } from "react";
import { commands, type DeploymentDto, type FlowInfo } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call, useAction, useLoad } from "../../lib/command";
import { Link, navigate } from "../../lib/router";
import {
  CATCHUP_OPTIONS,
  OVERLAP_OPTIONS,
  emptyForm,
  formFromDeployment,
  parametersError,
  validate,
  type DeploymentForm,
  type FormErrors,
} from "./form";
import { TimeZoneOptions, formatInZone, localTimeZone } from "./timezones";
import { useSchedulePreview } from "./useSchedulePreview";

/** #/schedules/new and #/schedules/<id>: loads what the form needs, then shows it. */
export function DeploymentEditor({ id }: { id: string | null }) {
  const loaded = useLoad(async () => {
    const [flows, deployments] = await Promise.all([
      call(commands.listFlows()),
      id === null ? Promise.resolve([] as DeploymentDto[]) : call(commands.listDeployments()),
    ]);
    const existing = id === null ? null : deployments.find((d) => d.id === id || d.name === id) ?? null;
    return { flows, existing };
  }, [id]);

  const title = id === null ? "New deployment" : "Edit deployment";
  return (
    <section className="panel schedules" aria-labelledby="deployment-form-title">
      <div className="panel-header">
        <h2 id="deployment-form-title">{title}</h2>
        <Link to="/schedules">← All schedules</Link>
      </div>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the form." /> : null}
      {loaded.kind === "loading" && !loaded.data ? <Loading what="flows" /> : null}
      {loaded.data ? (
        id !== null && loaded.data.existing === null ? (
          <div className="status status-error" role="alert">
            Deployment “{id}” not found.
          </div>
        ) : (
          <EditorForm key={loaded.data.existing?.id ?? "new"} flows={loaded.data.flows} existing={loaded.data.existing} />
        )
      ) : null}
    </section>
  );
}

function EditorForm({ flows, existing }: { flows: FlowInfo[]; existing: DeploymentDto | null }) {
  const [form, setForm] = useState<DeploymentForm>(() =>
    existing ? formFromDeployment(existing) : emptyForm(localTimeZone()),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useAction();
  const preview = useSchedulePreview(form.schedule, form.timezone, 5);
  const liveParamsError = useMemo(() => parametersError(form.parameters), [form.parameters]);

  const set = <K extends keyof DeploymentForm>(key: K, value: DeploymentForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = validate(form);
    setErrors(found);
    if (!input) return;
    const saved = await save.run(() =>
      call(existing ? commands.updateDeployment(existing.id, input) : commands.createDeployment(input)),
    );
    if (saved) navigate("/schedules");
  };

  const flow = flows.find((f) => f.name === form.flowName);
  // The preview names the zone `tz` and the expression `cron_or_interval`.
  const previewError = preview.kind === "error" ? preview.message : undefined;
  const zoneError = previewError?.startsWith("tz:") ? previewError : undefined;
  const scheduleError = previewError && !zoneError ? previewError : undefined;
  // A refused save names the field (`schedule: ...`): mark that field too.
  const serverError = (field: string) =>
    save.error?.message.startsWith(`${field}:`) ? save.error.message : undefined;
  const paramsError = errors.parameters ?? liveParamsError;
  const catchupHelp = CATCHUP_OPTIONS.find((o) => o.value === form.catchup)?.help;
  const overlapHelp = OVERLAP_OPTIONS.find((o) => o.value === form.overlap)?.help;

  return (
    <form className="deployment-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="dep-name" label="Name" error={errors.name}>
        <input
          id="dep-name"
          value={form.name}
          onChange={(e) => set("name", e.target.value)}
          {...invalid("dep-name", errors.name ?? serverError("name"))}
        />
      </Field>

      <Field
        id="dep-flow"
        label="Flow"
        error={errors.flowName}
        hint={existing ? `A deployment keeps its flow. ${flow?.description ?? ""}` : flow?.description}
      >
        <select
          id="dep-flow"
          value={form.flowName}
          disabled={existing !== null}
          onChange={(e) => set("flowName", e.target.value)}
          {...invalid("dep-flow", errors.flowName ?? serverError("flowName"))}
        >
          <option value="">Pick a flow…</option>
          {flows.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </Field>

      <Field
        id="dep-parameters"
        label="Parameters (JSON object)"
        error={paramsError ?? undefined}
        hint="Empty or {} for the flow's defaults."
      >
        <textarea
          id="dep-parameters"
          rows={6}
          spellCheck={false}
          value={form.parameters}
          onChange={(e) => set("parameters", e.target.value)}
          {...invalid("dep-parameters", paramsError ?? serverError("parametersJson"))}
        />
      </Field>

      <Field
        id="dep-schedule"
        label="Schedule"
        error={errors.schedule ?? scheduleError}
        hint="A cron expression (minute hour day month weekday, e.g. 0 9 * * 1-5) or an interval (15m, 6h, 1d)."
      >
        <input
          id="dep-schedule"
          value={form.schedule}
          spellCheck={false}
          onChange={(e) => set("schedule", e.target.value)}
          {...invalid("dep-schedule", errors.schedule ?? scheduleError ?? serverError("schedule"))}
        />
      </Field>
      <SchedulePreviewBox state={preview} tz={form.timezone} />

      <Field id="dep-timezone" label="Time zone" error={errors.timezone ?? zoneError} hint="An IANA zone; cron times are read in it.">
        <input
          id="dep-timezone"
          list="dep-timezones"
          value={form.timezone}
          onChange={(e) => set("timezone", e.target.value)}
          {...invalid("dep-timezone", errors.timezone ?? zoneError ?? serverError("timezone"))}
        />
        <TimeZoneOptions id="dep-timezones" />
      </Field>

      <Field id="dep-catchup" label="Missed runs (catch-up)" hint={catchupHelp}>
        <select id="dep-catchup" value={form.catchup} onChange={(e) => set("catchup", e.target.value as DeploymentForm["catchup"])}>
          {CATCHUP_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>

      <Field id="dep-overlap" label="When the previous run is still going (overlap)" hint={overlapHelp}>
        <select id="dep-overlap" value={form.overlap} onChange={(e) => set("overlap", e.target.value as DeploymentForm["overlap"])}>
          {OVERLAP_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>

      <div className="form-field form-field-inline">
        <input id="dep-paused" type="checkbox" checked={form.paused} onChange={(e) => set("paused", e.target.checked)} />
        <label htmlFor="dep-paused">Paused (saved, but does not run on its schedule)</label>
      </div>

      {existing && existing.schedules.length > 1 ? (
        <p className="status">
          This deployment has {existing.schedules.length} schedules; saving keeps only the one above.
        </p>
      ) : null}

      <ErrorBanner error={save.error} title="Could not save the deployment:" />
      <div className="dep-buttons">
        <ActionButton type="submit" busy={save.busy}>
          {existing ? "Save changes" : "Create deployment"}
        </ActionButton>
        <Link to="/schedules" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}



function SchedulePreviewBox({ state, tz }: { state: ReturnType<typeof useSchedulePreview>; tz: string }) {
  const shown = state.kind === "ready" ? state.preview : state.kind === "loading" ? state.last : null;
  if (state.kind === "error" || state.kind === "idle") return null;
  return (
    <div className="schedule-preview" data-testid="schedule-preview" aria-live="polite" aria-busy={state.kind === "loading" || undefined}>
      {shown ? (
        <>
          <div className="schedule-preview-words">{shown.description}</div>
          <div className="form-hint">Next runs ({tz}):</div>
          <ol className="schedule-preview-runs">
            {shown.nextRuns.map((t) => (
              <li key={t}>
                <time dateTime={t}>{formatInZone(t, tz)}</time>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <span className="form-hint">Working out the next runs…</span>
      )}
    </div>
  );
}
