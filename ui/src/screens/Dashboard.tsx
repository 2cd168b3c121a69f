/**
 * Dashboard (#/): run health per day, the next scheduled runs, the newest high matches, and
 * the "Run daily hunt" button. Refreshes when a flow run changes state.
 */
import { useEffect, useState } from "react";
import {
  commands,
  type DeploymentDto,
  type HuntNeed,
  type JobPage,
  type JobQuery,
  type RunHealthDay,
} from "../bindings";
import { ActionButton, Empty, ErrorBanner, Loading } from "../components/ui";
import { formatTimestamp } from "../format";
import { call, useAction, useLoad } from "../lib/command";
import { useReloadOnRunEvents } from "../lib/events";
import { useCommandQuery } from "../lib/queries";
import { queryKeys } from "../lib/queryKeys";
import { Link, navigate, type Route } from "../lib/router";
import { GettingStarted } from "./setup/GettingStarted";
import "./Dashboard.css";

export const HUNT_FLOW = "daily_job_hunt";
export const HIGH_MATCH_SCORE = 0.8;
export const HIGH_MATCHES_QUERY: JobQuery = {
  search: null,
  minScore: HIGH_MATCH_SCORE,
  source: null,
  remoteOnly: null,
  sort: "newest",
  limit: 5,
  offset: null,
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
  const health = useLoad(() => call(commands.runHealth(days)), [days]);
  // Cached: RunEvents of deployments' runs refresh it (see runEventInvalidation).
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  // What counts as a high match comes from the hunt's deployment: ask once it is known.
  const threshold = deployments.data || deployments.kind === "error" ? highMatchScore(deployments.data) : null;
  const matches = useLoad(
    () =>
      threshold === null
        ? Promise.resolve(null)
        : call(commands.listJobs({ ...HIGH_MATCHES_QUERY, minScore: threshold })),
    [threshold],
  );
  useReloadOnRunEvents(
    (e) => e.kind === "flowRunState",
    () => Promise.all([health.reload(), matches.reload()]),
    1000,
  );

  return (
    <div className="dashboard">
      <GettingStarted />
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
  const hunt = useAction();
  const [notStarted, setNotStarted] = useState<HuntNeed | null>(null);
  // The tray's rule: the button is disabled, saying why, while the hunt cannot start.
  const readiness = useLoad(() => call(commands.huntReadiness()), [deployments]);
  const blocked = readiness.data && !readiness.data.ready ? readiness.data : null;
  const need = blocked?.need ?? notStarted;
  const source = deployments ? huntParameters(deployments).from : null;
  const onHunt = async () => {
    // The app decides which parameters the hunt runs with, by the same rule as the tray.
    const started = await hunt.run(() => call(commands.huntNow()));
    if (started === undefined) return;
    setNotStarted(started.kind === "needsProfile" ? "profile" : started.kind === "needsSources" ? "sources" : null);
    if (started.kind !== "started") void readiness.reload();
    if (started.kind === "started") navigate(`/runs/${encodeURIComponent(started.flowRunId)}`);
  };
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
          busy={hunt.busy}
          disabled={hunt.busy || blocked !== null}
          aria-describedby={need ? "hunt-need" : undefined}
          onClick={() => void onHunt()}
        >
          {hunt.busy ? "Starting…" : "Run daily hunt"}
        </ActionButton>
      </div>
      <ErrorBanner error={hunt.error} title="Could not start the hunt." />
    </section>
  );
}

/** What a refused start says when the readiness answer was not there yet (a race). */
const NEED_REASONS: Record<HuntNeed, string> = {
  profile: "Nothing started: add your CV first, the hunt scores every job against it.",
  sources: "Nothing started: the hunt needs at least one job source to search.",
};

type Segment = { key: "completed" | "failed" | "crashed" | "cancelled"; label: string };
const SEGMENTS: Segment[] = [
  { key: "completed", label: "completed" },
  { key: "failed", label: "failed" },
  { key: "crashed", label: "crashed" },
  { key: "cancelled", label: "cancelled" },
];

