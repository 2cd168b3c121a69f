/** An entry's text inputs (employer, position, dates…), each labelled; ids are `<prefix>-<key>`. */
import { Field } from "../../../components/Field";

export function EntryFields<K extends string>({
  prefix,
  fields,
  values,
  onChange,
}: {
  prefix: string;
  fields: readonly { key: K; label: string; hint?: string }[];
  values: Record<K, string>;
  onChange: (key: K, value: string) => void;
}) {
  return (
    <div className="cv-review-grid">
      {fields.map((f) => {
        const id = `${prefix}-${f.key}`;
        return (
          <Field key={f.key} id={id} label={f.label} hint={f.hint}>
            <input
              id={id}
              type="text"
              value={values[f.key]}
              aria-describedby={f.hint ? `${id}-hint` : undefined}
              onChange={(e) => onChange(f.key, e.target.value)}
            />
          </Field>
        );
      })}
    </div>
  );
}

/** "2019-03 – present", or nothing without dates. */
export function dateRange(start: string, end: string): string {
  if (!start && !end) return "";
  return `${start || "?"} – ${end || "present"}`;
}
