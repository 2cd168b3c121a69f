/**
 * Dashboard (#/): what the last hunt found and how many jobs are new since the user last
 * looked, run health per day, the next scheduled runs, the newest high matches, and the "Run
 * daily hunt" button. Every read is cached (the query cache); RunEvents keep it fresh.
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands, type DeploymentDto, type HuntNeed, type JobPage, type JobQuery } from "../bindings";
import { ActionButton, Empty, ErrorBanner, Loading } from "../components/ui";
import { formatTimestamp } from "../format";
import { call, toAppError, type Loaded } from "../lib/command";
import { useCommandQuery } from "../lib/queries";
import { queryKeys } from "../lib/queryKeys";
import { Link, navigate, type Route } from "../lib/router";
import { HealthChart } from "./dashboard/HealthChart";
import { HuntSummaryCard } from "./dashboard/HuntSummary";
import { GettingStarted } from "./setup/GettingStarted";
import "./Dashboard.css";

export { HealthChart } from "./dashboard/HealthChart";

export const HUNT_FLOW = "daily_job_hunt";
export const HIGH_MATCH_SCORE = 0.8;
export const HIGH_MATCHES_QUERY: JobQuery = {
  search: null,
  minScore: HIGH_MATCH_SCORE,
  source: null,
  remoteOnly: null,
  unseenOnly: null,
  foundIn: null,
  // A high match that has closed can no longer be applied to.
  openOnly: true,
  hideOld: null,
  sort: "newest",
  limit: 5,
  after: null,
  before: null,
};
const NEXT_RUNS = 5;

/** The high-match score of the user's hunt: its first deployment's `match_threshold`, else 0.8. */
export function highMatchScore(deployments: DeploymentDto[] | null): number {
  const hunt = deployments?.find((d) => d.flowName === HUNT_FLOW);
  const params = hunt?.parameters;
  const threshold =
    params && typeof params === "object" && !Array.isArray(params) ? params["match_threshold"] : undefined;
  return typeof threshold === "number" && threshold >= 0 && threshold <= 1 ? threshold : HIGH_MATCH_SCORE;
}

/** "in 3 h", "in 12 min", "in 2 days", "5 min ago"; "now" within half a minute. */
export function relativeTime(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 30_000) return "now";
  let text: string;
  if (abs < 3_600_000) text = `${Math.max(1, Math.round(abs / 60_000))} min`;
  else if (abs < 48 * 3_600_000) text = `${Math.round(abs / 3_600_000)} h`;
  else text = `${Math.round(abs / 86_400_000)} days`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

export type UpcomingRun = { at: string; atMs: number; deployment: DeploymentDto };

/** The soonest fire times across deployments that are not paused. */
export function upcomingRuns(deployments: DeploymentDto[], count = NEXT_RUNS): UpcomingRun[] {
  const all: UpcomingRun[] = [];
  for (const deployment of deployments) {
    if (deployment.paused) continue;
    for (const at of deployment.nextRuns) {
      const atMs = Date.parse(at);
      if (!Number.isNaN(atMs)) all.push({ at, atMs, deployment });
    }
  }
  return all.sort((a, b) => a.atMs - b.atMs).slice(0, count);
}

/** The parameters the hunt button starts with: the first daily_job_hunt deployment's, or none. */
export function huntParameters(deployments: DeploymentDto[]): { json: string | null; from: DeploymentDto | null } {
  const from = deployments.find((d) => d.flowName === HUNT_FLOW) ?? null;
  if (!from || from.parameters === null || from.parameters === undefined) return { json: null, from };
  return { json: JSON.stringify(from.parameters), from };
}

/** A clock for relative times, ticking once a minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export default function Dashboard(_props: { route: Route }) {
  const [days, setDays] = useState<7 | 30>(7);
  // Cached; a finished run makes it stale (see runEventInvalidation).
  const health = useCommandQuery(queryKeys.runHealth.days(days), () => call(commands.runHealth(days)));
  // Cached: RunEvents of deployments' runs refresh it (see runEventInvalidation).
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  // What counts as a high match comes from the hunt's deployment: ask once it is known.
  const threshold = deployments.data || deployments.kind === "error" ? highMatchScore(deployments.data) : null;
  const matches = useCommandQuery(queryKeys.jobs.highMatches(threshold), () =>
    threshold === null
      ? Promise.resolve(null)
      : call(commands.listJobs({ ...HIGH_MATCHES_QUERY, minScore: threshold })),
  );

  return (
    <div className="dashboard">
      <GettingStarted />
      <HuntSummaryCard />
      <HuntCard deployments={deployments.data} />
      <section className="panel dashboard-health" aria-labelledby="health-title">
        <div className="panel-header">
          <h2 id="health-title">Run health</h2>
          <div className="segmented" role="group" aria-label="Period">
            {([7, 30] as const).map((d) => (
              <button
                key={d}
                type="button"
                className={`button ${days === d ? "button-primary" : "button-secondary"}`}
                aria-pressed={days === d}
                onClick={() => setDays(d)}
              >
                {d} days
              </button>
            ))}
          </div>
        </div>
        <ErrorBanner error={health.kind === "error" ? health.error : null} title="Could not load run health." />
        {health.data ? (
          <HealthChart days={health.data} period={days} />
        ) : health.kind === "loading" ? (
          <Loading what="run health" />
        ) : null}
      </section>
      <div className="dashboard-columns">
        <NextRuns state={deployments} />
        <HighMatches state={matches} threshold={threshold ?? HIGH_MATCH_SCORE} />
      </div>
    </div>
  );
}

/** Where the user fixes what the hunt is missing. */
const NEED_LINKS: Record<HuntNeed, { to: string; text: string }> = {
  profile: { to: "/profile", text: "Add your CV" },
  sources: { to: "/schedules", text: "Choose where to search" },
};

