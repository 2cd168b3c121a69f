/** Flow runs (#/runs) with filters kept in the URL (#/runs?flow=x&state=FAILED&since=...). */
import { commands, type FlowRunQuery, type StateType } from "../../bindings";
import { Empty, ErrorBanner, Loading, Pager, StateBadge } from "../../components/ui";
import { formatDuration, formatTimestamp } from "../../format";
import { call, useLoad } from "../../lib/command";
import { useReloadOnRunEvents } from "../../lib/events";
import { Link, navigate, type Route } from "../../lib/router";

export const RUNS_PAGE_SIZE = 50;

const STATES: StateType[] = ["SCHEDULED", "PENDING", "RUNNING", "PAUSED", "COMPLETED", "FAILED", "CANCELLED", "CRASHED"];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A local calendar day (`YYYY-MM-DD`) as the RFC 3339 instant it starts at; `nextDay` the day after. */
export function dayStart(day: string, nextDay = false): string | null {
  if (!DATE.test(day)) return null;
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(y, m - 1, d + (nextDay ? 1 : 0));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type Filters = { flow: string; state: string; since: string; until: string; offset: number };

function filtersOf(query: URLSearchParams): Filters {
  const offset = Number(query.get("offset") ?? 0);
  return {
    flow: query.get("flow") ?? "",
    state: query.get("state") ?? "",
    since: query.get("since") ?? "",
    until: query.get("until") ?? "",
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function go(filters: Filters) {
  const q = new URLSearchParams();
  if (filters.flow) q.set("flow", filters.flow);
  if (filters.state) q.set("state", filters.state);
  if (filters.since) q.set("since", filters.since);
  if (filters.until) q.set("until", filters.until);
  if (filters.offset) q.set("offset", String(filters.offset));
  const s = q.toString();
  navigate(`/runs${s ? `?${s}` : ""}`);
}

export function RunList({ route }: { route: Route }) {
  const filters = filtersOf(route.query);
  const { flow, state, since, until, offset } = filters;
  const flows = useLoad(() => call(commands.listFlows()), []);
  const rangeError =
    since && until && since > until ? "until: must be on or after since" : null;

  const runs = useLoad(async () => {
    if (rangeError) return null;
    const query: FlowRunQuery = {
      flowName: flow || null,
      stateType: (state || null) as StateType | null,
      deploymentId: null,
      since: since ? dayStart(since) : null,
      until: until ? dayStart(until, true) : null,
      limit: RUNS_PAGE_SIZE,
      offset,
    };
    return call(commands.searchFlowRuns(query));
  }, [flow, state, since, until, offset, rangeError]);
  useReloadOnRunEvents((e) => e.kind === "flowRunState", runs.reload, 1000);

  const set = (patch: Partial<Filters>) => go({ ...filters, offset: 0, ...patch });
  const flowNames = new Set((flows.data ?? []).map((f) => f.name));
  if (flow) flowNames.add(flow);
  const filtered = Boolean(flow || state || since || until);

  return (
    <section className="panel" aria-labelledby="runs-title">
      <div className="panel-header">
        <h2 id="runs-title">Runs</h2>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void runs.reload()}
          disabled={runs.kind === "loading"}
        >
          Refresh
        </button>
      </div>
      <form className="runs-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Flow
          <select id="runs-filter-flow" value={flow} onChange={(e) => set({ flow: e.target.value })}>
            <option value="">All flows</option>
            {[...flowNames].sort().map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select id="runs-filter-state" value={state} onChange={(e) => set({ state: e.target.value })}>
            <option value="">All states</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Since
          <input id="runs-filter-since" type="date" value={since} onChange={(e) => set({ since: e.target.value })} />
        </label>
        <label>
          Until
          <input
            id="runs-filter-until"
            type="date"
            value={until}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? "runs-filter-error" : undefined}
            onChange={(e) => set({ until: e.target.value })}
          />
        </label>
        {filtered ? (
          <button type="button" className="button button-secondary" onClick={() => go({ flow: "", state: "", since: "", until: "", offset: 0 })}>
            Clear filters
          </button>
        ) : null}
      </form>
      {rangeError ? (
        <p className="field-error" id="runs-filter-error">
          {rangeError}
        </p>
      ) : null}
      <ErrorBanner error={flows.kind === "error" ? flows.error : null} title="Could not load the flows." />
      <ErrorBanner error={runs.kind === "error" ? runs.error : null} title="Could not load runs." />
      {runs.kind === "loading" && !runs.data ? <Loading what="runs" /> : null}
      {runs.data ? (
        runs.data.length === 0 && offset === 0 ? (
          <Empty>
            {filtered ? "No runs match these filters." : "No runs yet — start one from "}
            {filtered ? null : <Link to="/flows">Flows</Link>}
          </Empty>
        ) : (
          <>
            <table className="runs">
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">State</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="numeric">
                    Duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((run) => (
                  <tr key={run.id}>
                    <td>
                      <Link to={`/runs/${encodeURIComponent(run.id)}`} className="flow-name">
                        {run.flowName}
                      </Link>
                      <span className="trigger">{run.trigger}</span>
                    </td>
                    <td>
                      <StateBadge stateType={run.stateType} name={run.stateName} title={run.error} />
                    </td>
                    <td>
                      {run.startedAt ? <time dateTime={run.startedAt}>{formatTimestamp(run.startedAt)}</time> : "—"}
                    </td>
                    <td className="numeric">{formatDuration(run.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              offset={offset}
              limit={RUNS_PAGE_SIZE}
              hasMore={runs.data.length === RUNS_PAGE_SIZE}
              onChange={(next) => go({ ...filters, offset: next })}
            />
          </>
        )
      ) : null}
    </section>
  );
}
