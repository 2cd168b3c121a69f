/** The review's Basics: name, headline, email, phone, city and website. */
import { Field } from "../../../components/Field";
import type { Basics } from "./draft";

const FIELDS: { key: keyof Basics; label: string; type?: string; hint?: string }[] = [
  { key: "name", label: "Your name", hint: "Needed to save your profile." },
  { key: "label", label: "Headline", hint: "Your job title in a few words, e.g. “Backend developer”." },
  { key: "email", label: "Email", type: "email" },
  { key: "phone", label: "Phone", type: "tel" },
  { key: "city", label: "City" },
  { key: "url", label: "Website", type: "url" },
];

export function BasicsSection({
  basics,
  editing,
  onChange,
}: {
  basics: Basics;
  editing: boolean;
  onChange: (basics: Basics) => void;
}) {
  if (!editing) {
    return (
      <dl className="cv-review-facts">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <dt>{f.label}</dt>
            <dd>{basics[f.key] || <span className="cv-review-missing">not found</span>}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div className="cv-review-grid">
      {FIELDS.map((f) => {
        const id = `cv-basics-${f.key}`;
        return (
          <Field key={f.key} id={id} label={f.label} hint={f.hint}>
            <input
              id={id}
              type={f.type ?? "text"}
              value={basics[f.key]}
              required={f.key === "name"}
              aria-describedby={f.hint ? `${id}-hint` : undefined}
              onChange={(e) => onChange({ ...basics, [f.key]: e.target.value })}
            />
          </Field>
        );
      })}
    </div>
  );
}
