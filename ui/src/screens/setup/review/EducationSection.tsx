/** The review's Education: each entry with an Include checkbox; inputs while editing. */
import { Field } from "../../../components/Field";
import { emptyEducation, type EducationEntry } from "./draft";
import { EntryFields, dateRange } from "./EntryFields";

const FIELDS = [
  { key: "institution", label: "School or university" },
  { key: "studyType", label: "Degree", hint: "e.g. Bachelor, Master" },
  { key: "area", label: "Subject" },
  { key: "startDate", label: "Start" },
  { key: "endDate", label: "End" },
] as const;

export function EducationSection({
  education,
  editing,
  onChange,
}: {
  education: EducationEntry[];
  editing: boolean;
  onChange: (education: EducationEntry[]) => void;
}) {
  const update = (i: number, entry: EducationEntry) => onChange(education.map((e, j) => (j === i ? entry : e)));
  return (
    <>
      {education.length === 0 ? <p className="status">No education{editing ? " yet" : " found"}.</p> : null}
      <ol className="cv-review-entries">
        {education.map((e, i) => {
          const prefix = `cv-education-${i}`;
          const title =
            [[e.studyType, e.area].filter(Boolean).join(" in "), e.institution].filter(Boolean).join(", ") ||
            "(no title)";
          const dates = dateRange(e.startDate, e.endDate);
          return (
            <li key={i}>
              <fieldset className="cv-review-entry" aria-describedby={`${prefix}-title`}>
                <legend>Education {i + 1}</legend>
                <p className="cv-review-entry-title" id={`${prefix}-title`}>
                  <strong>{title}</strong>
                  {dates ? ` · ${dates}` : ""}
                </p>
                <Field id={`${prefix}-include`} label="Include" inline>
                  <input
                    id={`${prefix}-include`}
                    type="checkbox"
                    checked={e.include}
                    onChange={(ev) => update(i, { ...e, include: ev.target.checked })}
                  />
                </Field>
                {editing ? (
                  <EntryFields
                    prefix={prefix}
                    fields={FIELDS}
                    values={e}
                    onChange={(key, value) => update(i, { ...e, [key]: value })}
                  />
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {editing ? (
        <div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onChange([...education, emptyEducation()])}
          >
            Add an education entry
          </button>
        </div>
      ) : null}
    </>
  );
}
