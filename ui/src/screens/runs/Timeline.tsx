/** A Gantt-like chart of a flow run's task runs: one row per attempt, linking to its audit. */
import type { FlowRunSummary, TaskRunSummary } from "../../bindings";
import { Empty } from "../../components/ui";
import { formatDuration, formatTimestamp } from "../../format";
import { Link } from "../../lib/router";
import { layoutTimeline, statusClass } from "./timeline";

function details(t: TaskRunSummary, elapsedMs: number, attemptLabel: string | null): string {
  const lines = [
    `${t.taskName} (${t.operationName})${attemptLabel ? `, ${attemptLabel}` : ""}`,
    `Status: ${t.status}`,
    `Started: ${formatTimestamp(t.startedAt)}`,
    t.finishedAt ? `Finished: ${formatTimestamp(t.finishedAt)}` : null,
    `Duration: ${formatDuration(t.durationMs ?? elapsedMs)}${t.status === "running" ? " so far" : ""}`,
    t.errorMessage ? `Error${t.errorKind ? ` (${t.errorKind})` : ""}: ${t.errorMessage}` : null,
  ];
  return lines.filter(Boolean).join("\n");
}

export function Timeline({ run, taskRuns, nowMs }: { run: FlowRunSummary; taskRuns: TaskRunSummary[]; nowMs: number }) {
  if (taskRuns.length === 0) return <Empty>No task runs yet.</Empty>;
  const { totalMs, bars } = layoutTimeline(run, taskRuns, nowMs);
  const ticks = [0, 25, 50, 75, 100];
  return (
    <div className="timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span className="timeline-label-col" />
        <span className="timeline-track">
          {ticks.map((p) => (
            <span key={p} className="timeline-tick" style={{ left: `${p}%` }}>
              {formatDuration((totalMs * p) / 100)}
            </span>
          ))}
        </span>
      </div>
      <ol className="timeline-rows" aria-label="Task runs">
        {bars.map(({ taskRun: t, offset, width, running, elapsedMs, attemptLabel }) => {
          const title = details(t, elapsedMs, attemptLabel);
          return (
            <li key={t.id}>
              <Link
                to={`/audit/${encodeURIComponent(t.id)}`}
                className={`timeline-row${running ? " is-running" : ""}`}
                title={title}
                aria-label={`${t.taskName}${attemptLabel ? `, ${attemptLabel}` : ""}: ${t.status}, ${formatDuration(
                  t.durationMs ?? elapsedMs,
                )}`}
                data-testid="timeline-row"
              >
                <span className="timeline-label-col">
                  <span className="timeline-task">{t.taskName}</span>
                  {attemptLabel ? <span className="timeline-attempt">{attemptLabel}</span> : null}
                </span>
                <span className="timeline-track">
                  <span
                    className={`timeline-bar ${statusClass(t.status)}`}
                    style={{ left: `${offset}%`, width: `${width}%` }}
                  />
                </span>
                <span className="timeline-duration">{formatDuration(t.durationMs ?? elapsedMs)}</span>
              </Link>
            </li>
          );
        })}
      </ol>
      <ul className="timeline-legend" aria-label="Legend">
        <li><span className="timeline-swatch bar-success" /> success</li>
        <li><span className="timeline-swatch bar-cached" /> cached</li>
        <li><span className="timeline-swatch bar-running" /> running</li>
        <li><span className="timeline-swatch bar-failed" /> failed / timed out / crashed</li>
        <li><span className="timeline-swatch bar-cancelled" /> cancelled</li>
      </ul>
    </div>
  );
}
