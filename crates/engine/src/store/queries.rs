//! Queries that belong to no single run kind: captured log lines, the result cache, and the
//! maintenance writes that span the audit tables (cleanup, crash recovery), plus the column
//! decoders every query module shares. TaskRun and flow-run queries live in `taskrun/` and
//! `flow/`.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{QueryBuilder, Row, Sqlite};

use super::audit_keys::{hour_of, last_run_until, open_runs, SWEPT};
use super::records::*;
use super::Store;
use crate::clock::{from_db, to_db};
use crate::{EngineError, Result};

impl Store {
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
        // Only the rowids the hours before the cutoff span (`task_run_hours`), and the rows past
        // the swept mark: not a walk over every TaskRun while holding the write lock.
        let hour = hour_of(&cutoff);
        let (before, after) = last_run_until();
        let old = format!(
            "DELETE FROM task_runs WHERE rowid <= {before}?{after} AND started_at < ? AND status <> 'running'"
        );
        let recent =
            format!("DELETE FROM task_runs WHERE rowid > {SWEPT} AND started_at < ? AND status <> 'running'");
        let mut task_runs =
            sqlx::query(&old).bind(&hour).bind(&cutoff).execute(&mut *tx).await?.rows_affected();
        task_runs += sqlx::query(&recent).bind(&cutoff).execute(&mut *tx).await?.rows_affected();
        // The hours whose TaskRuns are all gone (running ones are kept whatever their age).
        sqlx::query(
            "DELETE FROM task_run_hours WHERE hour < ? AND NOT EXISTS (SELECT 1 FROM task_runs \
             WHERE rowid BETWEEN first_run AND last_run AND status = 'running')",
        )
        .bind(&hour)
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
            task_runs: task_runs + cascaded as u64,
            flow_runs: flow_runs.rows_affected(),
            logs: logs.rows_affected(),
            cache_entries: cache.rows_affected(),
        })
    }

    /// Marks the runs of a dead engine instance as Crashed. Returns (flow runs, task runs).
    /// Marks the open runs of dead engine instance `owner` as crashed; returns the flow runs
    /// it ended (id, flow name, deployment) and how many task runs.
    pub(crate) async fn mark_crashed(
        &self,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<(Vec<(String, String, Option<String>)>, u64)> {
        let now = to_db(now);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // Its open rows: by their audit keys, and among the rows recorded since the last batch.
        let tasks = sqlx::query(&format!(
            "UPDATE task_runs SET status = 'crashed', finished_at = ?, error_kind = 'crashed', \
             error_message = 'the process running this task exited before it finished' \
             WHERE rowid IN ({}) AND owner = ? AND status = 'running'",
            open_runs(true)
        ))
        .bind(&now)
        .bind(owner)
        .bind(owner)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        let flows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "UPDATE flow_runs SET state_type = 'CRASHED', state_name = 'Crashed', finished_at = ?, \
             error = 'the process running this flow exited before it finished' \
             WHERE owner = ? AND state_type IN ('RUNNING', 'PENDING', 'PAUSED') \
             RETURNING id, flow_name, deployment_id",
        )
        .bind(&now)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((flows, tasks.rows_affected()))
    }

    /// Engine instances that own runs still marked in progress.
    pub(crate) async fn owners_of_open_runs(&self) -> Result<Vec<String>> {
        let owners = sqlx::query_scalar(&format!(
            "SELECT owner FROM task_runs WHERE rowid IN ({}) AND status = 'running' AND owner IS NOT NULL \
             UNION SELECT owner FROM flow_runs WHERE state_type IN ('RUNNING', 'PENDING', 'PAUSED') \
             AND owner IS NOT NULL",
            open_runs(false)
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(owners)
    }
}

pub(crate) fn page(limit: u32) -> i64 {
    if limit == 0 {
        DEFAULT_PAGE as i64
    } else {
        limit as i64
    }
}

pub(crate) fn parse_json(s: &str, what: &str) -> Result<Value> {
    serde_json::from_str(s).map_err(|e| EngineError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn opt_json(s: Option<String>, what: &str) -> Result<Option<Value>> {
    s.map(|s| parse_json(&s, what)).transpose()
}

pub(crate) fn opt_time(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.map(|s| from_db(&s)).transpose()
}
