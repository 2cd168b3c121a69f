//! Never twice per employer: another job of the same company with the same (normalised)
//! title, applied to within [`SAME_EMPLOYER_DAYS`] days, counts as the same application. That
//! covers reposts with a new id and duplicates across boards that escaped de-duplication.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::outbox::day;
use super::tracker::ts;
use crate::{Error, Result};

/// How far back an application to the same employer (company and title) counts as the same
/// application.
pub const SAME_EMPLOYER_DAYS: i64 = 90;

/// The employer key of a job: (normalised company, normalised title).
pub(super) fn employer_key(company: &str, title: &str) -> (String, String) {
    use jobhunter_jobs::process::{normalize_company, normalize_title};
    (normalize_company(company), normalize_title(title))
}

/// Refuses when another job of the same company with the same (normalised) title was applied
/// to, by email or by hand, within [`SAME_EMPLOYER_DAYS`] days.
pub(super) async fn refuse_same_employer(
    conn: &mut SqliteConnection,
    job_id: &str,
    key: &(String, String),
    now: DateTime<Utc>,
) -> Result<()> {
    if key.0.is_empty() || key.1.is_empty() {
        return Ok(());
    }
    let since = ts(now - chrono::Duration::days(SAME_EMPLOYER_DAYS));
    // Emails sent, under way or of unknown outcome.
    let send: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, job_id, status, started_at FROM application_sends WHERE company_key = ? AND title_key = ? \
         AND job_id <> ? AND status IN ('sending', 'sent', 'unknown') AND started_at >= ? \
         ORDER BY started_at LIMIT 1",
    )
    .bind(&key.0)
    .bind(&key.1)
    .bind(job_id)
    .bind(&since)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id, other, status, at)) = send {
        return Err(Error::invalid(format!(
            "job_id: already applied to this employer for this position on {} (job {other}, email send {id}, \
             {status}); the same company and title within {SAME_EMPLOYER_DAYS} days count as the same application",
            day(&at)
        )));
    }
    // Applications that reached `applied` (by email or by hand) for other jobs.
    let rows = sqlx::query(
        "SELECT a.id, j.id AS job, j.company, j.title, MIN(e.at) AS at FROM applications a \
         JOIN jobs j ON j.id = a.job_id JOIN application_events e ON e.application_id = a.id \
         WHERE a.job_id <> ? AND e.to_stage = 'applied' AND e.at >= ? GROUP BY a.id ORDER BY at",
    )
    .bind(job_id)
    .bind(&since)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let company: String = row.try_get("company")?;
        let title: String = row.try_get("title")?;
        if employer_key(&company, &title) == *key {
            let id: String = row.try_get("id")?;
            let other: String = row.try_get("job")?;
            let at: String = row.try_get("at")?;
            return Err(Error::invalid(format!(
                "job_id: already applied to this employer for this position on {} (job {other}, application \
                 {id}: {title} at {company}); the same company and title within {SAME_EMPLOYER_DAYS} days count \
                 as the same application",
                day(&at)
            )));
        }
    }
    Ok(())
}
