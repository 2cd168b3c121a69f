/**
 * Call statistics over the audit, as the seed's analytics have them: grouped by operation or by
 * who started the calls, over all calls, only those flows made, or only direct ones. A call
 * counts once however many attempts (retries) it took; its duration is the time its attempts
 * ran. Calls, success rate, average, total and p95 duration per group.
 */
import { useState } from "react";
import { commands, type StatsGroupBy, type StatsQuery } from "../../bindings";
import { Empty, ErrorBanner, Loading } from "../../components/ui";
import { formatDuration } from "../../format";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { pathWithQuery } from "../../lib/routeQuery";
import { actorLabel, formatRate } from "./format";

/** Every finished call, by operation: the default view (and the audit's operation filter). */
export const ALL_BY_OPERATION: StatsQuery = { by: "operation", orchestrated: null, since: null };

/** The "Calls" choice as the `orchestrated` filter. */
const WHICH: { value: string; label: string; orchestrated: boolean | null }[] = [
  { value: "all", label: "All calls", orchestrated: null },
  { value: "flows", label: "Made by flows", orchestrated: true },
  { value: "direct", label: "Started directly", orchestrated: false },
];

export default function OperationStats() {
  const [by, setBy] = useState<StatsGroupBy>("operation");
  const [which, setWhich] = useState("all");
  const query: StatsQuery = { by, orchestrated: WHICH.find((w) => w.value === which)?.orchestrated ?? null, since: null };
  const stats = useCommandQuery(queryKeys.taskRuns.statsFor(query), () => call(commands.operationStats(query)));
  const byActor = by === "actor";

  return (
    <section className="panel" aria-labelledby="operation-stats-title">
      <div className="panel-header">
        <h2 id="operation-stats-title">Statistics</h2>
      </div>
      <form className="audit-filters" onSubmit={(e) => e.preventDefault()} aria-label="Statistics options">
        <div className="field">
          <label htmlFor="stats-by">Group by</label>
          <select id="stats-by" value={by} onChange={(e) => setBy(e.target.value as StatsGroupBy)}>
            <option value="operation">Operation</option>
            <option value="actor">Who started it</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="stats-which">Calls</label>
          <select id="stats-which" value={which} onChange={(e) => setWhich(e.target.value)}>
            {WHICH.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBanner error={stats.kind === "error" ? stats.error : null} title="Could not load the statistics." />
      {stats.kind === "loading" && !stats.data ? <Loading what="statistics" /> : null}
      {stats.data ? (
        stats.data.length === 0 ? (
          <Empty>No finished calls{which === "all" ? " yet" : " of this kind"}.</Empty>
        ) : (
          <table className="runs" aria-label="Call statistics">
            <thead>
              <tr>
                <th scope="col">{byActor ? "Who started it" : "Operation"}</th>
                <th scope="col" className="numeric">
                  Calls
                </th>
                <th scope="col" className="numeric">
                  Success rate
                </th>
                <th scope="col" className="numeric">
                  Avg duration
                </th>
                <th scope="col" className="numeric">
                  Total duration
                </th>
                <th scope="col" className="numeric">
                  p95 duration
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.data.map((s) => (
                <tr key={s.group}>
                  <td>
                    {byActor ? (
                      <span title={s.group}>{actorLabel(s.group)}</span>
                    ) : (
                      <Link to={pathWithQuery("/audit", { operation: s.group })}>{s.group}</Link>
                    )}
                  </td>
                  <td className="numeric" title={s.attempts !== s.calls ? `${s.attempts} attempts` : undefined}>
                    {s.calls}
                  </td>
                  <td className="numeric" title={`${s.successes} succeeded, ${s.failures} failed`}>
                    {formatRate(s.successRate)}
                  </td>
                  <td className="numeric">{formatDuration(s.avgDurationMs)}</td>
                  <td className="numeric">{formatDuration(s.totalDurationMs)}</td>
                  <td className="numeric">{formatDuration(s.p95DurationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}
