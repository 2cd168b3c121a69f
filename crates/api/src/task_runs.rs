//! The TaskRun audit: filtered pages, one TaskRun in detail, replay, and call statistics by
//! operation or by who started them.

use jobhunter_engine::{
    CallStats, CallStatsFilter, ErrorKind, ResultRef, StatsGroupBy, TaskRunFilter, TaskRunRecord,
    TaskRunStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{parse_json_arg, CommandResult};
use crate::flow_runs::{parse_time, LogLine};
use crate::Api;

/// Page size when the UI does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most TaskRuns one page holds.
pub const MAX_LIMIT: u32 = 500;

/// One TaskRun (one attempt of one operation call), as the audit table shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunSummary {
    pub id: String,
    pub operation_name: String,
    pub task_name: String,
    pub status: TaskRunStatus,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub duration_ms: Option<f64>,
    /// `desktop`, `cli`, `flow:<name>`, ...
    pub actor: String,
    /// Run by a flow (not called directly).
    pub orchestrated: bool,
    pub flow_run_id: Option<String>,
    /// Groups the attempts of one task call.
    pub call_id: String,
    pub attempt: u32,
    pub error_message: Option<String>,
    pub error_kind: Option<ErrorKind>,
    pub replay_of: Option<String>,
}

impl From<TaskRunRecord> for TaskRunSummary {
    fn from(tr: TaskRunRecord) -> Self {
        Self {
            id: tr.id,
            operation_name: tr.operation_name,
            task_name: tr.task_name,
            status: tr.status,
            started_at: tr.started_at.to_rfc3339(),
            finished_at: tr.finished_at.map(|t| t.to_rfc3339()),
            duration_ms: tr.duration_ms.map(|ms| ms as f64),
            actor: tr.actor,
            orchestrated: tr.orchestrated,
            flow_run_id: tr.flow_run_id,
            call_id: tr.task_run_id,
            attempt: tr.attempt,
            error_message: tr.error_message,
            error_kind: tr.error_kind,
            replay_of: tr.replay_of,
        }
    }
}

/// Which TaskRuns `list_task_runs` returns (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunQuery {
    pub flow_run_id: Option<String>,
    pub status: Option<TaskRunStatus>,
    pub operation: Option<String>,
    /// RFC 3339; started at or after.
    pub since: Option<String>,
    /// RFC 3339; started before.
    pub until: Option<String>,
    /// Page size: 50 when absent, at most 500.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    /// The page after this marker (a page's `nextCursor`): older TaskRuns.
    pub after: Option<String>,
    /// The page before this marker (a page's `prevCursor`): newer TaskRuns.
    pub before: Option<String>,
}

/// A page of TaskRuns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunPage {
    pub items: Vec<TaskRunSummary>,
    pub offset: u32,
    pub limit: u32,
    /// Whether another page follows.
    pub has_more: bool,
    /// Pass as `after` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
    /// Pass as `before` for the previous (newer) page; null on the first page.
    pub prev_cursor: Option<String>,
}

