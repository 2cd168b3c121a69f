//! SQLite storage of channels, rules and the notification record (runtime sqlx queries on
//! the engine's pool; the tables come from `migrations/20261126000003_notifications.sql`).
//! The rows of `notifications` themselves are read and written in `notifications`.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{Row, SqlitePool};

use super::channel::{Channel, ChannelConfig};
pub(crate) use super::notifications::{already_handled, finish_notification, insert_notification, last_sent};
pub use super::notifications::{list_notifications, NotificationFilter, NotificationRecord, Status};
use super::rules::{NewRule, QuietHours, Rule, Trigger};
use crate::error::{Error, Result};

pub(crate) fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(super) fn from_db(s: &str) -> Result<DateTime<Utc>> {
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
// Jobs a rule has announced (high matches once per job)
// ---------------------------------------------------------------------------------------------

/// The cross-board identity (`jobs.dedupe_key`) of each of `job_ids` that is stored.
pub(crate) async fn job_identities<'a>(
    pool: &SqlitePool,
    job_ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>> {
    let ids: Vec<&str> = job_ids.into_iter().collect();
    let mut out = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT id, dedupe_key FROM jobs WHERE id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        for row in q.build().fetch_all(pool).await? {
            out.insert(row.try_get("id")?, row.try_get("dedupe_key")?);
        }
    }
    Ok(out)
}

/// Which of `identities` rule `rule_id` has already announced.
pub(crate) async fn notified_identities<'a>(
    pool: &SqlitePool,
    rule_id: i64,
    identities: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashSet<String>> {
    let keys: Vec<&str> = identities.into_iter().collect();
    let mut out = std::collections::HashSet::new();
    for chunk in keys.chunks(500) {
        let mut q =
            sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT job_key FROM notified_jobs WHERE rule_id = ");
        q.push_bind(rule_id).push(" AND job_key IN (");
        let mut list = q.separated(", ");
        for key in chunk {
            list.push_bind(*key);
        }
        q.push(")");
        for row in q.build().fetch_all(pool).await? {
            out.insert(row.try_get("job_key")?);
        }
    }
    Ok(out)
}

/// Claims `identity` for rule `rule_id` and notification `notification_id`: true when this call
/// claimed it, false when the rule had announced it already.
pub(crate) async fn claim_job(
    db: impl sqlx::SqliteExecutor<'_>,
    rule_id: i64,
    identity: &str,
    job_id: &str,
    notification_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO notified_jobs (rule_id, job_key, job_id, notification_id, notified_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (rule_id, job_key) DO NOTHING",
    )
    .bind(rule_id)
    .bind(identity)
    .bind(job_id)
    .bind(notification_id)
    .bind(to_db(now))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives back the claims of notification `notification_id` (its delivery did not reach the user).
pub(crate) async fn release_claims(pool: &SqlitePool, notification_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM notified_jobs WHERE notification_id = ?")
        .bind(notification_id)
        .execute(pool)
        .await?;
    Ok(())
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
