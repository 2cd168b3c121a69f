/**
 * "When" in words: "Every [day | weekday | chosen days] at [time]" or "Every [N] hours", in the
 * schedule's time zone, said back as a sentence; the cron expression it makes is the expert's
 * business ("Expert: cron expression", below it). See builder.ts for the mapping.
 */
import { Field, invalid } from "../../components/Field";
import { WEEK, MAX_HOURS, describeWhen, type When } from "./builder";

/** The "Repeat" choice: a kind of day, or every few hours. */
type Repeat = "everyDay" | "weekdays" | "chosen" | "hours";

const REPEATS: Array<{ value: Repeat; label: string }> = [
  { value: "everyDay", label: "Every day" },
  { value: "weekdays", label: "Every weekday (Monday to Friday)" },
  { value: "chosen", label: "On chosen days" },
  { value: "hours", label: "Every few hours" },
];

function repeatOf(when: When): Repeat {
  return when.mode === "hours" ? "hours" : when.days;
}

export function ScheduleBuilder({
  when,
  zone,
  error,
  onChange,
}: {
  when: When;
  zone: string;
  /** What is wrong with it (builder.ts `whenError`), shown once the user tried to save. */
  error?: string;
  onChange: (when: When) => void;
}) {
  const repeat = repeatOf(when);
  const setRepeat = (value: Repeat) =>
    onChange(value === "hours" ? { ...when, mode: "hours" } : { ...when, mode: "daily", days: value });
  const toggleDay = (day: number, on: boolean) =>
    onChange({ ...when, chosen: on ? [...when.chosen, day] : when.chosen.filter((d) => d !== day) });
  const words = describeWhen(when);
  const daysError = error?.startsWith("Days:") ? error : undefined;
  const timeError = error?.startsWith("Time:") ? error : undefined;
  const hoursError = error?.startsWith("Every how many hours:") ? error : undefined;

  return (
    <fieldset className="schedule-builder">
      <legend>When</legend>
      <Field id="when-repeat" label="Repeat">
        <select id="when-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as Repeat)}>
          {REPEATS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </Field>
      {repeat === "chosen" ? (
        <fieldset className="schedule-days" aria-describedby={daysError ? "when-days-error" : undefined}>
          <legend>Days</legend>
          {WEEK.map((w) => (
            <label key={w.day} className="schedule-day">
              <input
                type="checkbox"
                checked={when.chosen.includes(w.day)}
                aria-label={w.long}
                onChange={(e) => toggleDay(w.day, e.target.checked)}
              />
              <span aria-hidden="true">{w.short}</span>
            </label>
          ))}
          {daysError ? (
            <span className="field-error" id="when-days-error">
              {daysError}
            </span>
          ) : null}
        </fieldset>
      ) : null}
      {repeat === "hours" ? (
        <Field id="when-hours" label="Every how many hours" error={hoursError} hint={`1 to ${MAX_HOURS}.`}>
          <input
            id="when-hours"
            type="number"
            min={1}
            max={MAX_HOURS}
            step={1}
            value={when.hours}
            onChange={(e) => onChange({ ...when, hours: e.target.value })}
            {...invalid("when-hours", hoursError)}
          />
        </Field>
      ) : (
        <Field id="when-time" label="At" error={timeError} hint={`Times are in ${zone}.`}>
          <input
            id="when-time"
            type="time"
            value={when.time}
            onChange={(e) => onChange({ ...when, time: e.target.value })}
            {...invalid("when-time", timeError)}
          />
        </Field>
      )}
      <p className="schedule-words" data-testid="schedule-words" aria-live="polite">
        {words ? `${words}${when.mode === "daily" ? ` (${zone})` : ""}.` : "Finish the fields above."}
      </p>
    </fieldset>
  );
}
