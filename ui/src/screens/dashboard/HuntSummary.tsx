/**
 * The Dashboard's "Last hunt" card: what the newest finished hunt found, in plain numbers
 * ("42 jobs found, 12 new, 3 strong matches; 1 site failed"), with a link to exactly the jobs
 * that hunt saw first and one to the job sites in Settings when a site failed; and how many
 * jobs are new since the user last looked, linking to the jobs list's "Only new" filter.
 *
 * The summary is the app's reading of the hunt's stored result (`latest_hunt_summary`): the
 * numbers are never worked out here.
 */
import type { HuntSummary } from "../../bindings";
import { commands } from "../../bindings";
import { ErrorBanner } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useReloadOnRunEvents } from "../../lib/events";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { failureInWords } from "../sources/words";

/** `1 job`, `2 jobs`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The jobs list with only the jobs hunt `id` saw first. */
export function huntJobsPath(id: string): string {
  return `/jobs?hunt=${encodeURIComponent(id)}`;
}

/** The jobs list with only the jobs the user has not looked at. */
export const NEW_JOBS_PATH = "/jobs?new=1";

/** "42 jobs found, 12 new, 3 strong matches; 1 site failed", or why the hunt stopped. */
export function summaryText(s: HuntSummary): string {
  const failed = s.failedSites.length ? `; ${count(s.failedSites.length, "site")} failed` : "";
  if (s.stateType !== "COMPLETED") {
    const why = s.stateType === "CANCELLED" ? "was stopped" : "did not finish";
    return `The hunt ${why}${s.jobsFound ? ` after finding ${count(s.jobsFound, "job")}` : ""}${failed}.`;
  }
  if (s.jobsFound === 0) return `No jobs found${failed}.`;
  return `${count(s.jobsFound, "job")} found, ${s.newJobs} new, ${count(s.strongMatches, "strong match", "strong matches")}${failed}.`;
}

export function HuntSummaryCard() {
  const summary = useCommandQuery(queryKeys.huntSummary.latest(), () => call(commands.latestHuntSummary()));
  const unseen = useCommandQuery(queryKeys.jobs.unseenCount(), () => call(commands.unseenJobsCount()));
  // A hunt that ends (however it ends) is the new "last hunt".
  useReloadOnRunEvents(
    (e) => e.kind === "flowRunState" && ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"].includes(e.stateType),
    () => Promise.all([summary.reload(), unseen.reload()]),
    1000,
  );
  const s = summary.data;
  return (
    <section className="panel dashboard-summary" aria-labelledby="summary-title" data-testid="hunt-summary">
      <div className="panel-header">
        <h2 id="summary-title">Last hunt</h2>
        {s ? (
          <span className="status">
            <time dateTime={s.finishedAt}>{formatTimestamp(s.finishedAt)}</time>
          </span>
        ) : null}
      </div>
      <ErrorBanner error={summary.kind === "error" ? summary.error : null} title="Could not load the last hunt." />
      {s ? <Summary s={s} /> : summary.kind === "ready" ? <p className="status">No hunt has finished yet.</p> : null}
      <ErrorBanner error={unseen.kind === "error" ? unseen.error : null} title="Could not count the new jobs." />
      {unseen.data !== null ? <NewSinceLastLooked n={unseen.data} /> : null}
    </section>
  );
}

function Summary({ s }: { s: HuntSummary }) {
  return (
    <>
      <p className="dashboard-summary-line" data-testid="hunt-summary-text">
        {summaryText(s)}
      </p>
      <p className="dashboard-summary-links">
        {s.newJobs > 0 ? (
          <Link to={huntJobsPath(s.flowRunId)}>See the {count(s.newJobs, "new job")}</Link>
        ) : null}
        {s.stateType !== "COMPLETED" ? (
          <Link to={`/runs/${encodeURIComponent(s.flowRunId)}`}>See what happened</Link>
        ) : null}
      </p>
      {s.strongMatches > 0 ? (
        <p className="status">Strong match: a score of {Math.round(s.strongMatchFrom * 100)}% or more.</p>
      ) : null}
      {s.failedSites.length ? (
        <div className="dashboard-summary-failed" role="group" aria-label="Job sites that failed">
          <ul>
            {s.failedSites.map((site) => (
              <li key={site.source}>
                <strong>{site.name}</strong>: {failureInWords(site.kind)}
                {site.fellBackToName ? ` (searched ${site.fellBackToName} instead)` : ""}
              </li>
            ))}
          </ul>
          <Link to="/sources">See why and retry</Link> · <Link to="/settings">Check your job sites in Settings</Link>
        </div>
      ) : null}
    </>
  );
}

function NewSinceLastLooked({ n }: { n: number }) {
  return (
    <p className="dashboard-unseen" data-testid="new-since-last-looked">
      {n === 0 ? (
        "No new jobs since you last looked."
      ) : (
        <>
          <strong>{count(n, "new job")}</strong> since you last looked. <Link to={NEW_JOBS_PATH}>Show them</Link>
        </>
      )}
    </p>
  );
}
