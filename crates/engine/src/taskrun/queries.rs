//! Read queries over the TaskRun audit (the filtered list is in [`super::listing`]): the trail
//! of one flow run, one TaskRun by id, and call statistics per operation or actor, plus the
//! decoding of a `task_runs` row into a [`TaskRunRecord`].

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use std::collections::BTreeMap;

use super::{CallStats, CallStatsFilter, OperationStats, StatsGroupBy, TaskRunRecord};
use crate::clock::{from_db, to_db};
use crate::store::{opt_json, opt_time, parse_json, Store};
use crate::{EngineError, ErrorKind, Result, TaskRunStatus};

pub(super) const TASK_RUN_COLUMNS: &str =
    "id, operation_name, task_name, status, started_at, finished_at, duration_ms, \
     actor, orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, output, result_refs, \
     error_message, error_kind, error_traceback, tags, metadata, cache_key, replay_of";

impl Store {
    /// Every TaskRun of a flow run, in the order they started.
    pub async fn task_runs_of_flow_run(&self, flow_run_id: &str) -> Result<Vec<TaskRunRecord>> {
        let sql =
            format!("SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE flow_run_id = ? ORDER BY started_at, id");
        let rows = sqlx::query(&sql).bind(flow_run_id).fetch_all(self.pool()).await?;
        rows.iter().map(task_run_from_row).collect()
    }

    pub async fn get_task_run(&self, id: &str) -> Result<TaskRunRecord> {
        let sql = format!("SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref()
            .map(task_run_from_row)
            .unwrap_or_else(|| Err(EngineError::NotFound(format!("task run '{id}'"))))
    }

    /// Per-operation statistics over finished calls (optionally since a time).
    pub async fn operation_stats(&self, since: Option<DateTime<Utc>>) -> Result<Vec<OperationStats>> {
        let filter = CallStatsFilter { since, ..Default::default() };
        Ok(self
            .call_stats(&filter)
            .await?
            .into_iter()
            .map(|s| OperationStats {
                operation_name: s.group,
                runs: s.calls,
                successes: s.successes,
                failures: s.failures,
                success_rate: s.success_rate,
                avg_duration_ms: s.avg_duration_ms,
                p95_duration_ms: s.p95_duration_ms,
            })
            .collect())
    }

    /// Statistics of finished calls grouped by operation or actor, by name. One call is all
    /// the attempts sharing a `task_run_id`, counted once with its last attempt's outcome; a
    /// call whose last attempt is still running is left out.
    pub async fn call_stats(&self, filter: &CallStatsFilter) -> Result<Vec<CallStats>> {
        let group = match filter.by {
            StatsGroupBy::Operation => "operation_name",
            StatsGroupBy::Actor => "actor",
        };
        // Operation, actor and `orchestrated` are the same on every attempt of a call, so
        // they filter rows; the time filters apply to the call's first attempt.
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT grp, status, attempts, call_ms FROM (SELECT {group} AS grp, status, \
             ROW_NUMBER() OVER (PARTITION BY task_run_id ORDER BY attempt DESC, started_at DESC, rowid DESC) AS rn, \
             COUNT(*) OVER (PARTITION BY task_run_id) AS attempts, \
             SUM(duration_ms) OVER (PARTITION BY task_run_id) AS call_ms, \
             MIN(started_at) OVER (PARTITION BY task_run_id) AS first_start \
             FROM task_runs WHERE 1=1"
        ));
        if let Some(orchestrated) = filter.orchestrated {
            q.push(" AND orchestrated = ").push_bind(orchestrated);
        }
        if let Some(op) = filter.operation.as_deref().filter(|o| !o.is_empty()) {
            q.push(" AND operation_name = ").push_bind(op.to_owned());
        }
        q.push(") WHERE rn = 1 AND status <> 'running'");
        if let Some(since) = filter.since {
            q.push(" AND first_start >= ").push_bind(to_db(since));
        }
        if let Some(until) = filter.until {
            q.push(" AND first_start < ").push_bind(to_db(until));
        }
        let rows = q.build().fetch_all(self.pool()).await?;
        let mut groups: BTreeMap<String, Vec<(bool, i64, Option<i64>)>> = BTreeMap::new();
        for r in rows {
            let status: String = r.try_get("status")?;
            let ok =
                matches!(TaskRunStatus::parse(&status), Some(TaskRunStatus::Success | TaskRunStatus::Cached));
            groups.entry(r.try_get("grp")?).or_default().push((
                ok,
                r.try_get("attempts")?,
                r.try_get("call_ms")?,
            ));
        }
        Ok(groups.into_iter().map(|(group, calls)| summarize(group, &calls)).collect())
    }
}

