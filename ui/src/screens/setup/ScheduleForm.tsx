/** The time of day, weekdays only or not, the extra 6-hour look; said back in words, then saved. */
import { useState, type FormEvent } from "react";
import { commands } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { DEFAULT_TIME, describeSchedule, isTime, userTimeZone } from "./schedule";

export function ScheduleForm({
  initial,
  disabled,
  disabledReason,
  onSaved,
}: {
  initial: { time: string; weekdaysOnly: boolean } | null;
  disabled: boolean;
  /** The id of the text that says why the form is disabled. */
  disabledReason?: string;
  onSaved: () => void;
}) {
  const [time, setTime] = useState(initial?.time ?? DEFAULT_TIME);
  const [weekdaysOnly, setWeekdaysOnly] = useState(initial?.weekdaysOnly ?? false);
  const [every6h, setEvery6h] = useState(false);
  const [timeError, setTimeError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const save = useCommandMutation([queryKeys.setup.all, queryKeys.deployments.all]);
  const zone = userTimeZone();

  const edit = (apply: () => void) => {
    apply();
    setSaved(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isTime(time)) {
      setTimeError("Enter a time such as 09:00.");
      return;
    }
    setTimeError(undefined);
    const result = await save.run(() =>
      call(commands.saveHuntSchedule({ time, weekdaysOnly, timezone: zone, scrapeEverySixHours: every6h })),
    );
    if (result) {
      setSaved(true);
    }
  };

  return (
    <form className="setup-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby={disabledReason}>
      <fieldset className="setup-fieldset" disabled={disabled}>
        <legend>Daily hunt</legend>
        <Field id="setup-time" label="Time of day" error={timeError} hint={`Times are in ${zone}.`}>
          <input
            id="setup-time"
            type="time"
            value={time}
            {...invalid("setup-time", timeError)}
            onChange={(e) => edit(() => setTime(e.target.value))}
          />
        </Field>
        <Field id="setup-weekdays" label="Weekdays only" inline>
          <input
            id="setup-weekdays"
            type="checkbox"
            checked={weekdaysOnly}
            onChange={(e) => edit(() => setWeekdaysOnly(e.target.checked))}
          />
        </Field>
        <Field id="setup-every6h" label="Also look for new jobs every 6 hours" inline>
          <input
            id="setup-every6h"
            type="checkbox"
            checked={every6h}
            onChange={(e) => edit(() => setEvery6h(e.target.checked))}
          />
        </Field>
        <p className="setup-schedule-words" data-testid="schedule-words">
          {isTime(time) ? describeSchedule(time, weekdaysOnly, every6h) : "Enter a time of day."}
        </p>
      </fieldset>
      <ErrorBanner error={save.error} title="Could not save when to hunt:" />
      {saved ? (
        <p className="status status-ok" role="status">
          Saved: the daily hunt is on.
        </p>
      ) : null}
      <div className="setup-actions">
        <ActionButton type="submit" busy={save.busy} disabled={disabled}>
          Save
        </ActionButton>
        {saved ? (
          <ActionButton variant="secondary" onClick={onSaved}>
            Next: run your first hunt
          </ActionButton>
        ) : null}
      </div>
    </form>
  );
}
