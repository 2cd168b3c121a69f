/**
 * Flow runs (#/runs) with filters kept in the URL (#/runs?flow=x&state=FAILED&tag=production&...),
 * read through the query cache: RunEvents make the list stale, so it follows runs live.
 */
import { commands, type FlowRunQuery, type StateType } from "../../bindings";
import { Empty, ErrorBanner, Loading, Pager, RefreshButton, StateBadge } from "../../components/ui";
import { formatDuration, formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link, type Route } from "../../lib/router";
import { queryInt, updateQuery } from "../../lib/routeQuery";
import { useFlows } from "../flows/useFlows";
import { RunTags } from "./RunTags";

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

export function RunList({ route }: { route: Route }) {
  const { query } = route;
  const flow = query.get("flow") ?? "";
  const state = query.get("state") ?? "";
  const since = query.get("since") ?? "";
  const until = query.get("until") ?? "";
  const tag = query.get("tag") ?? "";
  const offset = queryInt(query, "offset");
  const flows = useFlows();
  const tags = useCommandQuery(queryKeys.flowRuns.tags(), () => call(commands.listRunTags()));
  const rangeError =
    since && until && since > until ? "until: must be on or after since" : null;

  const runQuery: FlowRunQuery = {
    flowName: flow || null,
    stateType: (state || null) as StateType | null,
    deploymentId: null,
    tag: tag || null,
    since: since ? dayStart(since) : null,
    until: until ? dayStart(until, true) : null,
    limit: RUNS_PAGE_SIZE,
    offset,
  };
  const runs = useCommandQuery(queryKeys.flowRuns.list(runQuery), () =>
    rangeError ? Promise.resolve(null) : call(commands.searchFlowRuns(runQuery)),
  );

  const setFilter = (key: string, value: string | number | null) => updateQuery("/runs", query, { [key]: value });
  const titles = new Map((flows.data ?? []).map((f) => [f.name, f.title]));
  if (flow && !titles.has(flow)) titles.set(flow, flow);
  const tagNames = new Set(tags.data ?? []);
  if (tag) tagNames.add(tag);
  const filtered = Boolean(flow || state || since || until || tag);

  return (
    <section className="panel" aria-labelledby="runs-title">
      <div className="panel-header">
        <h2 id="runs-title">Runs</h2>
        <RefreshButton loaded={runs} />
      </div>
      <form className="runs-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Flow
          <select id="runs-filter-flow" value={flow} onChange={(e) => setFilter("flow", e.target.value)}>
            <option value="">All flows</option>
            {[...titles].sort((a, b) => a[1].localeCompare(b[1])).map(([name, title]) => (
              <option key={name} value={name}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select id="runs-filter-tag" value={tag} onChange={(e) => setFilter("tag", e.target.value)}>
            <option value="">All tags</option>
            {[...tagNames].sort().map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select id="runs-filter-state" value={state} onChange={(e) => setFilter("state", e.target.value)}>
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
          <input id="runs-filter-since" type="date" value={since} onChange={(e) => setFilter("since", e.target.value)} />
        </label>
        <label>
          Until
          <input
            id="runs-filter-until"
            type="date"
            value={until}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? "runs-filter-error" : undefined}
            onChange={(e) => setFilter("until", e.target.value)}
          />
        </label>
        {filtered ? (
          <button type="button" className="button button-secondary" onClick={() => updateQuery("/runs", new URLSearchParams(), {})}>
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
      <ErrorBanner error={tags.kind === "error" ? tags.error : null} title="Could not load the tags." />
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
                  <th scope="col">Tags</th>
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
                        {titles.get(run.flowName) ?? run.flowName}
                      </Link>
                      <span className="trigger">{run.trigger}</span>
                    </td>
                    <td>
                      <StateBadge stateType={run.stateType} name={run.stateName} title={run.error} />
                    </td>
                    <td>
                      <RunTags tags={run.tags} onPick={(t) => setFilter("tag", t)} />
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
              shown={runs.data.length}
              onChange={(next) => setFilter("offset", next)}
            />
          </>
        )
      ) : null}
    </section>
  );
}