/// The command's logic, without Tauri. Pages by keyset (`after` / `before`, a TaskRun id the
/// previous page handed out) so a page deep into a million TaskRuns costs what the first does;
/// `offset` still works for the command line.
pub async fn page(state: &Api, query: TaskRunQuery) -> CommandResult<TaskRunPage> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let offset = query.offset.unwrap_or(0);
    let cursor = |c: Option<String>| c.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let after = cursor(query.after);
    let before = cursor(query.before).filter(|_| after.is_none());
    let filter = TaskRunFilter {
        flow_run_id: query.flow_run_id.filter(|s| !s.is_empty()),
        status: query.status,
        operation: query.operation.filter(|s| !s.is_empty()),
        since: parse_time("since", query.since.as_deref())?,
        until: parse_time("until", query.until.as_deref())?,
        // One more than asked: tells whether another page follows.
        limit: limit + 1,
        offset: if after.is_some() || before.is_some() { 0 } else { offset },
        after: after.clone(),
        before: before.clone(),
    };
    let store = state.engine.store();
    let mut rows = store.list_task_runs(&filter).await?;
    let mut more = rows.len() > limit as usize;
    // Going back to the start: the first page itself, full even if rows left meanwhile.
    let before = before.filter(|_| more);
    if filter.before.is_some() && before.is_none() {
        rows = store.list_task_runs(&TaskRunFilter { before: None, ..filter.clone() }).await?;
        more = rows.len() > limit as usize;
    }
    // One row past the page on its far side: going back, the newest of them.
    if before.is_some() && more {
        rows.remove(0);
    }
    rows.truncate(limit as usize);
    // Whether a page lies on the other side: one row, by keyset from this page's edge.
    let probe = |after: Option<String>, before: Option<String>| TaskRunFilter {
        limit: 1,
        offset: 0,
        after,
        before,
        ..filter.clone()
    };
    let (first, last) = (rows.first().map(|r| r.id.clone()), rows.last().map(|r| r.id.clone()));
    let (has_more, prev_cursor) = if before.is_some() {
        let newer = more.then(|| first.clone()).flatten();
        let older = match &last {
            Some(id) => !store.list_task_runs(&probe(Some(id.clone()), None)).await?.is_empty(),
            None => false,
        };
        (older, newer)
    } else {
        let newer = match (&first, after.is_some() || offset > 0) {
            (Some(id), true) => {
                let found = store.list_task_runs(&probe(None, Some(id.clone()))).await?;
                (!found.is_empty()).then(|| id.clone())
            }
            _ => None,
        };
        (more, newer)
    };
    Ok(TaskRunPage {
        next_cursor: last.filter(|_| has_more),
        prev_cursor,
        items: rows.into_iter().map(TaskRunSummary::from).collect(),
        offset,
        limit,
        has_more,
    })
}

/// One TaskRun with its input, output, result refs, error and logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunDetail {
    pub summary: TaskRunSummary,
    pub input: Value,
    pub input_hash: String,
    pub output: Option<Value>,
    pub result_refs: Vec<ResultRef>,
    pub error_traceback: Option<String>,
    pub tags: Vec<String>,
    pub metadata: Value,
    pub cache_key: Option<String>,
    /// Oldest first (at most 2,000).
    pub logs: Vec<LogLine>,
}

/// The command's logic, without Tauri.
pub async fn detail(state: &Api, id: &str) -> CommandResult<TaskRunDetail> {
    let store = state.engine.store();
    let tr = store.get_task_run(id).await?;
    let logs = store.logs(None, Some(id), crate::flow_runs::DETAIL_LOG_LIMIT).await?;
    Ok(TaskRunDetail {
        input: tr.input_dump.clone(),
        input_hash: tr.input_hash.clone(),
        output: tr.output.clone(),
        result_refs: tr.result_refs.clone(),
        error_traceback: tr.error_traceback.clone(),
        tags: tr.tags.clone(),
        metadata: tr.metadata.clone(),
        cache_key: tr.cache_key.clone(),
        summary: TaskRunSummary::from(tr),
        logs: logs.into_iter().map(LogLine::from).collect(),
    })
}

/// What a replay produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReplayResult {
    /// The new TaskRun (last attempt).
    pub taskrun_id: String,
    pub status: TaskRunStatus,
    pub attempts: u32,
    pub output: Option<Value>,
    pub error: Option<String>,
}

/// The command's logic, without Tauri.
pub async fn replay(state: &Api, id: &str, input_json: Option<&str>) -> CommandResult<ReplayResult> {
    let edited = parse_json_arg("input_json", input_json)?;
    let outcome = state.engine.replay(id, edited, "desktop").await?;
    Ok(ReplayResult {
        taskrun_id: outcome.taskrun_id,
        status: outcome.status,
        attempts: outcome.attempts,
        output: outcome.output,
        error: outcome.error.map(|e| e.message),
    })
}

/// How the audit's statistics are grouped and which calls they count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatsQuery {
    /// By operation (default) or by who started the call.
    pub by: Option<StatsGroupBy>,
    /// Only calls made by a flow (`true`) or directly (`false`); absent: both.
    pub orchestrated: Option<bool>,
    /// RFC 3339; calls that started at or after.
    pub since: Option<String>,
}

