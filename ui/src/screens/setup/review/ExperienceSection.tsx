/** The review's Experience: each position with an Include checkbox; inputs while editing. */
import { Field } from "../../../components/Field";
import { emptyWork, type WorkEntry } from "./draft";
import { EntryFields, dateRange } from "./EntryFields";
import { Highlights } from "./Highlights";

const FIELDS = [
  { key: "name", label: "Employer" },
  { key: "position", label: "Position" },
  { key: "startDate", label: "Start", hint: "e.g. 2019-03" },
  { key: "endDate", label: "End", hint: "Leave empty if you still work there." },
] as const;

export function ExperienceSection({
  work,
  editing,
  onChange,
}: {
  work: WorkEntry[];
  editing: boolean;
  onChange: (work: WorkEntry[]) => void;
}) {
  const update = (i: number, entry: WorkEntry) => onChange(work.map((w, j) => (j === i ? entry : w)));
  return (
    <>
      {work.length === 0 ? <p className="status">No positions{editing ? " yet" : " found"}.</p> : null}
      <ol className="cv-review-entries">
        {work.map((w, i) => {
          const prefix = `cv-work-${i}`;
          const title = [w.position, w.name].filter(Boolean).join(" at ") || "(no title)";
          return (
            <li key={i}>
              <fieldset className="cv-review-entry" aria-describedby={`${prefix}-title`}>
                <legend>Position {i + 1}</legend>
                <p className="cv-review-entry-title" id={`${prefix}-title`}>
                  <strong>{title}</strong>
                  {dateRange(w.startDate, w.endDate) ? ` · ${dateRange(w.startDate, w.endDate)}` : ""}
                </p>
                <Field id={`${prefix}-include`} label="Include" inline>
                  <input
                    id={`${prefix}-include`}
                    type="checkbox"
                    checked={w.include}
                    onChange={(e) => update(i, { ...w, include: e.target.checked })}
                  />
                </Field>
                {editing ? (
                  <EntryFields
                    prefix={prefix}
                    fields={FIELDS}
                    values={w}
                    onChange={(key, value) => update(i, { ...w, [key]: value })}
                  />
                ) : null}
                <Highlights items={w.highlights} label={`Highlights of position ${i + 1}`} />
              </fieldset>
            </li>
          );
        })}
      </ol>
      {editing ? (
        <div>
          <button type="button" className="button button-secondary" onClick={() => onChange([...work, emptyWork()])}>
            Add a position
          </button>
        </div>
      ) : null}
    </>
  );
}
