//! The notification record: the rows of `notifications` (one per attempt to notify, with its
//! outcome), how they are written before and after a delivery, listed, and consulted by the
//! rules (last success for cooldowns, once per dedupe key).
//!
//! Why a module of its own: the record is the one history every channel and rule shares, read
//! by the UI and CLI; `store` keeps the configuration (channels, rules) and claims.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use super::store::{from_db, to_db};
use crate::error::{Error, Result};

/// What happened to one attempt to notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Sent,
    Failed,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "skipped" => Self::Skipped,
            _ => return None,
        })
    }
}

/// One row of `notifications`: an attempt to notify and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotificationRecord {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub channel_id: Option<i64>,
    pub channel: String,
    pub channel_kind: String,
    pub rule_id: Option<i64>,
    pub trigger: String,
    pub flow_run_id: Option<String>,
    pub deployment_id: Option<String>,
    pub title: String,
    pub message: String,
    pub level: String,
    pub status: Status,
    /// Why it was skipped: `cooldown`, `quiet_hours`, `no_desktop`, `disabled`.
    pub reason: Option<String>,
    /// Why it failed: what the channel said.
    pub error: Option<String>,
    pub duration_ms: Option<i64>,
    /// Identifies what the notification is about (a flow run, a batch of jobs, a digest
    /// day), so that a rule never notifies twice about the same thing.
    #[serde(skip)]
    pub dedupe_key: Option<String>,
}

pub(crate) async fn insert_notification(
    db: impl sqlx::SqliteExecutor<'_>,
    n: &NotificationRecord,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, created_at, channel_id, channel_name, channel_kind, rule_id,
             trigger, flow_run_id, deployment_id, title, message, level, status, reason, error,
             duration_ms, dedupe_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&n.id)
    .bind(to_db(n.created_at))
    .bind(n.channel_id)
    .bind(&n.channel)
    .bind(&n.channel_kind)
    .bind(n.rule_id)
    .bind(&n.trigger)
    .bind(&n.flow_run_id)
    .bind(&n.deployment_id)
    .bind(&n.title)
    .bind(&n.message)
    .bind(&n.level)
    .bind(n.status.as_str())
    .bind(&n.reason)
    .bind(&n.error)
    .bind(n.duration_ms)
    .bind(&n.dedupe_key)
    .execute(db)
    .await?;
    Ok(())
}

/// Completes the row `n.id` written before its delivery with the outcome in `n`.
pub(crate) async fn finish_notification(pool: &SqlitePool, n: &NotificationRecord) -> Result<()> {
    sqlx::query(
        "UPDATE notifications SET status = ?, reason = ?, error = ?, duration_ms = ?, title = ?, message = ?
         WHERE id = ?",
    )
    .bind(n.status.as_str())
    .bind(&n.reason)
    .bind(&n.error)
    .bind(n.duration_ms)
    .bind(&n.title)
    .bind(&n.message)
    .bind(&n.id)
    .execute(pool)
    .await?;
    Ok(())
}

fn notification_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<NotificationRecord> {
    let status: String = row.try_get("status")?;
    Ok(NotificationRecord {
        id: row.try_get("id")?,
        created_at: from_db(&row.try_get::<String, _>("created_at")?)?,
        channel_id: row.try_get("channel_id")?,
        channel: row.try_get("channel_name")?,
        channel_kind: row.try_get("channel_kind")?,
        rule_id: row.try_get("rule_id")?,
        trigger: row.try_get("trigger")?,
        flow_run_id: row.try_get("flow_run_id")?,
        deployment_id: row.try_get("deployment_id")?,
        title: row.try_get("title")?,
        message: row.try_get("message")?,
        level: row.try_get("level")?,
        status: Status::parse(&status).ok_or_else(|| Error::invalid(format!("stored status '{status}'")))?,
        reason: row.try_get("reason")?,
        error: row.try_get("error")?,
        duration_ms: row.try_get("duration_ms")?,
        dedupe_key: row.try_get("dedupe_key")?,
    })
}

/// Selects notifications, newest first.
#[derive(Debug, Clone, Default)]
pub struct NotificationFilter {
    pub status: Option<Status>,
    pub channel: Option<String>,
    pub rule_id: Option<i64>,
    pub flow_run_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    /// 0 means 50.
    pub limit: u32,
}

pub async fn list_notifications(
    pool: &SqlitePool,
    f: &NotificationFilter,
) -> Result<Vec<NotificationRecord>> {
    let mut sql = String::from("SELECT * FROM notifications WHERE 1 = 1");
    if f.status.is_some() {
        sql.push_str(" AND status = ?");
    }
    if f.channel.is_some() {
        sql.push_str(" AND channel_name = ?");
    }
    if f.rule_id.is_some() {
        sql.push_str(" AND rule_id = ?");
    }
    if f.flow_run_id.is_some() {
        sql.push_str(" AND flow_run_id = ?");
    }
    if f.since.is_some() {
        sql.push_str(" AND created_at >= ?");
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    let mut q = sqlx::query(&sql);
    if let Some(s) = f.status {
        q = q.bind(s.as_str());
    }
    if let Some(c) = &f.channel {
        q = q.bind(c);
    }
    if let Some(r) = f.rule_id {
        q = q.bind(r);
    }
    if let Some(id) = &f.flow_run_id {
        q = q.bind(id);
    }
    if let Some(t) = f.since {
        q = q.bind(to_db(t));
    }
    q = q.bind(if f.limit == 0 { 50 } else { i64::from(f.limit) });
    q.fetch_all(pool).await?.iter().map(notification_from_row).collect()
}

/// When `rule_id` last delivered successfully (cooldowns count from there).
pub(crate) async fn last_sent(pool: &SqlitePool, rule_id: i64) -> Result<Option<DateTime<Utc>>> {
    let t: Option<String> = sqlx::query_scalar(
        "SELECT created_at FROM notifications WHERE rule_id = ? AND status = 'sent'
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(rule_id)
    .fetch_optional(pool)
    .await?;
    t.as_deref().map(from_db).transpose()
}

/// Whether `rule_id` already made an attempt about `dedupe_key`.
pub(crate) async fn already_handled(pool: &SqlitePool, rule_id: i64, dedupe_key: &str) -> Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE rule_id = ? AND dedupe_key = ?")
            .bind(rule_id)
            .bind(dedupe_key)
            .fetch_one(pool)
            .await?;
    Ok(n > 0)
}
