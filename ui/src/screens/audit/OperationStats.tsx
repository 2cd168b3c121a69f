/** Per-operation statistics over the whole audit: runs, success rate, avg and p95 duration. */
import type { OperationStatsDto } from "../../bindings";
import { Empty, ErrorBanner, Loading } from "../../components/ui";
import { formatDuration } from "../../format";
import type { Loaded } from "../../lib/command";
import { Link } from "../../lib/router";
import { formatRate } from "./format";
import { pathWithQuery } from "../../lib/routeQuery";

export default function OperationStats({ stats }: { stats: Loaded<OperationStatsDto[]> }) {
  return (
    <section className="panel" aria-labelledby="operation-stats-title">
      <div className="panel-header">
        <h2 id="operation-stats-title">Operations</h2>
      </div>
      <ErrorBanner error={stats.kind === "error" ? stats.error : null} title="Could not load operation statistics." />
      {stats.kind === "loading" && !stats.data ? <Loading what="statistics" /> : null}
      {stats.data ? (
        stats.data.length === 0 ? (
          <Empty>No finished task runs yet.</Empty>
        ) : (
          <table className="runs" aria-label="Operation statistics">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col" className="numeric">
                  Runs
                </th>
                <th scope="col" className="numeric">
                  Success rate
                </th>
                <th scope="col" className="numeric">
                  Avg duration
                </th>
                <th scope="col" className="numeric">
                  p95 duration
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.data.map((s) => (
                <tr key={s.operationName}>
                  <td>
                    <Link to={pathWithQuery("/audit", { operation: s.operationName })}>{s.operationName}</Link>
                  </td>
                  <td className="numeric">{s.runs}</td>
                  <td className="numeric" title={`${s.successes} succeeded, ${s.failures} failed`}>
                    {formatRate(s.successRate)}
                  </td>
                  <td className="numeric">{formatDuration(s.avgDurationMs)}</td>
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
