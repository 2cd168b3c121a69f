//! Seen and unseen jobs: `jobs.seen_at` is when the user first looked at a job (opened its
//! page, or marked everything seen). A job stays new to them until then, whatever a later
//! hunt does to it; a duplicate merged into another job counts through the job it became.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, SqlitePool};

use super::{db, parse_ts, ts, ROWS_PER_STATEMENT};
use crate::Result;

/// Marks `ids` seen at `now` (a merged-away id marks the job it was merged into); jobs seen
/// before keep their first time. Returns how many jobs became seen; unknown ids are ignored.
pub async fn mark_seen(pool: &SqlitePool, ids: &[String], now: DateTime<Utc>) -> Result<u64> {
    let now = ts(now);
    let mut changed = 0;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new("UPDATE jobs SET seen_at = ");
        q.push_bind(now.clone()).push(" WHERE seen_at IS NULL AND merged_into IS NULL AND (id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id.clone());
        }
        q.push(") OR id IN (SELECT merged_into FROM jobs WHERE id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id.clone());
        }
        q.push(")))");
        changed += q.build().execute(&mut *tx).await.map_err(db)?.rows_affected();
    }
    tx.commit().await.map_err(db)?;
    Ok(changed)
}

/// Marks every unseen job seen at `now`; returns how many there were.
pub async fn mark_all_seen(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u64> {
    let done = sqlx::query("UPDATE jobs SET seen_at = ? WHERE seen_at IS NULL AND merged_into IS NULL")
        .bind(ts(now))
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(done.rows_affected())
}

/// How many jobs (duplicates merged away excluded) the user has not looked at yet.
pub async fn count_unseen(pool: &SqlitePool) -> Result<u64> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE seen_at IS NULL AND merged_into IS NULL")
            .fetch_one(pool)
            .await
            .map_err(db)?;
    Ok(n.max(0) as u64)
}

/// When the user first looked at job `id` (through the job it was merged into), `None` while
/// it is new to them or unknown.
pub async fn seen_at(pool: &SqlitePool, id: &str) -> Result<Option<DateTime<Utc>>> {
    let seen: Option<Option<String>> = sqlx::query_scalar(
        "SELECT seen_at FROM jobs WHERE id = COALESCE((SELECT merged_into FROM jobs WHERE id = ?1), ?1)",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    Ok(seen.flatten().as_deref().and_then(parse_ts))
}

/// How many jobs (duplicates merged away excluded) were first seen in `[from, until]`: the
/// jobs a hunt over that time found new.
pub async fn count_first_seen_between(
    pool: &SqlitePool,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE merged_into IS NULL AND first_seen >= ? AND first_seen <= ?",
    )
    .bind(ts(from))
    .bind(ts(until))
    .fetch_one(pool)
    .await
    .map_err(db)?;
    Ok(n.max(0) as u64)
}

/// The same time format as the stored `first_seen` (for range filters elsewhere).
pub fn time_key(t: DateTime<Utc>) -> String {
    ts(t)
}
