/**
 * "New high matches": when a job hunt completes with jobs above its threshold, the app says
 * so wherever the user is, with links to the best of them. Dismissible, gone after 20 s; the
 * newest hunt wins.
 */
import { useEffect, useState } from "react";
import { events, type HighMatchesEvent } from "../bindings";
import { useAppEvent } from "../lib/events";

/** How long the toast stays unless dismissed. */
export const TOAST_MS = 20_000;

export default function HighMatchesToast() {
  const [latest, setLatest] = useState<HighMatchesEvent | null>(null);

  useAppEvent(events.highMatchesEvent, setLatest);
  // It says something that the Jobs screen keeps: it goes away on its own after a while.
  useEffect(() => {
    if (!latest) return;
    const timer = window.setTimeout(() => setLatest(null), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [latest]);

  if (!latest) return null;
  const shown = latest.jobs.slice(0, 3);
  return (
    <aside className="toast" role="status" aria-live="polite" aria-label="New high matches">
      <div className="toast-header">
        <strong>
          {latest.count} new high {latest.count === 1 ? "match" : "matches"}
        </strong>
        <button type="button" className="button button-secondary" onClick={() => setLatest(null)}>
          Dismiss
        </button>
      </div>
      <ul>
        {shown.map((job) => (
          <li key={job.id}>
            <a href={`#/jobs/${encodeURIComponent(job.id)}`} onClick={() => setLatest(null)}>
              {job.title}
            </a>{" "}
            <span className="muted">
              {job.company} · {Math.round(job.score * 100)}%
            </span>
          </li>
        ))}
      </ul>
      <a href="#/jobs?sort=score" onClick={() => setLatest(null)}>
        See all matches
      </a>
    </aside>
  );
}
