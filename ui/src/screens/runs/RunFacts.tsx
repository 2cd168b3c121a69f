/**
 * The facts of one flow run (id, trigger, times, tries, tags, where it came from), apart from
 * the run view so each stays small.
 */
import type { FlowRunDetail } from "../../bindings";
import { formatDuration, formatTimestamp } from "../../format";
import { Link } from "../../lib/router";
import { RunTags } from "./RunTags";

export function RunFacts({
  detail,
  durationMs,
  terminal,
}: {
  detail: FlowRunDetail;
  durationMs: number | null;
  terminal: boolean;
}) {
  const { run } = detail;
  return (
    <dl className="run-facts">
      <div>
        <dt>Run</dt>
        <dd>
          <code>{run.id}</code>
        </dd>
      </div>
      <div>
        <dt>Trigger</dt>
        <dd>
          {run.trigger}
          {detail.actor && detail.actor !== run.trigger ? ` (${detail.actor})` : ""}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatTimestamp(run.createdAt)}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatTimestamp(run.startedAt)}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{formatTimestamp(run.finishedAt)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>
          {formatDuration(durationMs)}
          {!terminal && durationMs !== null ? " so far" : ""}
        </dd>
      </div>
      {detail.runCount > 1 ? (
        <div>
          <dt>Flow attempts</dt>
          <dd>{detail.runCount}</dd>
        </div>
      ) : null}
      {run.tags.length > 0 ? (
        <div>
          <dt>Tags</dt>
          <dd>
            <RunTags tags={run.tags} />
          </dd>
        </div>
      ) : null}
      {detail.restartedFrom ? (
        <div>
          <dt>Restarted from</dt>
          <dd>
            <Link to={`/runs/${encodeURIComponent(detail.restartedFrom)}`}>{detail.restartedFrom}</Link>
          </dd>
        </div>
      ) : null}
      {detail.deploymentId ? (
        <div>
          <dt>Deployment</dt>
          <dd>
            <Link to="/schedules">{detail.deploymentId}</Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
