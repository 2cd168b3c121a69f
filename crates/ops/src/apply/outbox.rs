//! The outbox of application emails (`application_sends`, one row per job): what makes
//! "never twice" hold across processes, cancellations and lost replies.
//!
//! * [`claim`]: in ONE `BEGIN IMMEDIATE` transaction, re-checks never-twice (the tracker and
//!   this table), counts today's applications against the daily cap (including sends under
//!   way or of unknown outcome) and claims the job with a `sending` row carrying the fixed
//!   Message-ID of the email. A second process waits for the write lock, then sees the row.
//! * [`finish`]: records the outcome (`sent`, `failed`, `unknown`) together with the
//!   application's stage and event, compare-and-set on the claimed attempt.
//! * A `sending` row that outlived its send (the process was killed) counts as `unknown`.
//! * An `unknown` send is never retried automatically; [`mark_send_sent`] and
//!   [`allow_send_again`] resolve it by hand.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::OpError;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::employer::refuse_same_employer;
pub use super::employer::SAME_EMPLOYER_DAYS;
use super::tracker::{note_tx, record_tx, ts};
use super::{ApplicationView, Stage, DAILY_CAP};
use crate::{Error, Result};

/// Where an application email is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SendStatus {
    /// Claimed; the send is under way (or its process died: then it counts as unknown).
    Sending,
    /// The server accepted the message (or it was marked sent by hand).
    Sent,
    /// Maybe delivered, maybe not; never retried automatically.
    Unknown,
    /// Definitely not delivered; a later `apply_job` may send again.
    Failed,
}

impl SendStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Unknown => "unknown",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Sending, Self::Sent, Self::Unknown, Self::Failed].into_iter().find(|x| x.as_str() == s)
    }
}

impl std::fmt::Display for SendStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the outbox: the (latest) application email of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationSend {
    pub id: String,
    pub job_id: String,
    pub status: SendStatus,
    /// The Message-ID header of the latest attempt (`<...@...>`).
    pub message_id: String,
    pub channel: String,
    pub recipient: String,
    pub cv_id: Option<String>,
    pub attempts: u32,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// The server's reply, the error, or the note of a resolution by hand.
    pub detail: Option<String>,
}

const SEND_SQL: &str = "SELECT id, job_id, status, message_id, channel, recipient, cv_id, attempts, \
                        started_at, finished_at, detail FROM application_sends";

fn send_of(row: &sqlx::sqlite::SqliteRow) -> Result<ApplicationSend> {
    let status: String = row.try_get("status")?;
    Ok(ApplicationSend {
        id: row.try_get("id")?,
        job_id: row.try_get("job_id")?,
        status: SendStatus::parse(&status)
            .ok_or_else(|| Error::invalid(format!("stored application send: unknown status '{status}'")))?,
        message_id: row.try_get("message_id")?,
        channel: row.try_get("channel")?,
        recipient: row.try_get("recipient")?,
        cv_id: row.try_get("cv_id")?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        detail: row.try_get("detail")?,
    })
}

async fn send_in(conn: &mut SqliteConnection, job_id: &str) -> Result<Option<ApplicationSend>> {
    let row = sqlx::query(&format!("{SEND_SQL} WHERE job_id = ?")).bind(job_id).fetch_optional(conn).await?;
    row.as_ref().map(send_of).transpose()
}

/// The application email of job `job_id`, if one was ever attempted.
pub async fn get_send(pool: &SqlitePool, job_id: &str) -> Result<Option<ApplicationSend>> {
    let mut conn = pool.acquire().await?;
    send_in(&mut conn, job_id).await
}

/// Application emails, newest attempt first; only those at `status` when given (`unknown`
/// and `sending` ones are what needs a look by hand).
pub async fn list_sends(pool: &SqlitePool, status: Option<SendStatus>) -> Result<Vec<ApplicationSend>> {
    let sql = format!("{SEND_SQL} WHERE (?1 IS NULL OR status = ?1) ORDER BY started_at DESC, id DESC");
    let rows = sqlx::query(&sql).bind(status.map(SendStatus::as_str)).fetch_all(pool).await?;
    rows.iter().map(send_of).collect()
}

