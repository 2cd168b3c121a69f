//! The daily digest: what happened in the last N hours (flow runs by state, the failures,
//! notifications sent / failed / skipped), composed as one notice and delivered through the
//! rules with trigger `digest`. The `notify_digest` operation composes and delivers it; to get
//! it every day, deploy the `daily_digest` flow on a cron schedule (see docs/notifications.md).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

use super::store::to_db;
use crate::error::Result;

/// A failed or crashed run listed in the digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestFailure {
    pub flow_run_id: String,
    pub flow_name: String,
    pub state: String,
    pub error: Option<String>,
}

/// The digest of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Finished flow runs by state name (Completed, Failed, TimedOut, Crashed, Cancelled).
    pub runs: BTreeMap<String, i64>,
    /// The most recent failures (at most 10).
    pub failures: Vec<DigestFailure>,
    /// Notifications by status (sent, failed, skipped), the digest itself not included.
    pub notifications: BTreeMap<String, i64>,
    pub title: String,
    pub message: String,
}

/// Composes the digest of the `hours` before `now`.
pub async fn compose(pool: &SqlitePool, now: DateTime<Utc>, hours: u32) -> Result<Digest> {
    let since = now - Duration::hours(i64::from(hours.max(1)));
    let (from, to) = (to_db(since), to_db(now));
    let runs: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state_name, COUNT(*) FROM flow_runs
         WHERE created_at >= ? AND created_at < ? AND state_type IN ('COMPLETED','FAILED','CRASHED','CANCELLED')
         GROUP BY state_name",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let failures: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, flow_name, state_name, error FROM flow_runs
         WHERE created_at >= ? AND created_at < ? AND state_type IN ('FAILED','CRASHED')
         ORDER BY created_at DESC LIMIT 10",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let notifications: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM notifications
         WHERE created_at >= ? AND created_at < ? AND trigger <> 'digest' GROUP BY status",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let runs: BTreeMap<String, i64> = runs.into_iter().collect();
    let notifications: BTreeMap<String, i64> = notifications.into_iter().collect();
    let failures: Vec<DigestFailure> = failures
        .into_iter()
        .map(|(flow_run_id, flow_name, state, error)| DigestFailure { flow_run_id, flow_name, state, error })
        .collect();
    let total: i64 = runs.values().sum();
    let failed = failures.len();
    let title = format!("JobHunter digest: {total} runs, {failed} failed (last {hours} h)");
    let mut lines = Vec::new();
    if runs.is_empty() {
        lines.push("No flow runs finished in this period.".to_owned());
    } else {
        let by_state: Vec<String> = runs.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        lines.push(format!("Flow runs: {}", by_state.join(", ")));
    }
    for f in &failures {
        lines.push(format!(
            "- {} {} ({}): {}",
            f.flow_name,
            f.state,
            f.flow_run_id,
            f.error.as_deref().unwrap_or("no error message")
        ));
    }
    if !notifications.is_empty() {
        let by_status: Vec<String> = notifications.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        lines.push(format!("Notifications: {}", by_status.join(", ")));
    }
    Ok(Digest { since, until: now, runs, failures, notifications, title, message: lines.join("\n") })
}