/// Statistics of one group of finished calls. A call counts once however many attempts
/// (retries) it took, with the outcome of its last attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallStatsDto {
    /// The operation, or who started the calls (`desktop`, `cli`, `scheduler`, ...).
    pub group: String,
    pub calls: f64,
    /// Attempts, retries included.
    pub attempts: f64,
    pub successes: f64,
    pub failures: f64,
    /// 0..1
    pub success_rate: f64,
    pub avg_duration_ms: Option<f64>,
    pub total_duration_ms: f64,
    pub p95_duration_ms: Option<f64>,
}

impl From<CallStats> for CallStatsDto {
    fn from(s: CallStats) -> Self {
        Self {
            group: s.group,
            calls: s.calls as f64,
            attempts: s.attempts as f64,
            successes: s.successes as f64,
            failures: s.failures as f64,
            success_rate: s.success_rate,
            avg_duration_ms: s.avg_duration_ms,
            total_duration_ms: s.total_duration_ms as f64,
            p95_duration_ms: s.p95_duration_ms.map(|ms| ms as f64),
        }
    }
}

/// The command's logic, without Tauri.
pub async fn stats(state: &Api, query: StatsQuery) -> CommandResult<Vec<CallStatsDto>> {
    let filter = CallStatsFilter {
        by: query.by.unwrap_or_default(),
        orchestrated: query.orchestrated,
        since: parse_time("since", query.since.as_deref())?,
        ..Default::default()
    };
    Ok(state.engine.store().call_stats(&filter).await?.into_iter().map(CallStatsDto::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{state, wait_until_finished};

    #[tokio::test]
    async fn pages_details_replays_and_stats() {
        let (_dir, state) = state().await;
        let empty = page(&state, TaskRunQuery::default()).await.unwrap();
        assert!(empty.items.is_empty() && !empty.has_more);
        assert!(stats(&state, StatsQuery::default()).await.unwrap().is_empty());

        for _ in 0..2 {
            let id = crate::flows::start(&state, "maintenance", None).await.unwrap();
            wait_until_finished(&state, &id).await;
        }
        let all = page(&state, TaskRunQuery::default()).await.unwrap();
        assert!(all.items.len() >= 2, "{all:?}");
        let first = page(&state, TaskRunQuery { limit: Some(1), ..Default::default() }).await.unwrap();
        assert_eq!(first.items.len(), 1);
        assert!(first.has_more);
        let second = page(&state, TaskRunQuery { limit: Some(1), offset: Some(1), ..Default::default() })
            .await
            .unwrap();
        assert_ne!(first.items[0].id, second.items[0].id);
        let op = first.items[0].operation_name.clone();
        let by_op = page(
            &state,
            TaskRunQuery {
                operation: Some(op.clone()),
                status: Some(TaskRunStatus::Success),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(by_op.items.iter().all(|t| t.operation_name == op && t.status == TaskRunStatus::Success));

        let detail = detail(&state, &first.items[0].id).await.unwrap();
        assert!(detail.input.is_object());
        assert!(detail.summary.flow_run_id.is_some());

        let replayed = replay(&state, &first.items[0].id, None).await.unwrap();
        assert_eq!(replayed.status, TaskRunStatus::Success, "{replayed:?}");
        let again = super::detail(&state, &replayed.taskrun_id).await.unwrap();
        assert_eq!(again.summary.replay_of.as_deref(), Some(first.items[0].id.as_str()));
        assert_eq!(again.summary.actor, "desktop");

        let error = replay(&state, &first.items[0].id, Some("[1,")).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.starts_with("input_json:"), "{}", error.message);

        let by_op = stats(&state, StatsQuery::default()).await.unwrap();
        let row = by_op.iter().find(|s| s.group == op).expect("stats of the operation");
        assert!(row.calls >= 3.0 && row.success_rate > 0.0, "{row:?}");
        assert!(row.total_duration_ms >= 0.0 && row.attempts >= row.calls, "{row:?}");

        // By who started them: two runs from the desktop's flows, one replay from the desktop.
        let query = StatsQuery { by: Some(StatsGroupBy::Actor), ..Default::default() };
        let by_actor = stats(&state, query).await.unwrap();
        assert_eq!(by_actor.iter().map(|s| s.group.as_str()).collect::<Vec<_>>(), ["desktop"]);
        let direct = StatsQuery { orchestrated: Some(false), ..Default::default() };
        let direct = stats(&state, direct).await.unwrap();
        assert_eq!(direct.iter().map(|s| s.calls).sum::<f64>(), 1.0, "the replay: {direct:?}");
        let bad = StatsQuery { since: Some("last week".into()), ..Default::default() };
        assert!(stats(&state, bad).await.unwrap_err().message.starts_with("since:"));
        state.engine.close().await.unwrap();
    }

    /// `n` TaskRuns stored as the audit writer stores them, `at` seconds apart in pairs (ties).
    async fn insert_runs(state: &Api, from: i64, n: i64) {
        sqlx::query(
            "WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
             INSERT INTO task_runs (id, operation_name, task_name, status, started_at, actor, orchestrated, \
             task_run_id, attempt, input_dump, input_hash) \
             SELECT printf('tr-%05d', i), 'op', 'op', CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'success' END, \
             strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i / 2) || ' seconds'), 'cli', 0, \
             printf('call-%05d', i), 1, '{}', 'h' FROM s",
        )
        .bind(from)
        .bind(from + n)
        .execute(state.engine.store().pool())
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn keyset_pages_are_disjoint_and_complete_while_runs_arrive() {
        let (_dir, state) = state().await;
        insert_runs(&state, 0, 230).await;
        for status in [None, Some(TaskRunStatus::Failed)] {
            let query = TaskRunQuery { limit: Some(50), status, ..Default::default() };
            let mut pages: Vec<TaskRunPage> = vec![page(&state, query.clone()).await.unwrap()];
            assert!(pages[0].prev_cursor.is_none());
            let mut arriving = 1_000 + if status.is_some() { 100 } else { 0 };
            while let Some(next) = pages.last().unwrap().next_cursor.clone() {
                // New task runs start (newer than any) while the user pages.
                insert_runs(&state, arriving, 7).await;
                arriving += 7;
                let next = page(&state, TaskRunQuery { after: Some(next), ..query.clone() }).await.unwrap();
                assert!(next.prev_cursor.is_some());
                pages.push(next);
            }
            let ids: Vec<&str> = pages.iter().flat_map(|p| p.items.iter().map(|t| t.id.as_str())).collect();
            let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "pages are disjoint");
            // The first pass's arrivals are there at the start of the second.
            let expected = if status.is_some() { 77 + 9 } else { 230 };
            assert_eq!(ids.len(), expected, "every TaskRun present at the start, once");
            assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, ties by insert: {ids:?}");

            // Back from the last page: the pages again, newest first within each, up to the
            // first page (itself, full: it may overlap the page after it).
            let mut back = vec![pages.last().unwrap().items.clone()];
            let mut prev = pages.last().unwrap().prev_cursor.clone();
            while let Some(before) = prev {
                let p = page(&state, TaskRunQuery { before: Some(before), ..query.clone() }).await.unwrap();
                assert!(p.has_more && p.next_cursor.is_some());
                assert!(p.items.len() == 50 && p.items.windows(2).all(|w| w[0].id > w[1].id));
                back.push(p.items.clone());
                prev = p.prev_cursor;
            }
            let first = page(&state, query.clone()).await.unwrap();
            assert_eq!(back.last().unwrap(), &first.items, "back at the start: the first page");
            let mut walked_back: Vec<String> = back.iter().rev().flatten().map(|t| t.id.clone()).collect();
            walked_back.sort_unstable_by(|a, b| b.cmp(a));
            walked_back.dedup();
            assert!(walked_back.ends_with(&ids.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
        }
        let error = page(&state, TaskRunQuery { after: Some("nope".into()), ..Default::default() })
            .await
            .unwrap_err();
        assert!(error.message.starts_with("after: "), "{}", error.message);
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn unknown_task_runs_are_not_found() {
        let (_dir, state) = state().await;
        assert_eq!(detail(&state, "nope").await.unwrap_err().code, "not_found");
        assert_eq!(replay(&state, "nope", None).await.unwrap_err().code, "not_found");
        state.engine.close().await.unwrap();
    }
}
