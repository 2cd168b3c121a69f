/** The review's Languages: "Language (level)", one a line. */
import { Field } from "../../../components/Field";
import { parseLanguages } from "./draft";

export function LanguagesSection({
  languages,
  editing,
  onChange,
}: {
  languages: string;
  editing: boolean;
  onChange: (languages: string) => void;
}) {
  if (!editing) {
    const list = parseLanguages(languages);
    return list.length === 0 ? (
      <p className="status">No languages found.</p>
    ) : (
      <ul className="cv-review-list" aria-label="Languages">
        {list.map((l, i) => (
          <li key={i}>{l.fluency ? `${l.language} (${l.fluency})` : l.language}</li>
        ))}
      </ul>
    );
  }
  return (
    <Field id="cv-languages" label="Languages you speak" hint="One a line, with your level: English (native).">
      <textarea
        id="cv-languages"
        rows={3}
        value={languages}
        aria-describedby="cv-languages-hint"
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
