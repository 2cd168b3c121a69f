//! The applications tracker: one application per job, its stage, and the history of every
//! stage change (or note) in `application_events`. Moves by hand follow [`check_move`];
//! `apply_job` records its outcome through [`record`]. Reaching `applied` sets the day applied
//! and the default follow-up reminder (`followup`); the view carries the notes and contacts
//! (`notes`) and the company's "don't apply again" mark (`blocklist`).
//!
//! [`check_move`]: super::check_move

use chrono::{DateTime, SecondsFormat, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_jobs::store as job_store;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::blocklist::{self, BlockedCompany};
use super::followup::{local_day, on_applied};
use super::notes::{self, ApplicationContact, ApplicationNote};
use super::{check_move, Stage};
use crate::{Error, Result};

/// One stage change (or note) of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationEvent {
    /// `null` when the application was created.
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub at: String,
    pub note: Option<String>,
}

/// An application with its job and history (`applications list/show --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationView {
    pub id: String,
    pub job_id: String,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub stage: Stage,
    pub channel: Option<String>,
    pub cv_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The day the user applied (`YYYY-MM-DD`, their calendar): the day given with "I
    /// applied", or the day it was sent or moved to `applied`.
    pub applied_on: Option<String>,
    /// The follow-up reminder's day (`YYYY-MM-DD`); `null`: none.
    pub follow_up_on: Option<String>,
    /// When the desktop notification of this follow-up day was shown; `null`: not yet.
    pub reminded_at: Option<String>,
    pub history: Vec<ApplicationEvent>,
    /// Free notes, oldest first.
    pub notes: Vec<ApplicationNote>,
    /// People met along the way, oldest first.
    pub contacts: Vec<ApplicationContact>,
    /// The company is marked "don't apply again" (then `apply_job` refuses its jobs).
    pub do_not_apply: Option<BlockedCompany>,
}

pub(super) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

const VIEW_SQL: &str =
    "SELECT a.id, a.job_id, j.title, j.company, a.stage, a.channel, a.cv_id, a.created_at, \
                        a.updated_at, a.applied_on, a.follow_up_on, a.reminded_at FROM applications a \
                        LEFT JOIN jobs j ON j.id = a.job_id";

/// A stage as stored; anything else is a damaged row.
pub(super) fn stored_stage(text: String) -> Result<Stage> {
    Stage::parse(&text).ok_or_else(|| Error::invalid(format!("stored application: unknown stage '{text}'")))
}