pub(super) fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// Refuses when an email to this job was sent, is being sent, or may have been sent.
/// `stale_after`: how long a send can take; a `sending` row older than that was interrupted.
async fn refuse_claimed(
    conn: &mut SqliteConnection,
    job_id: &str,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<()> {
    let Some(send) = send_in(conn, job_id).await? else { return Ok(()) };
    let what = format!("send {}, Message-ID {}, to {}", send.id, send.message_id, send.recipient);
    let resolve = "it is never retried automatically: check the sent mail and the employer's replies, then \
                   mark it sent or allow sending again";
    match send.status {
        SendStatus::Failed => Ok(()),
        SendStatus::Sent => Err(Error::invalid(format!(
            "job_id: already applied on {} (email {what})",
            day(send.finished_at.as_deref().unwrap_or(&send.started_at))
        ))),
        SendStatus::Unknown => Err(Error::invalid(format!(
            "job_id: an earlier application email to this job, started {}, may or may not have been \
             delivered ({what}: {}); {resolve}",
            send.started_at,
            send.detail.as_deref().unwrap_or("outcome unknown")
        ))),
        SendStatus::Sending => {
            let started = DateTime::parse_from_rfc3339(&send.started_at).map(|t| t.with_timezone(&Utc)).ok();
            let running = started.is_some_and(|t| {
                now.signed_duration_since(t).to_std().map_or(true, |elapsed| elapsed < stale_after)
            });
            if running {
                Err(Error::invalid(format!(
                    "job_id: an application email to this job is being sent right now (started {}, {what}); \
                     not sending another",
                    send.started_at
                )))
            } else {
                Err(Error::invalid(format!(
                    "job_id: an earlier application email to this job, started {}, was interrupted and may or \
                     may not have been delivered ({what}, still marked sending); {resolve}",
                    send.started_at
                )))
            }
        }
    }
}

/// Refuses a job that was applied to already (or whose application was closed).
async fn refuse_applied(conn: &mut SqliteConnection, job_id: &str) -> Result<()> {
    let row = sqlx::query("SELECT id, stage, updated_at FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(()) };
    let id: String = row.try_get("id")?;
    let stage: String = row.try_get("stage")?;
    let applied_at: Option<String> = sqlx::query_scalar(
        "SELECT at FROM application_events WHERE application_id = ? AND to_stage = 'applied' ORDER BY id LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(&mut *conn)
    .await?;
    let parsed = Stage::parse(&stage);
    if parsed.is_some_and(Stage::is_sent) || applied_at.is_some() {
        let at = applied_at.unwrap_or_else(|| row.try_get("updated_at").unwrap_or_default());
        return Err(Error::invalid(format!(
            "job_id: already applied on {} (application {id}, stage {stage})",
            day(&at)
        )));
    }
    if parsed.is_none_or(Stage::is_closed) {
        return Err(Error::invalid(format!(
            "job_id: the application {id} to this job is {stage}; reopen it first \
             (`jobhunter applications move {id} STAGE --note ...`)"
        )));
    }
    Ok(())
}

/// The never-twice checks (this job, the outbox, the same employer), outside a transaction:
/// the early refusal before any work. [`claim`] repeats them inside its transaction.
pub(super) async fn check_never_twice(
    pool: &SqlitePool,
    job_id: &str,
    key: &(String, String),
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<()> {
    let mut conn = pool.acquire().await?;
    refuse_claimed(&mut conn, job_id, now, stale_after).await?;
    refuse_applied(&mut conn, job_id).await?;
    refuse_same_employer(&mut conn, job_id, key, now).await
}

/// Start of the current UTC day.
fn utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

/// Applications moved to `applied` since UTC midnight (sent or moved by hand).
pub(super) async fn applied_since_midnight(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM application_events WHERE to_stage = 'applied' AND at >= ?")
            .bind(ts(utc_midnight(now)))
            .fetch_one(conn)
            .await?;
    Ok(n as u32)
}

/// What counts against the daily cap: applications moved to `applied` today, plus emails
/// started today that are under way or of unknown outcome (they may have gone out).
async fn counted_today(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<u32> {
    let applied = applied_since_midnight(conn, now).await?;
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_sends WHERE status IN ('sending', 'unknown') AND started_at >= ?",
    )
    .bind(ts(utc_midnight(now)))
    .fetch_one(conn)
    .await?;
    Ok(applied + pending as u32)
}

/// The daily-cap refusal when `done` reached `cap`.
pub(super) fn check_cap(done: u32, cap: u32) -> Result<(), OpError> {
    if done >= cap {
        return Err(OpError::permanent(format!(
            "daily cap reached: {done} application(s) today (UTC), the cap is {cap} (setting {DAILY_CAP})"
        )));
    }
    Ok(())
}

/// The daily-cap check outside a transaction (dry runs, the early refusal).
pub(super) async fn check_cap_now(pool: &SqlitePool, cap: u32, now: DateTime<Utc>) -> Result<(), OpError> {
    let mut conn = pool.acquire().await?;
    check_cap(counted_today(&mut conn, now).await?, cap)
}

/// What [`claim`] records about the email about to go out.
pub(super) struct Claim<'a> {
    pub job_id: &'a str,
    pub message_id: &'a str,
    pub channel: &'a str,
    pub recipient: &'a str,
    pub cv_id: &'a str,
    pub employer: &'a (String, String),
    pub cap: u32,
    pub stale_after: Duration,
}

/// Claims job `job_id` for one email, in ONE `BEGIN IMMEDIATE` transaction: never-twice (the
/// outbox, the tracker, the same employer), the daily cap, then the `sending` row (a new one,
/// or the `failed` one of an earlier attempt, claimed again). Returns the send id.
pub(super) async fn claim(pool: &SqlitePool, c: Claim<'_>, now: DateTime<Utc>) -> Result<String, OpError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(Error::from)?;
    refuse_claimed(&mut tx, c.job_id, now, c.stale_after).await?;
    refuse_applied(&mut tx, c.job_id).await?;
    refuse_same_employer(&mut tx, c.job_id, c.employer, now).await?;
    check_cap(counted_today(&mut tx, now).await?, c.cap)?;
    let at = ts(now);
    let id: Option<String> = sqlx::query_scalar(
        "UPDATE application_sends SET status = 'sending', message_id = ?, channel = ?, recipient = ?, cv_id = ?, \
         company_key = ?, title_key = ?, attempts = attempts + 1, started_at = ?, finished_at = NULL, \
         detail = NULL WHERE job_id = ? AND status = 'failed' RETURNING id",
    )
    .bind(c.message_id)
    .bind(c.channel)
    .bind(c.recipient)
    .bind(c.cv_id)
    .bind(&c.employer.0)
    .bind(&c.employer.1)
    .bind(&at)
    .bind(c.job_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(Error::from)?;
    let id = match id {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO application_sends (id, job_id, status, message_id, channel, recipient, cv_id, \
                 company_key, title_key, attempts, started_at) VALUES (?, ?, 'sending', ?, ?, ?, ?, ?, ?, 1, ?)",
            )
            .bind(&id)
            .bind(c.job_id)
            .bind(c.message_id)
            .bind(c.channel)
            .bind(c.recipient)
            .bind(c.cv_id)
            .bind(&c.employer.0)
            .bind(&c.employer.1)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(Error::from)?;
            id
        }
    };
    tx.commit().await.map_err(Error::from)?;
    Ok(id)
}

/// The outcome [`finish`] records.
pub(super) struct Finish<'a> {
    pub send_id: &'a str,
    pub message_id: &'a str,
    pub status: SendStatus,
    pub detail: &'a str,
    /// The application's new stage and the event's note.
    pub stage: Stage,
    pub note: &'a str,
    pub job_id: &'a str,
    pub cv_id: &'a str,
}

/// Records the outcome of a claimed send and the application's stage in one transaction.
/// Compare-and-set on the claimed attempt (`sending` with this Message-ID): a send resolved by
/// hand meanwhile is a conflict. Returns the application id.
pub(super) async fn finish(pool: &SqlitePool, f: Finish<'_>, now: DateTime<Utc>) -> Result<String> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let changed = sqlx::query(
        "UPDATE application_sends SET status = ?, finished_at = ?, detail = ? \
         WHERE id = ? AND message_id = ? AND status = 'sending'",
    )
    .bind(f.status.as_str())
    .bind(ts(now))
    .bind(f.detail)
    .bind(f.send_id)
    .bind(f.message_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::Conflict(format!(
            "application send {} ({}) was changed meanwhile (resolved by hand?)",
            f.send_id, f.message_id
        )));
    }
    let id = record_tx(&mut tx, f.job_id, f.stage, "email", Some(f.cv_id), f.note, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The send of `job_id` if it awaits a resolution by hand (`unknown`, or `sending`).
async fn unresolved(conn: &mut SqliteConnection, job_id: &str) -> Result<ApplicationSend> {
    let send = send_in(conn, job_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("application email for job '{job_id}'")))?;
    match send.status {
        SendStatus::Unknown | SendStatus::Sending => Ok(send),
        other => Err(Error::invalid(format!(
            "job_id: the application email to job {job_id} (send {}) is {other}; only an unknown (or \
             interrupted) one is resolved by hand",
            send.id
        ))),
    }
}