function HuntCard({ deployments }: { deployments: DeploymentDto[] | null }) {
  const [notStarted, setNotStarted] = useState<HuntNeed | null>(null);
  // The tray's rule: the button is disabled, saying why, while the hunt cannot start. Asked
  // again whenever the deployments it is decided on change.
  const readiness = useCommandQuery(queryKeys.huntReadiness(deployments), () => call(commands.huntReadiness()));
  const blocked = readiness.data && !readiness.data.ready ? readiness.data : null;
  const need = blocked?.need ?? notStarted;
  const source = deployments ? huntParameters(deployments).from : null;
  // The app decides which parameters the hunt runs with, by the same rule as the tray.
  const hunt = useMutation({
    mutationFn: () => call(commands.huntNow()),
    onSuccess: (started) => {
      setNotStarted(started.kind === "needsProfile" ? "profile" : started.kind === "needsSources" ? "sources" : null);
      if (started.kind !== "started") void readiness.reload();
      if (started.kind === "started") navigate(`/runs/${encodeURIComponent(started.flowRunId)}`);
    },
  });
  const onHunt = () => hunt.mutate();
  return (
    <section className="panel dashboard-hunt" aria-labelledby="hunt-title">
      <div>
        <h2 id="hunt-title">Daily job hunt</h2>
        <p className="status">
          {deployments === null
            ? "Search, score, tailor CVs and tell you, now."
            : source
              ? `Runs with the settings of your schedule “${source.name}”.`
              : "No daily hunt scheduled yet: runs now with the default settings."}
        </p>
        {need ? (
          <p className="status dashboard-hunt-need" id="hunt-need" role="status" data-testid="hunt-need">
            {blocked?.reason ?? NEED_REASONS[need]} <Link to={NEED_LINKS[need].to}>{NEED_LINKS[need].text}</Link>
          </p>
        ) : null}
      </div>
      <div className="dashboard-hunt-action">
        <ActionButton
          className="button button-primary dashboard-hunt-button"
          busy={hunt.isPending}
          disabled={hunt.isPending || blocked !== null}
          aria-describedby={need ? "hunt-need" : undefined}
          onClick={onHunt}
        >
          {hunt.isPending ? "Starting…" : "Run daily hunt"}
        </ActionButton>
      </div>
      <ErrorBanner error={hunt.error ? toAppError(hunt.error) : null} title="Could not start the hunt." />
    </section>
  );
}

/** What a refused start says when the readiness answer was not there yet (a race). */
const NEED_REASONS: Record<HuntNeed, string> = {
  profile: "Nothing started: add your CV first, the hunt scores every job against it.",
  sources: "Nothing started: the hunt needs at least one job source to search.",
};

type LoadedList<T> = Loaded<T>;

function NextRuns({ state }: { state: LoadedList<DeploymentDto[]> }) {
  const now = useMinuteClock();
  const upcoming = state.data ? upcomingRuns(state.data) : [];
  const paused = state.data ? state.data.filter((d) => d.paused).length : 0;
  return (
    <section className="panel" aria-labelledby="next-runs-title">
      <div className="panel-header">
        <h2 id="next-runs-title">Next scheduled runs</h2>
        <Link to="/schedules">Schedules</Link>
      </div>
      <ErrorBanner error={state.kind === "error" ? state.error : null} title="Could not load the schedules." />
      {!state.data ? (
        state.kind === "loading" ? <Loading what="schedules" /> : null
      ) : upcoming.length === 0 ? (
        <Empty>
          Nothing scheduled{paused ? ` (${paused} paused)` : ""}. <Link to="/schedules">Add a schedule</Link>
        </Empty>
      ) : (
        <>
          <ul className="dashboard-list" data-testid="next-runs">
            {upcoming.map((u) => (
              <li key={`${u.deployment.id}-${u.at}`}>
                <span>
                  <strong>{u.deployment.name}</strong> <span className="trigger">{u.deployment.flowTitle}</span>
                </span>
                <span className="dashboard-when">
                  <time dateTime={u.at}>{formatTimestamp(u.at)}</time>
                  <span className="dashboard-relative">{relativeTime(u.atMs, now)}</span>
                </span>
              </li>
            ))}
          </ul>
          {paused ? <p className="status">{paused} paused schedule{paused === 1 ? "" : "s"} not shown.</p> : null}
        </>
      )}
    </section>
  );
}

function HighMatches({ state, threshold }: { state: LoadedList<JobPage | null>; threshold: number }) {
  const items = state.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="high-matches-title">
      <div className="panel-header">
        <h2 id="high-matches-title">Newest high matches</h2>
        <Link to="/jobs">All jobs</Link>
      </div>
      <ErrorBanner error={state.kind === "error" ? state.error : null} title="Could not load the jobs." />
      {!state.data ? (
        state.kind === "loading" ? <Loading what="matches" /> : null
      ) : items.length === 0 ? (
        <Empty>No matches of {Math.round(threshold * 100)}% or more yet.</Empty>
      ) : (
        <ul className="dashboard-list" data-testid="high-matches">
          {items.map((job) => (
            <li key={job.id}>
              <Link to={`/jobs/${encodeURIComponent(job.id)}`} className="dashboard-job">
                <span className="dashboard-job-title">{job.title}</span>
                <span className="dashboard-job-company">
                  {job.company}
                  {job.location ? ` · ${job.location}` : ""}
                </span>
              </Link>
              <span className="dashboard-score" aria-label={`score ${Math.round((job.score ?? 0) * 100)}%`}>
                {job.score === null ? "—" : `${Math.round(job.score * 100)}%`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
