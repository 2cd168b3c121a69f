/** What an import read differently or kept unchecked (the result's `warnings`), as "field — message" lines. */
import type { ProfileWarning } from "../../bindings";

export function ImportNotes({ warnings }: { warnings: ProfileWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="profile-import-notes" role="status" aria-labelledby="profile-import-notes-title">
      <h3 id="profile-import-notes-title">Imported, with notes</h3>
      <ul aria-label="Import notes">
        {warnings.map((w, i) => (
          <li key={i}>
            <code>{w.field}</code> — {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
