/**
 * The TaskRun audit: filters in the route query, server-side pages of 100, and call statistics
 * (by operation or by who started them). Pages go by markers (`after` / `before` in the route:
 * a task run id the previous page handed out), so a page deep in a million task runs is as
 * quick as the first. Read through the query cache: the newest page follows new and finished
 * task runs; a later page stays put (its key is outside the live lists).
 */
import { useCallback, useMemo } from "react";
import { commands, type TaskRunQuery, type TaskRunSummary } from "../../bindings";
import { CursorPager, pageChange } from "../../components/CursorPager";
import { Empty, ErrorBanner, Loading, RefreshButton, StateBadge } from "../../components/ui";
import { formatDuration, formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { localToRfc3339, shortId, statusLabel, statusStateType, TASK_RUN_STATUSES } from "./format";
import OperationStats, { ALL_BY_OPERATION } from "./OperationStats";
import { updateQuery, useDebouncedRouteText } from "../../lib/routeQuery";

/** Rows per page of the audit list. */
export const AUDIT_PAGE_SIZE = 100;

export default function AuditList({ query }: { query: URLSearchParams }) {
  const operation = query.get("operation") ?? "";
  const status = query.get("status") ?? "";
  const flowRun = query.get("flowRun") ?? "";
  const since = query.get("since") ?? "";
  const until = query.get("until") ?? "";
  const after = query.get("after") || null;
  const before = after ? null : query.get("before") || null;
  const firstPage = !after && !before;

  const setFilter = useCallback(
    (key: string, value: string | null) => updateQuery("/audit", query, { [key]: value }),
    [query],
  );
  const [flowRunText, setFlowRunText] = useDebouncedRouteText(flowRun, (v) => setFilter("flowRun", v.trim()));

  const sinceParsed = localToRfc3339("since", since);
  const untilParsed = localToRfc3339("until", until);
  let rangeError: string | null = null;
  if (sinceParsed.value && untilParsed.value && sinceParsed.value >= untilParsed.value) {
    rangeError = "until: must be after since";
  }
  const invalid = Boolean(sinceParsed.error || untilParsed.error || rangeError);

  const taskQuery: TaskRunQuery = useMemo(
    () => ({
      flowRunId: flowRun || null,
      status: (status || null) as TaskRunQuery["status"],
      operation: operation || null,
      since: sinceParsed.value,
      until: untilParsed.value,
      limit: AUDIT_PAGE_SIZE,
      offset: null,
      after,
      before,
    }),
    [flowRun, status, operation, sinceParsed.value, untilParsed.value, after, before],
  );

  const page = useCommandQuery(
    firstPage ? queryKeys.taskRuns.list(taskQuery) : queryKeys.taskRuns.page(taskQuery),
    () => (invalid ? Promise.resolve(null) : call(commands.listTaskRuns(taskQuery))),
  );
  // Every operation that has finished calls (the statistics panel shares this read).
  const stats = useCommandQuery(queryKeys.taskRuns.statsFor(ALL_BY_OPERATION), () =>
    call(commands.operationStats(ALL_BY_OPERATION)),
  );

  const operationNames = useMemo(() => {
    const names = (stats.data ?? []).map((s) => s.group);
    if (operation && !names.includes(operation)) names.push(operation);
    return names.sort();
  }, [stats.data, operation]);

  const filtered = Boolean(operation || status || flowRun || since || until);

  return (
    <>
      <section className="panel" aria-labelledby="audit-title">
        <div className="panel-header">
          <h2 id="audit-title">Task run audit</h2>
          <RefreshButton loaded={page} />
        </div>

        <form className="audit-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
          <div className="field">
            <label htmlFor="audit-operation">Operation</label>
            <select
              id="audit-operation"
              value={operation}
              onChange={(e) => setFilter("operation", e.target.value)}
            >
              <option value="">All operations</option>
              {operationNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-status">Status</label>
            <select id="audit-status" value={status} onChange={(e) => setFilter("status", e.target.value)}>
              <option value="">Any status</option>
              {TASK_RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-flow-run">Flow run id</label>
            <input
              id="audit-flow-run"
              type="text"
              value={flowRunText}
              placeholder="any"
              spellCheck={false}
              onChange={(e) => setFlowRunText(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="audit-since">Since</label>
            <input
              id="audit-since"
              type="datetime-local"
              value={since}
              aria-invalid={sinceParsed.error ? true : undefined}
              aria-describedby={sinceParsed.error ? "audit-since-error" : undefined}
              onChange={(e) => setFilter("since", e.target.value)}
            />
            {sinceParsed.error ? (
              <span id="audit-since-error" className="field-error">
                {sinceParsed.error}
              </span>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="audit-until">Until</label>
            <input
              id="audit-until"
              type="datetime-local"
              value={until}
              aria-invalid={untilParsed.error || rangeError ? true : undefined}
              aria-describedby={untilParsed.error || rangeError ? "audit-until-error" : undefined}
              onChange={(e) => setFilter("until", e.target.value)}
            />
            {untilParsed.error || rangeError ? (
              <span id="audit-until-error" className="field-error">
                {untilParsed.error ?? rangeError}
              </span>
            ) : null}
          </div>
          {filtered ? (
            <button
              type="button"
              className="button button-secondary audit-clear"
              onClick={() => {
                setFlowRunText("");
                updateQuery("/audit", new URLSearchParams(), {});
              }}
            >
              Clear filters
            </button>
          ) : null}
        </form>

        <ErrorBanner error={page.kind === "error" ? page.error : null} title="Could not load task runs." />
        {page.kind === "loading" && !page.data ? <Loading what="task runs" /> : null}
        {page.data ? (
          page.data.items.length === 0 ? (
            <Empty>{filtered ? "No task runs match these filters." : "No task runs yet."}</Empty>
          ) : (
            <>
              <TaskRunTable rows={page.data.items} busy={page.kind === "loading"} />
              <CursorPager
                prevCursor={page.data.prevCursor}
                nextCursor={page.data.nextCursor}
                onMove={(move) => updateQuery("/audit", query, pageChange(move))}
              />
            </>
          )
        ) : null}
      </section>

      <OperationStats />
    </>
  );
}

function TaskRunTable({ rows, busy }: { rows: TaskRunSummary[]; busy: boolean }) {
  return (
    <div className="audit-scroll" aria-busy={busy || undefined}>
      <table className="runs audit-table">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Operation</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Attempt
            </th>
            <th scope="col" className="numeric">
              Duration
            </th>
            <th scope="col">Actor</th>
            <th scope="col">Flow run</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="taskrun-row">
              <td>
                <time dateTime={row.startedAt}>{formatTimestamp(row.startedAt)}</time>
              </td>
              <td>
                <Link to={`/audit/${encodeURIComponent(row.id)}`} className="flow-name">
                  {row.operationName}
                </Link>
                {row.taskName !== row.operationName ? <span className="trigger">{row.taskName}</span> : null}
              </td>
              <td>
                <StateBadge stateType={statusStateType(row.status)} name={statusLabel(row.status)} />
              </td>
              <td className="numeric">{row.attempt}</td>
              <td className="numeric">{formatDuration(row.durationMs)}</td>
              <td className="audit-actor">{row.actor}</td>
              <td>
                {row.flowRunId ? (
                  <Link to={`/runs/${encodeURIComponent(row.flowRunId)}`} title={row.flowRunId}>
                    {shortId(row.flowRunId)}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="audit-error" title={row.errorMessage ?? undefined}>
                {row.errorMessage ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
