/** What the draft could not find, in plain words, above the review. */
import type { ProfileWarning } from "../../../bindings";
import { warningText } from "./draft";

export function DraftWarnings({ warnings }: { warnings: ProfileWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="cv-review-warnings" role="status" aria-labelledby="cv-review-warnings-title">
      <h3 id="cv-review-warnings-title">Please check</h3>
      <ul aria-label="What we could not find">
        {warnings.map((w, i) => (
          <li key={i}>{warningText(w)}</li>
        ))}
      </ul>
    </div>
  );
}