fn with_note(text: String, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{text}: {n}"),
        None => text,
    }
}

/// Sets the unresolved send of `job_id` to `status` with `detail`; returns it as it was.
async fn resolve_tx(
    tx: &mut SqliteConnection,
    job_id: &str,
    status: SendStatus,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<ApplicationSend> {
    let send = unresolved(&mut *tx, job_id).await?;
    sqlx::query("UPDATE application_sends SET status = ?, finished_at = ?, detail = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(ts(now))
        .bind(detail)
        .bind(&send.id)
        .execute(&mut *tx)
        .await?;
    Ok(send)
}

/// Resolves an unknown (or interrupted `sending`) application email of `job_id` by hand as
/// delivered: the send becomes `sent` and the application moves to `applied`, in one
/// transaction. Returns the application.
pub async fn mark_send_sent(
    pool: &SqlitePool,
    job_id: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let detail = with_note("marked sent by hand".to_owned(), note);
    let send = resolve_tx(&mut tx, job_id, SendStatus::Sent, &detail, now).await?;
    let event = with_note(
        format!(
            "the email to {} through channel '{}' (Message-ID {}) was marked sent by hand",
            send.recipient, send.channel, send.message_id
        ),
        note,
    );
    let id = record_tx(&mut tx, job_id, Stage::Applied, "email", send.cv_id.as_deref(), &event, now).await?;
    tx.commit().await?;
    super::get(pool, &id).await
}

/// Resolves an unknown (or interrupted `sending`) application email of `job_id` by hand as
/// NOT delivered: the send becomes `failed`, so the next `apply_job` may send again (with a new
/// Message-ID). Notes it on the application. Returns the send.
pub async fn allow_send_again(
    pool: &SqlitePool,
    job_id: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationSend> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let detail = with_note("not delivered (resolved by hand); sending again is allowed".to_owned(), note);
    let send = resolve_tx(&mut tx, job_id, SendStatus::Failed, &detail, now).await?;
    let event = with_note(
        format!(
            "the email to {} (Message-ID {}) was resolved by hand as not delivered; sending again is allowed",
            send.recipient, send.message_id
        ),
        note,
    );
    note_tx(&mut tx, job_id, &event, now).await?;
    let send = send_in(&mut tx, job_id).await?.expect("the row was just updated");
    tx.commit().await?;
    Ok(send)
}
