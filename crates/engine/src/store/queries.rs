//! Read queries over the audit tables, plus the few maintenance writes that are not part of
//! running a task (cleanup, crash recovery, cancellation requests).

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::records::*;
use super::Store;
use crate::clock::{from_db, to_db};
use crate::{EngineError, ErrorKind, Result, StateType, TaskRunStatus};

const TASK_RUN_COLUMNS: &str =
    "id, operation_name, task_name, status, started_at, finished_at, duration_ms, \
     actor, orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, output, result_refs, \
     error_message, error_kind, error_traceback, tags, metadata, cache_key, replay_of";

const FLOW_RUN_COLUMNS: &str =
    "id, flow_name, deployment_id, trigger, actor, parameters, state_type, state_name, \
     result, error, created_at, started_at, finished_at, duration_ms, restarted_from, run_count";

impl Store {
    /// TaskRuns matching `filter`, newest first (ties: the later insert first).
    ///
    /// The page is chosen on an index alone (every filter's index ends in `started_at`, and
    /// SQLite indexes carry the rowid), then only its rows are read: a page deep into 100,000
    /// TaskRuns skips index entries, not whole rows with their inputs and outputs.
    pub async fn list_task_runs(&self, filter: &TaskRunFilter) -> Result<Vec<TaskRunRecord>> {
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE rowid IN (SELECT rowid FROM task_runs WHERE 1=1"
        ));
        if let Some(id) = &filter.flow_run_id {
            q.push(" AND flow_run_id = ").push_bind(id.clone());
        }
        if let Some(status) = filter.status {
            q.push(" AND status = ").push_bind(status.as_str());
        }
        if let Some(op) = &filter.operation {
            q.push(" AND operation_name = ").push_bind(op.clone());
        }
        if let Some(since) = filter.since {
            q.push(" AND started_at >= ").push_bind(to_db(since));
        }
        if let Some(until) = filter.until {
            q.push(" AND started_at < ").push_bind(to_db(until));
        }
        q.push(" ORDER BY started_at DESC, rowid DESC LIMIT ")
            .push_bind(page(filter.limit))
            .push(" OFFSET ")
            .push_bind(filter.offset as i64)
            .push(") ORDER BY started_at DESC, rowid DESC");
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter().map(task_run_from_row).collect()
    }

    /// Every TaskRun of a flow run, in the order they started.
    pub async fn task_runs_of_flow_run(&self, flow_run_id: &str) -> Result<Vec<TaskRunRecord>> {
        let sql =
            format!("SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE flow_run_id = ? ORDER BY started_at, id");
        let rows = sqlx::query(&sql).bind(flow_run_id).fetch_all(&self.pool).await?;
        rows.iter().map(task_run_from_row).collect()
    }

    pub async fn get_task_run(&self, id: &str) -> Result<TaskRunRecord> {
        let sql = format!("SELECT {TASK_RUN_COLUMNS} FROM task_runs WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref()
            .map(task_run_from_row)
            .unwrap_or_else(|| Err(EngineError::NotFound(format!("task run '{id}'"))))
    }

    /// Flow runs matching `filter`, newest first.
    pub async fn list_flow_runs(&self, filter: &FlowRunFilter) -> Result<Vec<FlowRunRecord>> {
        let mut q =
            QueryBuilder::<Sqlite>::new(format!("SELECT {FLOW_RUN_COLUMNS} FROM flow_runs WHERE 1=1"));
        if let Some(name) = &filter.flow_name {
            q.push(" AND flow_name = ").push_bind(name.clone());
        }
        if let Some(state) = filter.state_type {
            q.push(" AND state_type = ").push_bind(state.as_str());
        }
        if let Some(dep) = &filter.deployment_id {
            q.push(" AND deployment_id = ").push_bind(dep.clone());
        }
        if let Some(since) = filter.since {
            q.push(" AND created_at >= ").push_bind(to_db(since));
        }
        if let Some(until) = filter.until {
            q.push(" AND created_at < ").push_bind(to_db(until));
        }
        q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
            .push_bind(page(filter.limit))
            .push(" OFFSET ")
            .push_bind(filter.offset as i64);
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter().map(flow_run_from_row).collect()
    }

    pub async fn get_flow_run(&self, id: &str) -> Result<FlowRunRecord> {
        let sql = format!("SELECT {FLOW_RUN_COLUMNS} FROM flow_runs WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref()
            .map(flow_run_from_row)
            .unwrap_or_else(|| Err(EngineError::NotFound(format!("flow run '{id}'"))))
    }

    /// Log lines of a flow run (including its task runs) or of one task run, oldest first.
    pub async fn logs(
        &self,
        flow_run_id: Option<&str>,
        task_run_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<LogRecord>> {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT id, flow_run_id, task_run_id, ts, level, target, message FROM run_logs WHERE 1=1",
        );
        if let Some(f) = flow_run_id {
            q.push(" AND flow_run_id = ").push_bind(f.to_owned());
        }
        if let Some(t) = task_run_id {
            q.push(" AND task_run_id = ").push_bind(t.to_owned());
        }
        q.push(" ORDER BY id LIMIT ").push_bind(if limit == 0 { 1000 } else { limit as i64 });
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(LogRecord {
                    id: r.try_get("id")?,
                    flow_run_id: r.try_get("flow_run_id")?,
                    task_run_id: r.try_get("task_run_id")?,
                    ts: from_db(&r.try_get::<String, _>("ts")?)?,
                    level: r.try_get("level")?,
                    target: r.try_get("target")?,
                    message: r.try_get("message")?,
                })
            })
            .collect()
    }

    /// Finished flow runs per local calendar day (of their end) since `since`: `(day
    /// "YYYY-MM-DD", state_type, count)`, in no particular order.
    pub async fn flow_runs_per_day(&self, since: DateTime<Utc>) -> Result<Vec<(String, String, i64)>> {
        let rows = sqlx::query(
            "SELECT date(COALESCE(finished_at, created_at), 'localtime') AS day, state_type, COUNT(*) AS n \
             FROM flow_runs WHERE created_at >= ? AND state_type IN ('COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED') \
             GROUP BY day, state_type",
        )
        .bind(to_db(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("day")?, r.try_get("state_type")?, r.try_get("n")?))).collect()
    }

    /// Per-operation statistics over finished TaskRuns (optionally since a time).
    pub async fn operation_stats(&self, since: Option<DateTime<Utc>>) -> Result<Vec<OperationStats>> {
        let since = since.map(to_db).unwrap_or_default();
        let rows = sqlx::query(
            "SELECT operation_name, COUNT(*) AS runs, \
             SUM(status IN ('success', 'cached')) AS successes, \
             SUM(status NOT IN ('success', 'cached')) AS failures, \
             AVG(duration_ms) AS avg_ms \
             FROM task_runs WHERE status <> 'running' AND started_at >= ? \
             GROUP BY operation_name ORDER BY operation_name",
        )
        .bind(&since)
        .fetch_all(&self.pool)
        .await?;
        let mut stats = Vec::with_capacity(rows.len());
        for r in rows {
            let operation_name: String = r.try_get("operation_name")?;
            let runs: i64 = r.try_get("runs")?;
            let successes: i64 = r.try_get("successes")?;
            // p95: the duration below which 95% of the runs finished (nearest rank).
            let rank = ((runs as f64) * 0.95).ceil().max(1.0) as i64 - 1;
            let p95: Option<i64> = sqlx::query_scalar(
                "SELECT duration_ms FROM task_runs WHERE operation_name = ? AND status <> 'running' \
                 AND started_at >= ? AND duration_ms IS NOT NULL ORDER BY duration_ms LIMIT 1 OFFSET ?",
            )
            .bind(&operation_name)
            .bind(&since)
            .bind(rank)
            .fetch_optional(&self.pool)
            .await?;
            stats.push(OperationStats {
                success_rate: if runs > 0 { successes as f64 / runs as f64 } else { 0.0 },
                failures: r.try_get("failures")?,
                avg_duration_ms: r.try_get("avg_ms")?,
                p95_duration_ms: p95,
                operation_name,
                runs,
                successes,
            });
        }
        Ok(stats)
    }

    /// A cached value under `key` that has not expired at `now`.
    pub async fn cache_get(&self, key: &str, now: DateTime<Utc>) -> Result<Option<Value>> {
        let value: Option<String> = sqlx::query_scalar(
            "SELECT value FROM result_cache WHERE cache_key = ? AND (expires_at IS NULL OR expires_at > ?)",
        )
        .bind(key)
        .bind(to_db(now))
        .fetch_optional(&self.pool)
        .await?;
        value.map(|v| parse_json(&v, "result_cache.value")).transpose()
    }

    /// Deletes finished flow runs, TaskRuns and logs that started before `cutoff`, and
    /// expired cache entries. Runs still in progress are kept whatever their age.
    pub async fn cleanup_older_than(
        &self,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<CleanupCounts> {
        let cutoff = to_db(cutoff);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let logs = sqlx::query("DELETE FROM run_logs WHERE ts < ?").bind(&cutoff).execute(&mut *tx).await?;
        let task_runs = sqlx::query("DELETE FROM task_runs WHERE started_at < ? AND status <> 'running'")
            .bind(&cutoff)
            .execute(&mut *tx)
            .await?;
        // Task runs of an old flow run go with it (ON DELETE CASCADE); count them too.
        let cascaded: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM task_runs WHERE flow_run_id IN (SELECT id FROM flow_runs WHERE created_at < ? \
             AND state_type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'))",
        )
        .bind(&cutoff)
        .fetch_one(&mut *tx)
        .await?;
        let flow_runs = sqlx::query(
            "DELETE FROM flow_runs WHERE created_at < ? AND state_type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED')",
        )
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?;
        let cache = sqlx::query("DELETE FROM result_cache WHERE expires_at IS NOT NULL AND expires_at <= ?")
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(CleanupCounts {
            task_runs: task_runs.rows_affected() + cascaded as u64,
            flow_runs: flow_runs.rows_affected(),
            logs: logs.rows_affected(),
            cache_entries: cache.rows_affected(),
        })
    }

    /// Marks the runs of a dead engine instance as Crashed. Returns (flow runs, task runs).
    pub(crate) async fn mark_crashed(&self, owner: &str, now: DateTime<Utc>) -> Result<(u64, u64)> {
        let now = to_db(now);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let tasks = sqlx::query(
            "UPDATE task_runs SET status = 'crashed', finished_at = ?, error_kind = 'crashed', \
             error_message = 'the process running this task exited before it finished' \
             WHERE owner = ? AND status = 'running'",
        )
        .bind(&now)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        let flows = sqlx::query(
            "UPDATE flow_runs SET state_type = 'CRASHED', state_name = 'Crashed', finished_at = ?, \
             error = 'the process running this flow exited before it finished' \
             WHERE owner = ? AND state_type IN ('RUNNING', 'PENDING', 'PAUSED')",
        )
        .bind(&now)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((flows.rows_affected(), tasks.rows_affected()))
    }

    /// Engine instances that own runs still marked in progress.
    pub(crate) async fn owners_of_open_runs(&self) -> Result<Vec<String>> {
        let owners = sqlx::query_scalar(
            "SELECT owner FROM task_runs WHERE status = 'running' AND owner IS NOT NULL \
             UNION SELECT owner FROM flow_runs WHERE state_type IN ('RUNNING', 'PENDING', 'PAUSED') \
             AND owner IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(owners)
    }

    /// Claims a Scheduled flow run for `owner` (Scheduled -> Running) in one conditional
    /// update; false when it is no longer Scheduled (another process started or cancelled it).
    pub(crate) async fn claim_scheduled(
        &self,
        flow_run_id: &str,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET state_type = 'RUNNING', state_name = 'Running', owner = ?, started_at = ? \
             WHERE id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(owner)
        .bind(to_db(now))
        .bind(flow_run_id)
        .execute(&self.pool)
        .await?;
        Ok(res.rows_affected() == 1)
    }

    /// Cancels a flow run that has not started (still Scheduled); false when it has meanwhile
    /// been claimed or ended.
    pub(crate) async fn cancel_scheduled(&self, flow_run_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET state_type = 'CANCELLED', state_name = 'Cancelled', finished_at = ? \
             WHERE id = ? AND state_type = 'SCHEDULED'",
        )
        .bind(to_db(now))
        .bind(flow_run_id)
        .execute(&self.pool)
        .await?;
        Ok(res.rows_affected() == 1)
    }

    /// Asks the process that runs `flow_run_id` to cancel it.
    pub(crate) async fn request_cancel(&self, flow_run_id: &str) -> Result<bool> {
        let res = sqlx::query(
            "UPDATE flow_runs SET cancel_requested = 1 WHERE id = ? AND state_type IN ('RUNNING', 'PENDING', 'PAUSED')",
        )
        .bind(flow_run_id)
        .execute(&self.pool)
        .await?;
        Ok(res.rows_affected() > 0)
    }

    /// Flow runs owned by `owner` whose cancellation another process asked for.
    pub(crate) async fn cancel_requests(&self, owner: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM flow_runs WHERE owner = ? AND cancel_requested = 1 AND state_type = 'RUNNING'",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await?)
    }
}

