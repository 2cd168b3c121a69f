/**
 * "I applied": the user applied themselves (on the company's site, a job board, through a
 * referral…). They give the day (today unless they say otherwise), how, and a note; the
 * application is created if need be and a follow-up reminder set a week after that day.
 */
import { useId, useState, type FormEvent } from "react";
import { commands, type AppliedVia } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { Field } from "../../components/Field";
import { call } from "../../lib/command";
import { APPLIED_VIA, localToday } from "../applications/tracking";
import { useApplicationAction } from "../applications/useApplicationAction";

export function AppliedForm({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const id = useId();
  const [date, setDate] = useState(localToday());
  const [via, setVia] = useState<AppliedVia>("company_website");
  const [note, setNote] = useState("");
  const applied = useApplicationAction(() =>
    call(commands.markApplied(jobId, date === "" ? null : date, via, note.trim() === "" ? null : note.trim())),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await applied.run(undefined)) !== undefined) onDone();
  };

  return (
    <form className="apply-actions-form" onSubmit={(e) => void submit(e)} aria-label="I applied">
      <Field id={`${id}-date`} label="When did you apply?">
        <input id={`${id}-date`} type="date" value={date} max={localToday()} required onChange={(e) => setDate(e.target.value)} />
      </Field>
      <Field id={`${id}-via`} label="How?">
        <select id={`${id}-via`} value={via} onChange={(e) => setVia(e.target.value as AppliedVia)}>
          {APPLIED_VIA.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-note`} label="Note (optional)">
        <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <p className="form-hint">You will be reminded to follow up a week later; you can change that in Applications.</p>
      <div className="apply-actions-buttons">
        <ActionButton type="submit" busy={applied.busy}>
          Save “I applied”
        </ActionButton>
        <ActionButton variant="secondary" onClick={onDone} disabled={applied.busy}>
          Cancel
        </ActionButton>
      </div>
      <ErrorBanner error={applied.error} title="Could not record that you applied:" />
    </form>
  );
}
