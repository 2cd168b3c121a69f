//! After applying: the day the user applied, "I applied" (recorded by hand with the day, the
//! channel and a note), and the follow-up reminder: a day, 7 days after applying by default,
//! editable and clearable, notified once (see [`due_reminders`] and [`mark_reminded`]).
//!
//! Days are the user's calendar days (`YYYY-MM-DD`, in the machine's local zone), not UTC.

use chrono::{DateTime, Duration, Local, NaiveDate, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_jobs::store as job_store;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::tracker::{closed_from, get, insert_event, stored_stage, ts, ApplicationView};
use super::{check_move, Stage};
use crate::{Error, Result};

/// How many days after applying the follow-up reminder falls by default.
pub const FOLLOW_UP_DAYS: i64 = 7;

/// How the user applied, when they say so themselves ("I applied").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AppliedVia {
    Email,
    CompanyWebsite,
    JobBoard,
    Referral,
    Other,
}

impl AppliedVia {
    pub const ALL: [AppliedVia; 5] =
        [Self::Email, Self::CompanyWebsite, Self::JobBoard, Self::Referral, Self::Other];

    /// As stored in `applications.channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::CompanyWebsite => "company_website",
            Self::JobBoard => "job_board",
            Self::Referral => "referral",
            Self::Other => "other",
        }
    }

    /// In words: "the company website".
    pub fn words(self) -> &'static str {
        match self {
            Self::Email => "by email",
            Self::CompanyWebsite => "on the company website",
            Self::JobBoard => "on a job board",
            Self::Referral => "through a referral",
            Self::Other => "another way",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().replace(['-', ' '], "_");
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// "email, company_website, job_board, referral, other"
    pub fn names() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

/// The user's calendar day at `now` (the machine's local zone).
pub fn local_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Local).date_naive()
}

/// `YYYY-MM-DD`.
fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Parses a `YYYY-MM-DD` day; the error names `field`.
pub fn parse_day(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(format!("{field}: '{}' is not a date (YYYY-MM-DD)", text.trim())))
}

/// The application reached `applied` on `day`: the day applied and the default follow-up (7
/// days later) are set unless already set.
pub(super) async fn on_applied(conn: &mut SqliteConnection, id: &str, day: NaiveDate) -> Result<()> {
    sqlx::query(
        "UPDATE applications SET applied_on = COALESCE(applied_on, ?), \
         reminded_at = CASE WHEN follow_up_on IS NULL THEN NULL ELSE reminded_at END, \
         follow_up_on = COALESCE(follow_up_on, ?) WHERE id = ?",
    )
    .bind(day_text(day))
    .bind(day_text(day + Duration::days(FOLLOW_UP_DAYS)))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// "I applied": records that the user applied to job `job_id` themselves on `on`, `via` a
/// channel, with an optional note. Creates the application when there is none; otherwise moves
/// it to `applied` by the rules of [`check_move`]. The follow-up falls 7 days after `on`.
pub async fn mark_applied(
    pool: &SqlitePool,
    job_id: &str,
    on: NaiveDate,
    via: AppliedVia,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let job = job_store::get_job(pool, job_id.trim()).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => Error::invalid(format!("job_id: {m}")),
        other => Error::invalid(format!("job_id: {other}")),
    })?;
    // A day ahead is allowed: the user's evening may already be tomorrow somewhere.
    if on > local_day(now) + Duration::days(1) {
        return Err(Error::invalid(format!("date: {} is in the future", day_text(on))));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let event_note = match note {
        Some(n) => format!("applied {} on {}: {n}", via.words(), day_text(on)),
        None => format!("applied {} on {}", via.words(), day_text(on)),
    };
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT id, stage FROM applications WHERE job_id = ?")
            .bind(&job.id)
            .fetch_optional(pool)
            .await?;
    let follow_up = day_text(on + Duration::days(FOLLOW_UP_DAYS));
    let at = ts(now);
    let id = match existing {
        Some((id, stage)) => {
            let from = stored_stage(stage)?;
            let reopen_to = if from.is_closed() { closed_from(pool, &id).await? } else { None };
            check_move(from, Stage::Applied, reopen_to, note)?;
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            let changed = sqlx::query(
                "UPDATE applications SET stage = 'applied', channel = ?, applied_on = ?, follow_up_on = ?, \
                 reminded_at = NULL, updated_at = ? WHERE id = ? AND stage = ?",
            )
            .bind(via.as_str())
            .bind(day_text(on))
            .bind(&follow_up)
            .bind(&at)
            .bind(&id)
            .bind(from.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(Error::Conflict(format!("application {id} changed meanwhile; look at it again")));
            }
            insert_event(&mut tx, &id, Some(from), Stage::Applied, &at, Some(&event_note)).await?;
            tx.commit().await?;
            id
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            sqlx::query(
                "INSERT INTO applications (id, job_id, stage, channel, created_at, updated_at, applied_on, \
                 follow_up_on) VALUES (?, ?, 'applied', ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(&job.id)
            .bind(via.as_str())
            .bind(&at)
            .bind(&at)
            .bind(day_text(on))
            .bind(&follow_up)
            .execute(&mut *tx)
            .await?;
            insert_event(&mut tx, &id, None, Stage::Applied, &at, Some(&event_note)).await?;
            tx.commit().await?;
            id
        }
    };
    get(pool, &id).await
}

/// Sets (or with `None` clears) the follow-up reminder of application `id`; a new day will be
/// notified again.
pub async fn set_follow_up(
    pool: &SqlitePool,
    id: &str,
    on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let changed = sqlx::query(
        "UPDATE applications SET follow_up_on = ?, reminded_at = NULL, updated_at = ? WHERE id = ?",
    )
    .bind(on.map(day_text))
    .bind(ts(now))
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::NotFound(format!("application '{id}'")));
    }
    get(pool, id).await
}

/// A follow-up reminder that is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reminder {
    pub application_id: String,
    pub job_id: String,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub stage: Stage,
    /// `YYYY-MM-DD`
    pub follow_up_on: String,
}

/// The follow-up reminders due on `today` or earlier and not yet notified, of open
/// applications (a reminder that fell due while the app was not running is among them), the
/// oldest day first.
pub async fn due_reminders(pool: &SqlitePool, today: NaiveDate) -> Result<Vec<Reminder>> {
    let rows = sqlx::query(
        "SELECT a.id, a.job_id, j.title, j.company, a.stage, a.follow_up_on FROM applications a \
         LEFT JOIN jobs j ON j.id = a.job_id WHERE a.follow_up_on IS NOT NULL AND a.follow_up_on <= ? \
         AND a.reminded_at IS NULL AND a.stage NOT IN ('rejected', 'withdrawn') \
         ORDER BY a.follow_up_on, a.id",
    )
    .bind(day_text(today))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Reminder {
                application_id: r.try_get(0)?,
                job_id: r.try_get(1)?,
                job_title: r.try_get(2)?,
                company: r.try_get(3)?,
                stage: stored_stage(r.try_get(4)?)?,
                follow_up_on: r.try_get(5)?,
            })
        })
        .collect()
}

/// Records that the reminder of application `id` was notified (it is not due again until its
/// day changes). `false` when there is no such application.
pub async fn mark_reminded(pool: &SqlitePool, id: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = sqlx::query("UPDATE applications SET reminded_at = ? WHERE id = ?")
        .bind(ts(now))
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(changed > 0)
}
