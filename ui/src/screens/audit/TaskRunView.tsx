/** One TaskRun in detail (`#/audit/<id>`): summary, input/output, refs, error, logs, replay. */
import type { ReactNode } from "react";
import { commands, type LogLine, type ResultRef, type TaskRunDetail } from "../../bindings";
import { ErrorBanner, JsonBlock, Loading, StateBadge } from "../../components/ui";
import { formatDuration, formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { statusLabel, statusStateType } from "./format";
import Replay from "./Replay";

export default function TaskRunView({ id }: { id: string }) {
  // Its own events (finished, log lines) make the cached detail stale: it follows live.
  const detail = useCommandQuery(queryKeys.taskRuns.detail(id), () => call(commands.getTaskRun(id)));

  return (
    <>
      <p className="audit-back">
        <Link to="/audit">← Audit</Link>
      </p>
      <ErrorBanner error={detail.kind === "error" ? detail.error : null} title="Could not load the task run." />
      {detail.kind === "loading" && !detail.data ? <Loading what="task run" /> : null}
      {detail.data ? <Detail detail={detail.data} /> : null}
    </>
  );
}

function Detail({ detail }: { detail: TaskRunDetail }) {
  const s = detail.summary;
  return (
    <>
      <section className="panel" aria-labelledby="taskrun-title">
        <div className="panel-header">
          <h2 id="taskrun-title">
            {s.operationName} <StateBadge stateType={statusStateType(s.status)} name={statusLabel(s.status)} />
          </h2>
        </div>
        <dl className="audit-summary">
          <Item label="Operation">{s.operationName}</Item>
          <Item label="Task">{s.taskName}</Item>
          <Item label="Status">
            <span data-testid="taskrun-status">{statusLabel(s.status)}</span>
            {s.errorKind ? <span className="trigger">{statusLabel(s.errorKind)}</span> : null}
          </Item>
          <Item label="Attempt">{s.attempt}</Item>
          <Item label="Actor">{s.actor}</Item>
          <Item label="Orchestrated">{s.orchestrated ? "yes (by a flow)" : "no (called directly)"}</Item>
          <Item label="Flow run">
            {s.flowRunId ? <Link to={`/runs/${encodeURIComponent(s.flowRunId)}`}>{s.flowRunId}</Link> : "—"}
          </Item>
          <Item label="Started">
            <time dateTime={s.startedAt}>{formatTimestamp(s.startedAt)}</time>
          </Item>
          <Item label="Finished">
            {s.finishedAt ? <time dateTime={s.finishedAt}>{formatTimestamp(s.finishedAt)}</time> : "—"}
          </Item>
          <Item label="Duration">{formatDuration(s.durationMs)}</Item>
          <Item label="Call">
            <code>{s.callId}</code>
          </Item>
          <Item label="Replay of">
            {s.replayOf ? <Link to={`/audit/${encodeURIComponent(s.replayOf)}`}>{s.replayOf}</Link> : "—"}
          </Item>
          <Item label="Cache key">{detail.cacheKey ? <code>{detail.cacheKey}</code> : "—"}</Item>
          <Item label="Tags">
            {detail.tags.length ? (
              <span className="audit-chips">
                {detail.tags.map((t) => (
                  <span key={t} className="audit-chip">
                    {t}
                  </span>
                ))}
              </span>
            ) : (
              "—"
            )}
          </Item>
        </dl>
      </section>

      {s.errorMessage || detail.errorTraceback ? (
        <section className="panel" aria-labelledby="taskrun-error-title">
          <h3 id="taskrun-error-title">Error</h3>
          {s.errorMessage ? (
            <p className="status status-error" data-testid="taskrun-error">
              {s.errorMessage}
            </p>
          ) : null}
          {detail.errorTraceback ? (
            <pre className="json audit-traceback" aria-label="Traceback">
              {detail.errorTraceback}
            </pre>
          ) : null}
        </section>
      ) : null}

      <section className="panel audit-io" aria-label="Input and output">
        <div>
          <h3>Input</h3>
          <JsonBlock value={detail.input} label="Input" />
          <p className="audit-hash">
            hash <code>{detail.inputHash}</code>
          </p>
        </div>
        <div>
          <h3>Output</h3>
          {detail.output === null ? <p className="status">No output.</p> : <JsonBlock value={detail.output} label="Output" />}
        </div>
      </section>

      <section className="panel" aria-labelledby="taskrun-refs-title">
        <h3 id="taskrun-refs-title">Result refs</h3>
        {detail.resultRefs.length === 0 ? <p className="status">None.</p> : <Refs refs={detail.resultRefs} />}
        <h3>Metadata</h3>
        <JsonBlock value={detail.metadata} label="Metadata" />
      </section>

      <Replay taskRun={detail} />

      <section className="panel" aria-labelledby="taskrun-logs-title">
        <h3 id="taskrun-logs-title">Logs</h3>
        <Logs logs={detail.logs} />
      </section>
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="audit-item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Refs({ refs }: { refs: ResultRef[] }) {
  return (
    <ul className="audit-refs">
      {refs.map((ref) => (
        <li key={`${ref.kind}:${ref.id}`}>
          {ref.kind === "job" ? (
            <Link to={`/jobs/${encodeURIComponent(ref.id)}`}>
              {ref.kind}:{ref.id}
            </Link>
          ) : (
            <code>
              {ref.kind}:{ref.id}
            </code>
          )}
        </li>
      ))}
    </ul>
  );
}

function Logs({ logs }: { logs: LogLine[] }) {
  if (logs.length === 0) return <p className="status">No log lines.</p>;
  return (
    <ol className="audit-logs" aria-label="Log lines">
      {logs.map((line) => (
        <li key={line.id} className={`audit-log audit-log-${line.level.toLowerCase()}`}>
          <time dateTime={line.ts}>{formatTimestamp(line.ts)}</time>
          <span className="audit-log-level">{line.level}</span>
          <span className="audit-log-message">{line.message}</span>
        </li>
      ))}
    </ol>
  );
}
