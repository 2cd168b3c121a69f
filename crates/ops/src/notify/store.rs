//! SQLite storage of channels, rules and the notification record (runtime sqlx queries on
//! the engine's pool; the tables come from `migrations/20261126000003_notifications.sql`).

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use super::channel::{Channel, ChannelConfig};
use super::rules::{NewRule, QuietHours, Rule, Trigger};
use crate::error::{Error, Result};

pub(crate) fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn from_db(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::invalid(format!("stored timestamp '{s}': {e}")))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.message().contains("UNIQUE"))
}

// ---------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------

fn channel_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Channel> {
    let kind: String = row.try_get("kind")?;
    let config: String = row.try_get("config")?;
    Ok(Channel {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        config: ChannelConfig::from_stored(&kind, &config)?,
        enabled: row.try_get("enabled")?,
        created_at: from_db(&row.try_get::<String, _>("created_at")?)?,
    })
}

pub async fn list_channels(pool: &SqlitePool) -> Result<Vec<Channel>> {
    let rows = sqlx::query("SELECT * FROM notify_channels ORDER BY name").fetch_all(pool).await?;
    rows.iter().map(channel_from_row).collect()
}

pub async fn get_channel(pool: &SqlitePool, name: &str) -> Result<Channel> {
    let row = sqlx::query("SELECT * FROM notify_channels WHERE name = ?")
        .bind(name)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("channel '{name}'")))?;
    channel_from_row(&row)
}

pub(crate) async fn get_channel_by_id(pool: &SqlitePool, id: i64) -> Result<Channel> {
    let row = sqlx::query("SELECT * FROM notify_channels WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("channel #{id}")))?;
    channel_from_row(&row)
}

pub(crate) async fn insert_channel(
    pool: &SqlitePool,
    name: &str,
    config: &ChannelConfig,
    now: DateTime<Utc>,
) -> Result<Channel> {
    let now = to_db(now);
    let result = sqlx::query(
        "INSERT INTO notify_channels (name, kind, config, enabled, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?)",
    )
    .bind(name)
    .bind(config.kind().as_str())
    .bind(config.to_stored())
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await;
    match result {
        Ok(_) => get_channel(pool, name).await,
        Err(e) if is_unique_violation(&e) => {
            Err(Error::Conflict(format!("a channel named '{name}' already exists")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes a channel and its rules (the notification record keeps its name).
pub(crate) async fn delete_channel(pool: &SqlitePool, name: &str) -> Result<()> {
    let done = sqlx::query("DELETE FROM notify_channels WHERE name = ?").bind(name).execute(pool).await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(format!("channel '{name}'")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

const RULE_SELECT: &str = "SELECT r.*, c.name AS channel_name FROM notify_rules r
     JOIN notify_channels c ON c.id = r.channel_id";

fn rule_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Rule> {
    let trigger: String = row.try_get("trigger")?;
    let threshold: Option<i64> = row.try_get("threshold")?;
    let quiet_start: Option<String> = row.try_get("quiet_start")?;
    let quiet_end: Option<String> = row.try_get("quiet_end")?;
    let timezone: Option<String> = row.try_get("timezone")?;
    let quiet_hours = match (quiet_start, quiet_end) {
        (Some(a), Some(b)) => {
            Some(QuietHours::parse(&format!("{a}-{b}"), timezone.as_deref().unwrap_or("UTC"))?)
        }
        _ => None,
    };
    let cooldown: i64 = row.try_get("cooldown_secs")?;
    Ok(Rule {
        id: row.try_get("id")?,
        trigger: Trigger::from_stored(&trigger, threshold)?,
        channel_id: row.try_get("channel_id")?,
        channel: row.try_get("channel_name")?,
        deployment_id: row.try_get("deployment_id")?,
        cooldown: Duration::from_secs(cooldown.max(0) as u64),
        quiet_hours,
        enabled: row.try_get("enabled")?,
        created_at: from_db(&row.try_get::<String, _>("created_at")?)?,
    })
}

pub async fn list_rules(pool: &SqlitePool) -> Result<Vec<Rule>> {
    let rows = sqlx::query(&format!("{RULE_SELECT} ORDER BY r.id")).fetch_all(pool).await?;
    rows.iter().map(rule_from_row).collect()
}

/// Enabled rules with the trigger named `trigger`.
pub(crate) async fn rules_for(pool: &SqlitePool, trigger: &str) -> Result<Vec<Rule>> {
    let rows = sqlx::query(&format!("{RULE_SELECT} WHERE r.trigger = ? AND r.enabled = 1 ORDER BY r.id"))
        .bind(trigger)
        .fetch_all(pool)
        .await?;
    rows.iter().map(rule_from_row).collect()
}

pub(crate) async fn insert_rule(pool: &SqlitePool, rule: &NewRule, now: DateTime<Utc>) -> Result<Rule> {
    let channel = get_channel(pool, &rule.channel).await?;
    let cooldown = i64::try_from(rule.cooldown.as_secs()).unwrap_or(i64::MAX);
    let quiet = rule.quiet_hours.as_ref();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notify_rules (trigger, threshold, channel_id, deployment_id, cooldown_secs,
                                   quiet_start, quiet_end, timezone, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
    )
    .bind(rule.trigger.name())
    .bind(rule.trigger.threshold().map(i64::from))
    .bind(channel.id)
    .bind(&rule.deployment_id)
    .bind(cooldown)
    .bind(quiet.map(|q| q.start.format("%H:%M").to_string()))
    .bind(quiet.map(|q| q.end.format("%H:%M").to_string()))
    .bind(quiet.map(|q| q.timezone.name().to_owned()))
    .bind(to_db(now))
    .fetch_one(pool)
    .await?;
    get_rule(pool, id).await
}

pub async fn get_rule(pool: &SqlitePool, id: i64) -> Result<Rule> {
    let row = sqlx::query(&format!("{RULE_SELECT} WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("rule {id}")))?;
    rule_from_row(&row)
}

pub(crate) async fn delete_rule(pool: &SqlitePool, id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM notify_rules WHERE id = ?").bind(id).execute(pool).await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(format!("rule {id}")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The notification record
// ---------------------------------------------------------------------------------------------

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

pub(crate) async fn insert_notification(pool: &SqlitePool, n: &NotificationRecord) -> Result<()> {
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

/// The number of failed (Failed or Crashed) runs at the head of the finished runs of a
/// deployment (or, for `deployment_id = None`, of `flow_name` started without a deployment),
/// newest first, looking at most `limit` runs back. Cancelled runs neither count nor break
/// the streak.
pub(crate) async fn failure_streak(
    pool: &SqlitePool,
    deployment_id: Option<&str>,
    flow_name: &str,
    limit: u32,
) -> Result<u32> {
    let states: Vec<String> = match deployment_id {
        Some(d) => {
            sqlx::query_scalar(
                "SELECT state_type FROM flow_runs
                 WHERE deployment_id = ? AND state_type IN ('COMPLETED', 'FAILED', 'CRASHED')
                 ORDER BY created_at DESC, id DESC LIMIT ?",
            )
            .bind(d)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT state_type FROM flow_runs
                 WHERE flow_name = ? AND deployment_id IS NULL
                   AND state_type IN ('COMPLETED', 'FAILED', 'CRASHED')
                 ORDER BY created_at DESC, id DESC LIMIT ?",
            )
            .bind(flow_name)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        }
    };
    Ok(states.iter().take_while(|s| s.as_str() != "COMPLETED").count() as u32)
}
