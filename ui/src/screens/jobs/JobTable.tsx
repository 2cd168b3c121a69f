/**
 * The jobs list's table: one link per job with its score, sources, salary, workplace and date.
 * A job the user has not opened yet is in bold with a "New" badge (words, not only a colour);
 * a closed, reposted or old posting says so in a badge too.
 */
import type { JobRow } from "../../bindings";
import { shortSourceName } from "../setup/sources";
import { formatDate, formatScore, formatWorkplace } from "./format";
import { lifecycleBadges } from "./lifecycle";
import "./Lifecycle.css";
import { useSourceCatalogue } from "../setup/useSourceCatalogue";

export function JobTable({ rows, busy }: { rows: JobRow[]; busy: boolean }) {
  // The job sites by name ("Remote OK", "acme (Greenhouse)"), not by their codes.
  const catalogue = useSourceCatalogue();
  const siteName = (spec: string) => shortSourceName(spec, catalogue.data ?? []);
  return (
    <div className="jobs-table" aria-busy={busy || undefined}>
      <div className="jobs-grid jobs-head" aria-hidden="true">
        <span className="jobs-score">Score</span>
        <span>Job</span>
        <span>Found on</span>
        <span>Salary</span>
        <span>Workplace</span>
        <span>Posted</span>
      </div>
      <ul className="jobs-rows" aria-label="Jobs">
        {rows.map((job) => (
          <li key={job.id}>
            <a
              href={`#/jobs/${encodeURIComponent(job.id)}`}
              className={job.seen ? "jobs-grid jobs-row" : "jobs-grid jobs-row jobs-unseen"}
              data-testid="job-row"
            >
              <span className="jobs-score" aria-label={`score ${formatScore(job.score)}`}>
                {formatScore(job.score)}
              </span>
              <span className="jobs-title-cell">
                <span className="jobs-title">
                  {job.seen ? null : <span className="jobs-new-badge">New</span>}
                  {lifecycleBadges(job).map((badge) => (
                    <span key={badge} className="jobs-state-badge">
                      {badge}
                    </span>
                  ))}
                  {job.title}
                </span>
                <span className="jobs-company">
                  {job.company}
                  {job.location ? ` · ${job.location}` : ""}
                </span>
              </span>
              <span className="jobs-sources">{job.sources.map(siteName).join(", ") || "—"}</span>
              <span>{job.salary || "—"}</span>
              <span>{formatWorkplace(job.workplace, job.remote)}</span>
              <span>
                {job.posted_at ? (
                  <time dateTime={job.posted_at}>{formatDate(job.posted_at)}</time>
                ) : (
                  <time dateTime={job.first_seen} title="Not given; first seen">
                    seen {formatDate(job.first_seen)}
                  </time>
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
