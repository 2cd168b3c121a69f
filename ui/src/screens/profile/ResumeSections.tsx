/** A compact, read-only list of the stored resume's other sections (projects, volunteering, awards, ...). */
import type { JsonValue } from "../../bindings";
import { resumeSections } from "./sections";

export function ResumeSections({ document }: { document: JsonValue }) {
  const sections = resumeSections(document);
  if (sections.length === 0) return null;
  return (
    <>
      {sections.map((section) => (
        <section key={section.key} className="profile-section" aria-labelledby={`profile-section-${section.key}`}>
          <h4 id={`profile-section-${section.key}`}>
            {section.title} ({section.entries.length})
          </h4>
          <ul className="profile-entries" aria-label={section.title}>
            {section.entries.map((entry, i) => (
              <li key={i}>
                <span className="profile-entry-title">{entry.title}</span>
                {entry.detail ? (
                  <span className="profile-entry-detail" title={entry.detail}>
                    {entry.detail}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
