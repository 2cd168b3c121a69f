//! Closed, reposted and old postings (issue #15).
//!
//! - **Closed:** after a complete read of a board that lists all its postings
//!   ([`crate::fetch::Listing::complete`]), its sightings missing from the list are closed; a
//!   job closes when none of its sightings on such boards is open any more (a sighting on a
//!   keyword-search board cannot tell either way). A failed, partial or limit-cut read closes
//!   nothing. A posting listed again under the same id reopens its sighting and its job.
//! - **Reposted:** a job first seen after another job of the same company and title (the
//!   normalised ones of the de-duplication key, any place) was closed points at it
//!   (`reposted_from`); the earlier job keeps its own dates.
//! - **Old:** open for more than [`OLD_AFTER_DAYS`] days since posted (else first seen); worked
//!   out when read, never stored.

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, SqlitePool};

use super::{db, parse_ts, ts, ROWS_PER_STATEMENT};
use crate::sources::Board;
use crate::Result;

/// A posting open for longer than this many days is old.
pub const OLD_AFTER_DAYS: i64 = 60;

/// The earlier, closed posting a repost stands for, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EarlierPosting {
    pub id: String,
    pub posted_at: Option<DateTime<Utc>>,
    pub first_seen: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// What [`after_scrape`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LifecycleOutcome {
    /// Jobs closed now (missing from a complete read).
    pub closed: Vec<String>,
    /// Closed jobs listed again under the same id.
    pub reopened: Vec<String>,
    /// `(job, earlier job)` for each job found to repost a closed one.
    pub reposts: Vec<(String, String)>,
}

/// Days a posting has been open: from `posted_at` (else `first_seen`) until `closed_at`, or
/// until `now` while open.
pub fn open_days(
    posted_at: Option<DateTime<Utc>>,
    first_seen: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> u32 {
    let start = posted_at.unwrap_or(first_seen);
    let days = (closed_at.unwrap_or(now) - start).num_days();
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Whether an open posting is old: open for more than [`OLD_AFTER_DAYS`] days. Closed ones
/// are closed, not old.
pub fn is_old(
    posted_at: Option<DateTime<Utc>>,
    first_seen: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    closed_at.is_none() && now - posted_at.unwrap_or(first_seen) > Duration::days(OLD_AFTER_DAYS)
}

/// The stored-time bound for SQL filters: an open job whose `COALESCE(posted_at, first_seen)`
/// is before it is old at `now`.
pub fn old_before(now: DateTime<Utc>) -> String {
    ts(now - Duration::days(OLD_AFTER_DAYS))
}

/// The names of the boards that list all their postings (what may close a job).
fn whole_list_boards() -> Vec<&'static str> {
    Board::ALL.into_iter().filter(|b| b.lists_everything()).map(Board::name).collect()
}

/// After one scrape of `source` (its spec label) that read `board_ids` and imported `job_ids`:
/// reopens what is listed again, closes what is missing when `complete`, flags reposts among
/// `job_ids`. All in one transaction.
pub async fn after_scrape(
    pool: &SqlitePool,
    source: &str,
    board_ids: &[String],
    complete: bool,
    job_ids: &[String],
    now: DateTime<Utc>,
) -> Result<LifecycleOutcome> {
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
    for ddl in [
        "CREATE TEMP TABLE IF NOT EXISTS lifecycle_listed (id TEXT PRIMARY KEY)",
        "DELETE FROM lifecycle_listed",
    ] {
        sqlx::query(ddl).execute(&mut *tx).await.map_err(db)?;
    }
    for chunk in board_ids.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new("INSERT OR IGNORE INTO lifecycle_listed (id) ");
        q.push_values(chunk, |mut row, id| {
            row.push_bind(id.clone());
        });
        q.build().execute(&mut *tx).await.map_err(db)?;
    }
    let mut out = LifecycleOutcome::default();

    // Listed again under the same id: the sighting and its job are open.
    let reopened: Vec<String> = sqlx::query_scalar(
        "UPDATE job_sources SET closed_at = NULL WHERE source = ? AND closed_at IS NOT NULL \
         AND source_job_id IN (SELECT id FROM lifecycle_listed) RETURNING job_id",
    )
    .bind(source)
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?;
    for id in &reopened {
        let done = sqlx::query("UPDATE jobs SET closed_at = NULL WHERE id = ? AND closed_at IS NOT NULL")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() > 0 {
            out.reopened.push(id.clone());
        }
    }

    if complete {
        let missing: Vec<String> = sqlx::query_scalar(
            "UPDATE job_sources SET closed_at = ? WHERE source = ? AND closed_at IS NULL \
             AND source_job_id NOT IN (SELECT id FROM lifecycle_listed) RETURNING job_id",
        )
        .bind(&now)
        .bind(source)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let boards = whole_list_boards();
        for id in &missing {
            // Closed once no whole-list board lists it any more.
            let mut q = QueryBuilder::<sqlx::Sqlite>::new("UPDATE jobs SET closed_at = ");
            q.push_bind(now.clone()).push(" WHERE id = ").push_bind(id.clone());
            q.push(
                " AND closed_at IS NULL AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM job_sources s \
                 WHERE s.job_id = jobs.id AND s.closed_at IS NULL AND \
                 (CASE WHEN instr(s.source, ':') > 0 THEN substr(s.source, 1, instr(s.source, ':') - 1) \
                 ELSE s.source END) IN (",
            );
            let mut list = q.separated(", ");
            for board in &boards {
                list.push_bind(*board);
            }
            q.push("))");
            if q.build().execute(&mut *tx).await.map_err(db)?.rows_affected() > 0 {
                out.closed.push(id.clone());
            }
        }
    }

    out.reposts = flag_reposts(&mut tx, job_ids).await?;
    tx.commit().await.map_err(db)?;
    Ok(out)
}