async fn history(pool: &SqlitePool, id: &str) -> Result<Vec<ApplicationEvent>> {
    let rows = sqlx::query(
        "SELECT from_stage, to_stage, at, note FROM application_events WHERE application_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicationEvent {
                from_stage: r.try_get::<Option<String>, _>("from_stage")?.map(stored_stage).transpose()?,
                to_stage: stored_stage(r.try_get("to_stage")?)?,
                at: r.try_get("at")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

async fn view_of(pool: &SqlitePool, row: &sqlx::sqlite::SqliteRow) -> Result<ApplicationView> {
    let id: String = row.try_get(0)?;
    let company: Option<String> = row.try_get(3)?;
    let do_not_apply = match company.as_deref() {
        Some(name) => blocklist::blocked(pool, name).await?,
        None => None,
    };
    Ok(ApplicationView {
        history: history(pool, &id).await?,
        notes: notes::notes_of(pool, &id).await?,
        contacts: notes::contacts_of(pool, &id).await?,
        do_not_apply,
        applied_on: row.try_get(9)?,
        follow_up_on: row.try_get(10)?,
        reminded_at: row.try_get(11)?,
        job_id: row.try_get(1)?,
        job_title: row.try_get(2)?,
        company,
        stage: stored_stage(row.try_get(4)?)?,
        channel: row.try_get(5)?,
        cv_id: row.try_get(6)?,
        created_at: row.try_get(7)?,
        updated_at: row.try_get(8)?,
        id,
    })
}

/// Applications, most recently changed first; only those at `stage` when given.
pub async fn list(pool: &SqlitePool, stage: Option<Stage>) -> Result<Vec<ApplicationView>> {
    let sql = format!("{VIEW_SQL} WHERE (?1 IS NULL OR a.stage = ?1) ORDER BY a.updated_at DESC, a.id DESC");
    let rows = sqlx::query(&sql).bind(stage.map(Stage::as_str)).fetch_all(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(view_of(pool, row).await?);
    }
    Ok(out)
}

/// One application with its history.
pub async fn get(pool: &SqlitePool, id: &str) -> Result<ApplicationView> {
    let row = sqlx::query(&format!("{VIEW_SQL} WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("application '{id}'")))?;
    view_of(pool, &row).await
}

/// The application of job `job_id`, if it has one.
pub async fn for_job(pool: &SqlitePool, job_id: &str) -> Result<Option<ApplicationView>> {
    let row = sqlx::query(&format!("{VIEW_SQL} WHERE a.job_id = ?"))
        .bind(job_id.trim())
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => Ok(Some(view_of(pool, &row).await?)),
        None => Ok(None),
    }
}

/// The stage a closed application was closed from (the `from_stage` of its last stage change).
pub(super) async fn closed_from(pool: &SqlitePool, id: &str) -> Result<Option<Stage>> {
    let from: Option<Option<String>> = sqlx::query_scalar(
        "SELECT from_stage FROM application_events WHERE application_id = ? \
         AND (from_stage IS NULL OR from_stage <> to_stage) ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(from.flatten().as_deref().and_then(Stage::parse))
}

/// Moves application `id` to `to` by hand (the rules of [`check_move`]), recording the event.
pub async fn move_to(
    pool: &SqlitePool,
    id: &str,
    to: Stage,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let current = get(pool, id).await?;
    let from = current.stage;
    let reopen_to = if from.is_closed() { closed_from(pool, id).await? } else { None };
    check_move(from, to, reopen_to, note)?;
    let day = local_day(now);
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // Compare-and-set: a concurrent move (the desktop app and the CLI share the database) wins.
    let changed = sqlx::query("UPDATE applications SET stage = ?, updated_at = ? WHERE id = ? AND stage = ?")
        .bind(to.as_str())
        .bind(&now)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(Error::Conflict(format!("application {id} changed meanwhile; look at it again")));
    }
    if to == Stage::Applied {
        on_applied(&mut tx, id, day).await?;
    }
    insert_event(&mut tx, id, Some(from), to, &now, note).await?;
    tx.commit().await?;
    get(pool, id).await
}

/// Puts job `job_id` on the wishlist (a new application at `wishlist`). A job has at most one
/// application: adding one twice is a conflict naming the existing one.
pub async fn add(
    pool: &SqlitePool,
    job_id: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let job = job_store::get_job(pool, job_id.trim()).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => Error::invalid(format!("job_id: {m}")),
        other => Error::invalid(format!("job_id: {other}")),
    })?;
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT id, stage FROM applications WHERE job_id = ?")
            .bind(&job.id)
            .fetch_optional(pool)
            .await?;
    if let Some((id, stage)) = existing {
        return Err(Error::Conflict(format!(
            "job_id: job {} already has application {id} (stage {stage})",
            job.id
        )));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "INSERT INTO applications (id, job_id, stage, created_at, updated_at) VALUES (?, ?, 'wishlist', ?, ?)",
    )
    .bind(&id)
    .bind(&job.id)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    insert_event(&mut tx, &id, None, Stage::Wishlist, &now, note).await?;
    tx.commit().await?;
    get(pool, &id).await
}

pub(super) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    from: Option<Stage>,
    to: Stage,
    at: &str,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO application_events (application_id, from_stage, to_stage, at, note) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(from.map(Stage::as_str))
        .bind(to.as_str())
        .bind(at)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates or updates the application of `job_id` at stage `to` (channel, cv) and records one
/// event with `note`, in one transaction. Returns the application id.
pub(super) async fn record(
    pool: &SqlitePool,
    job_id: &str,
    to: Stage,
    channel: &str,
    cv_id: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let id = record_tx(&mut tx, job_id, to, channel, Some(cv_id), note, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`record`] inside the caller's transaction.
pub(super) async fn record_tx(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    job_id: &str,
    to: Stage,
    channel: &str,
    // `None` (a send without a CV): the column stays empty rather than naming no document.
    cv_id: Option<&str>,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let day = local_day(now);
    let now = ts(now);
    let existing = sqlx::query("SELECT id, stage FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(&mut **tx)
        .await?;
    let (id, from) = match existing {
        Some(row) => {
            let id: String = row.try_get("id")?;
            let from = Stage::parse(&row.try_get::<String, _>("stage")?);
            sqlx::query(
                "UPDATE applications SET stage = ?, channel = ?, cv_id = ?, updated_at = ? WHERE id = ?",
            )
            .bind(to.as_str())
            .bind(channel)
            .bind(cv_id)
            .bind(&now)
            .bind(&id)
            .execute(&mut **tx)
            .await?;
            (id, from)
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO applications (id, job_id, stage, channel, cv_id, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(job_id)
            .bind(to.as_str())
            .bind(channel)
            .bind(cv_id)
            .bind(&now)
            .bind(&now)
            .execute(&mut **tx)
            .await?;
            (id, None)
        }
    };
    if to == Stage::Applied {
        on_applied(tx, &id, day).await?;
    }
    insert_event(tx, &id, from, to, &now, Some(note)).await?;
    Ok(id)
}

/// Adds a note (an event at the current stage) to the application of `job_id`, if it has one.
pub(super) async fn note_tx(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    job_id: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT id, stage FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((id, stage)) = row else { return Ok(None) };
    let stage = stored_stage(stage)?;
    let now = ts(now);
    sqlx::query("UPDATE applications SET updated_at = ? WHERE id = ?")
        .bind(&now)
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    insert_event(tx, &id, Some(stage), stage, &now, Some(note)).await?;
    Ok(Some(id))
}
