/**
 * The schedule editor's "When": the builder in words, or (for experts) the cron expression or
 * interval, with the preview in words and the next runs in the schedule's zone either way.
 * Turning the expert field off reads its expression back into the builder when it fits.
 */
import { Field, invalid } from "../../components/Field";
import { ScheduleBuilder } from "./ScheduleBuilder";
import { whenOfText } from "./builder";
import { scheduleText, type DeploymentForm, type FormErrors } from "./form";
import { TimeZoneOptions, formatInZone } from "./timezones";
import { useSchedulePreview } from "./useSchedulePreview";

export function WhenSection({
  form,
  errors,
  serverError,
  onChange,
}: {
  form: DeploymentForm;
  errors: FormErrors;
  /** The save's error when it names `schedule`. */
  serverError: (field: string) => string | undefined;
  onChange: (patch: Partial<DeploymentForm>) => void;
}) {
  const preview = useSchedulePreview(scheduleText(form), form.timezone, 5);
  // The preview names the zone `tz` and the expression `cron_or_interval`.
  const previewError = preview.kind === "error" ? preview.message : undefined;
  const zoneError = previewError?.startsWith("tz:") ? previewError : undefined;
  const scheduleError = previewError && !zoneError ? previewError : undefined;

  const setExpert = (expert: boolean) => {
    if (expert) {
      onChange({ expert, schedule: scheduleText(form) || form.schedule });
      return;
    }
    const when = whenOfText(form.schedule);
    onChange(when ? { expert, when } : { expert });
  };

  return (
    <div className="when-section">
      {form.expert ? null : (
        <ScheduleBuilder
          when={form.when}
          zone={form.timezone}
          error={errors.when}
          onChange={(when) => onChange({ when })}
        />
      )}
      <div className="form-field form-field-inline">
        <input
          id="dep-expert"
          type="checkbox"
          checked={form.expert}
          aria-controls="dep-schedule"
          onChange={(e) => setExpert(e.target.checked)}
        />
        <label htmlFor="dep-expert">Expert: cron expression</label>
      </div>
      {form.expert ? (
        <Field
          id="dep-schedule"
          label="Cron expression or interval"
          error={errors.schedule ?? scheduleError}
          hint="Minute hour day month weekday (e.g. 0 9 * * 1-5), or an interval (15m, 6h, 1d)."
        >
          <input
            id="dep-schedule"
            value={form.schedule}
            spellCheck={false}
            onChange={(e) => onChange({ schedule: e.target.value })}
            {...invalid("dep-schedule", errors.schedule ?? scheduleError ?? serverError("schedule"))}
          />
        </Field>
      ) : scheduleError ? (
        <p className="field-error" role="alert">
          {scheduleError}
        </p>
      ) : null}
      <Field
        id="dep-timezone"
        label="Time zone"
        error={errors.timezone ?? zoneError}
        hint="Times are read in this zone (yours by default)."
      >
        <input
          id="dep-timezone"
          list="dep-timezones"
          value={form.timezone}
          onChange={(e) => onChange({ timezone: e.target.value })}
          {...invalid("dep-timezone", errors.timezone ?? zoneError ?? serverError("timezone"))}
        />
        <TimeZoneOptions id="dep-timezones" />
      </Field>
      <SchedulePreviewBox state={preview} tz={form.timezone} />
    </div>
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