/// The statistics of one group's calls: `(succeeded, attempts, duration_ms)` each.
fn summarize(group: String, calls: &[(bool, i64, Option<i64>)]) -> CallStats {
    let n = calls.len() as i64;
    let successes = calls.iter().filter(|c| c.0).count() as i64;
    let mut durations: Vec<i64> = calls.iter().filter_map(|c| c.2).collect();
    durations.sort_unstable();
    let total: i64 = durations.iter().sum();
    // p95: the duration below which 95% of the calls finished (nearest rank).
    let rank = ((durations.len() as f64) * 0.95).ceil().max(1.0) as usize - 1;
    CallStats {
        group,
        calls: n,
        attempts: calls.iter().map(|c| c.1).sum(),
        successes,
        failures: n - successes,
        success_rate: if n > 0 { successes as f64 / n as f64 } else { 0.0 },
        avg_duration_ms: (!durations.is_empty()).then(|| total as f64 / durations.len() as f64),
        total_duration_ms: total,
        p95_duration_ms: durations.get(rank).copied(),
    }
}

pub(super) fn task_run_from_row(r: &SqliteRow) -> Result<TaskRunRecord> {
    let status: String = r.try_get("status")?;
    let error_kind: Option<String> = r.try_get("error_kind")?;
    Ok(TaskRunRecord {
        id: r.try_get("id")?,
        operation_name: r.try_get("operation_name")?,
        task_name: r.try_get("task_name")?,
        status: TaskRunStatus::parse(&status)
            .ok_or_else(|| EngineError::Corrupt(format!("task_runs.status '{status}'")))?,
        started_at: from_db(&r.try_get::<String, _>("started_at")?)?,
        finished_at: opt_time(r.try_get("finished_at")?)?,
        duration_ms: r.try_get("duration_ms")?,
        actor: r.try_get("actor")?,
        orchestrated: r.try_get("orchestrated")?,
        flow_run_id: r.try_get("flow_run_id")?,
        task_run_id: r.try_get("task_run_id")?,
        attempt: r.try_get("attempt")?,
        input_dump: parse_json(&r.try_get::<String, _>("input_dump")?, "task_runs.input_dump")?,
        input_hash: r.try_get("input_hash")?,
        output: opt_json(r.try_get("output")?, "task_runs.output")?,
        result_refs: serde_json::from_str(&r.try_get::<String, _>("result_refs")?)
            .map_err(|e| EngineError::Corrupt(format!("task_runs.result_refs: {e}")))?,
        error_message: r.try_get("error_message")?,
        error_kind: error_kind.as_deref().and_then(ErrorKind::parse),
        error_traceback: r.try_get("error_traceback")?,
        tags: serde_json::from_str(&r.try_get::<String, _>("tags")?)
            .map_err(|e| EngineError::Corrupt(format!("task_runs.tags: {e}")))?,
        metadata: parse_json(&r.try_get::<String, _>("metadata")?, "task_runs.metadata")?,
        cache_key: r.try_get("cache_key")?,
        replay_of: r.try_get("replay_of")?,
    })
}