fn page(limit: u32) -> i64 {
    if limit == 0 {
        DEFAULT_PAGE as i64
    } else {
        limit as i64
    }
}

fn parse_json(s: &str, what: &str) -> Result<Value> {
    serde_json::from_str(s).map_err(|e| EngineError::Corrupt(format!("{what}: {e}")))
}

fn opt_json(s: Option<String>, what: &str) -> Result<Option<Value>> {
    s.map(|s| parse_json(&s, what)).transpose()
}

fn opt_time(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.map(|s| from_db(&s)).transpose()
}

fn task_run_from_row(r: &SqliteRow) -> Result<TaskRunRecord> {
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

fn flow_run_from_row(r: &SqliteRow) -> Result<FlowRunRecord> {
    let state_type: String = r.try_get("state_type")?;
    Ok(FlowRunRecord {
        id: r.try_get("id")?,
        flow_name: r.try_get("flow_name")?,
        deployment_id: r.try_get("deployment_id")?,
        trigger: r.try_get("trigger")?,
        actor: r.try_get("actor")?,
        parameters: parse_json(&r.try_get::<String, _>("parameters")?, "flow_runs.parameters")?,
        state_type: StateType::parse(&state_type)
            .ok_or_else(|| EngineError::Corrupt(format!("flow_runs.state_type '{state_type}'")))?,
        state_name: r.try_get("state_name")?,
        result: opt_json(r.try_get("result")?, "flow_runs.result")?,
        error: r.try_get("error")?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        started_at: opt_time(r.try_get("started_at")?)?,
        finished_at: opt_time(r.try_get("finished_at")?)?,
        duration_ms: r.try_get("duration_ms")?,
        restarted_from: r.try_get("restarted_from")?,
        run_count: r.try_get("run_count")?,
    })
}