/// Points each open job of `job_ids` not flagged yet at the most recently closed job with the
/// same company and title that closed before it was first seen.
async fn flag_reposts(
    conn: &mut sqlx::SqliteConnection,
    job_ids: &[String],
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut ids: Vec<&String> = job_ids.iter().collect();
    ids.sort();
    ids.dedup();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT id, dedupe_key, first_seen FROM jobs WHERE reposted_from IS NULL AND closed_at IS NULL \
             AND merged_into IS NULL AND id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind((*id).clone());
        }
        q.push(")");
        let rows = q.build().fetch_all(&mut *conn).await.map_err(db)?;
        for row in rows {
            let (id, key, first_seen): (String, String, String) = (
                row.try_get("id").map_err(db)?,
                row.try_get("dedupe_key").map_err(db)?,
                row.try_get("first_seen").map_err(db)?,
            );
            // `company|title|place`: the repost keeps company and title, not always the place.
            let Some((company_title, _place)) = key.rsplit_once('|') else { continue };
            let prefix = format!("{company_title}|");
            let earlier: Option<String> = sqlx::query_scalar(
                "SELECT id FROM jobs WHERE merged_into IS NULL AND closed_at IS NOT NULL AND closed_at <= ? \
                 AND id <> ? AND substr(dedupe_key, 1, ?) = ? ORDER BY closed_at DESC, id DESC LIMIT 1",
            )
            .bind(&first_seen)
            .bind(&id)
            .bind(prefix.chars().count() as i64)
            .bind(&prefix)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
            if let Some(earlier) = earlier {
                sqlx::query("UPDATE jobs SET reposted_from = ? WHERE id = ?")
                    .bind(&earlier)
                    .bind(&id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db)?;
                out.push((id, earlier));
            }
        }
    }
    Ok(out)
}

/// The dates of the job `id` reposts, if it reposts one.
pub async fn earlier_posting(
    pool: &SqlitePool,
    reposted_from: Option<&str>,
) -> Result<Option<EarlierPosting>> {
    let Some(earlier) = reposted_from else { return Ok(None) };
    let row = sqlx::query("SELECT id, posted_at, first_seen, closed_at FROM jobs WHERE id = ?")
        .bind(earlier)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let time = |c: &str| -> Result<Option<DateTime<Utc>>> {
        Ok(row.try_get::<Option<String>, _>(c).map_err(db)?.as_deref().and_then(parse_ts))
    };
    Ok(Some(EarlierPosting {
        id: row.try_get("id").map_err(db)?,
        posted_at: time("posted_at")?,
        first_seen: time("first_seen")?.unwrap_or_default(),
        closed_at: time("closed_at")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn old_means_open_for_more_than_sixty_days() {
        let now = at("2026-12-06T12:00:00Z");
        let posted = now - Duration::days(61);
        assert!(is_old(Some(posted), now, None, now));
        assert_eq!(open_days(Some(posted), now, None, now), 61);
        // Without a posting date, first seen counts.
        assert!(is_old(None, posted, None, now));
        assert!(!is_old(Some(now - Duration::days(60)), posted, None, now));
        // Closed is not old.
        assert!(!is_old(Some(posted), posted, Some(now), now));
        assert_eq!(open_days(Some(posted), posted, Some(posted + Duration::days(3)), now), 3);
        assert!(old_before(now) < ts(now));
    }

    #[test]
    fn whole_list_boards_are_named() {
        let boards = whole_list_boards();
        assert!(boards.contains(&"greenhouse") && !boards.contains(&"bundesagentur"), "{boards:?}");
    }
}
