/** What the boards' adapters did not understand in a job's postings, as plain "field: message" lines. */
import type { PostingWarning } from "../../bindings";

export function PostingWarnings({ warnings }: { warnings: PostingWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="jobs-warnings" aria-labelledby="job-warnings-title" data-testid="posting-warnings">
      <h4 id="job-warnings-title">Not understood in this posting</h4>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            <span className="jobs-warning-field">{w.field}:</span> {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
