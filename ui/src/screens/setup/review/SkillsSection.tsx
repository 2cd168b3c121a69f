/** The review's Skills: one comma-separated text. */
import { Field } from "../../../components/Field";
import { skillNames } from "./draft";

export function SkillsSection({
  skills,
  editing,
  onChange,
}: {
  skills: string;
  editing: boolean;
  onChange: (skills: string) => void;
}) {
  if (!editing) {
    const names = skillNames(skills);
    return names.length === 0 ? (
      <p className="status">No skills found.</p>
    ) : (
      <p className="cv-review-text">{names.join(", ")}</p>
    );
  }
  return (
    <Field id="cv-skills" label="Your skills" hint="Separated by commas, e.g. Rust, SQL, Project management.">
      <textarea
        id="cv-skills"
        rows={3}
        value={skills}
        aria-describedby="cv-skills-hint"
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
