/**
 * The job page's note on a closed, reposted or old posting ("Closed on …", "Reposted — first
 * seen …, closed …", "Old posting: open for N days"), with a link to the earlier posting of a
 * repost. Nothing when the posting is open, new and recent.
 */
import type { JobDto } from "../../bindings";
import { Link } from "../../lib/router";
import "./Lifecycle.css";
import { lifecycleHints } from "./lifecycle";

export function PostingLifecycle({ job }: { job: JobDto }) {
  const hints = lifecycleHints(job);
  if (hints.length === 0) return null;
  return (
    <div className="jobs-lifecycle" role="note" aria-label="About this posting" data-testid="posting-lifecycle">
      {hints.map((hint) => (
        <p key={hint}>{hint}</p>
      ))}
      {job.repostedFrom ? (
        <p>
          <Link to={`/jobs/${encodeURIComponent(job.repostedFrom)}`}>See the earlier posting</Link>
        </p>
      ) : null}
    </div>
  );
}