function dayLabel(date: string, period: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(y, (m ?? 1) - 1, d ?? 1);
  if (Number.isNaN(day.getTime())) return date;
  return period <= 7
    ? day.toLocaleDateString(undefined, { weekday: "short" })
    : day.toLocaleDateString(undefined, { day: "numeric", month: "numeric" });
}

function longDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(y, (m ?? 1) - 1, d ?? 1);
  return Number.isNaN(day.getTime())
    ? date
    : day.toLocaleDateString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
}

function describeDay(day: RunHealthDay): string {
  return `${longDay(day.date)}: ${SEGMENTS.map((s) => `${day[s.key]} ${s.label}`).join(", ")}`;
}

/** Stacked bars per day (SVG), a legend with totals, and the numbers as a visually hidden table. */
export function HealthChart({ days, period }: { days: RunHealthDay[]; period: number }) {
  const totals = SEGMENTS.map((s) => days.reduce((sum, d) => sum + d[s.key], 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...days.map((d) => SEGMENTS.reduce((sum, s) => sum + d[s.key], 0)));
  const slot = 24;
  const barWidth = period <= 7 ? 16 : 14;
  const chartHeight = 110;
  const width = Math.max(days.length, 1) * slot;
  const labelEvery = days.length > 10 ? 5 : 1;

  return (
    <div className="health">
      <p className="health-summary">
        {total === 0
          ? `No finished runs in the last ${period} days.`
          : `${total} finished run${total === 1 ? "" : "s"} in the last ${period} days, ${Math.round(
              (totals[0] / total) * 100,
            )}% completed.`}
      </p>
      <svg
        className="health-chart"
        viewBox={`0 0 ${width} ${chartHeight}`}
        preserveAspectRatio="none"
        role="group"
        aria-label={`Finished runs per day, last ${period} days`}
      >
        <line className="health-baseline" x1={0} x2={width} y1={chartHeight} y2={chartHeight} />
        {days.map((day, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          let y = chartHeight;
          const text = describeDay(day);
          return (
            <g key={day.date} role="img" aria-label={text} data-testid="health-bar">
              <title>{text}</title>
              {/* The whole slot takes the hover, even on an empty day. */}
              <rect className="health-hit" x={i * slot} y={0} width={slot} height={chartHeight} />
              {SEGMENTS.map((s) => {
                const n = day[s.key];
                if (n === 0) return null;
                const h = (n / max) * (chartHeight - 6);
                y -= h;
                return <rect key={s.key} className={`health-${s.key}`} x={x} y={y} width={barWidth} height={h} />;
              })}
            </g>
          );
        })}
      </svg>
      {/* Day labels as HTML below the bars: the chart stretches to the panel's width, text must not. */}
      <div
        className="health-labels"
        aria-hidden="true"
        style={{ gridTemplateColumns: `repeat(${Math.max(days.length, 1)}, 1fr)` }}
      >
        {days.map((day, i) => (
          <span key={day.date}>{i % labelEvery === 0 || i === days.length - 1 ? dayLabel(day.date, period) : ""}</span>
        ))}
      </div>
      <ul className="health-legend" aria-label="Legend">
        {SEGMENTS.map((s, i) => (
          <li key={s.key}>
            <span className={`health-swatch health-${s.key}`} aria-hidden="true" /> {s.label} ({totals[i]})
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>Finished runs per day, last {period} days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SEGMENTS.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date}</th>
              {SEGMENTS.map((s) => (
                <td key={s.key}>{day[s.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type LoadedList<T> = ReturnType<typeof useLoad<T>>;

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
                  <strong>{u.deployment.name}</strong> <span className="trigger">{u.deployment.flowName}</span>
                </span>
                <span className="dashboard-when">
                  <time dateTime={u.at}>{formatTimestamp(u.at)}</time>
                  <span className="dashboard-relative">{relativeTime(u.atMs, now)}</span>
                </span>
              </li>
            ))}
          </ul>
          {paused ? <p className="status">{paused} paused deployment{paused === 1 ? "" : "s"} not shown.</p> : null}
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
