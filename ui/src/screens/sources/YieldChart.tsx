/**
 * The yield of one job site over its recent searches: a small inline SVG bar per search (jobs
 * found, the new ones darker, a red mark for a search that failed). No chart library: a dozen
 * bars do not need one. The same numbers are in the image's label for screen readers.
 */
import type { SourceRunView } from "../../bindings";
import { when } from "./words";

function describe(run: SourceRunView): string {
  const at = when(run.at);
  if (run.outcome !== "ok" && run.outcome !== "empty") return `${at}: failed`;
  return `${at}: ${run.found} found, ${run.new} new`;
}

/** Bars of jobs found per search, oldest first. */
export function YieldChart({ runs, name }: { runs: SourceRunView[]; name: string }) {
  if (runs.length === 0) return null;
  const slot = 12;
  const bar = 8;
  const height = 36;
  const max = Math.max(1, ...runs.map((r) => r.found));
  const width = runs.length * slot;
  const label = `Jobs found by ${name} in the last ${runs.length} searches: ${runs.map(describe).join("; ")}`;
  return (
    <svg className="sources-chart" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      <line className="sources-chart-base" x1={0} x2={width} y1={height} y2={height} />
      {runs.map((run, i) => {
        const x = i * slot + (slot - bar) / 2;
        const failed = run.outcome !== "ok" && run.outcome !== "empty";
        if (failed) {
          return (
            <rect key={`${run.at}-${i}`} className="sources-chart-failed" x={x} y={height - 4} width={bar} height={4} data-testid="yield-failed">
              <title>{describe(run)}</title>
            </rect>
          );
        }
        const found = (run.found / max) * (height - 2);
        const fresh = (Math.min(run.new, run.found) / max) * (height - 2);
        return (
          <g key={`${run.at}-${i}`} data-testid="yield-bar">
            <title>{describe(run)}</title>
            <rect className="sources-chart-found" x={x} y={height - found} width={bar} height={found} />
            <rect className="sources-chart-new" x={x} y={height - fresh} width={bar} height={fresh} />
          </g>
        );
      })}
    </svg>
  );
}
