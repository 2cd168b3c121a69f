//! One page of the jobs list, filtered and sorted in SQL: the desktop list pages through
//! a hundred thousand jobs, so a page is a keyset walk of an index from the previous page's
//! last row (never an OFFSET), full-text search goes through the `jobs_fts` index, and the
//! total is counted only when asked for.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::{Error, Result};

mod keyset;
mod salary_words;
mod search;

use keyset::{Cursor, Dir, Segment};
pub use salary_words::salary_text;
pub use search::{fts_query, MAX_SEARCH_WORDS};

/// Most rows one page returns.
pub const MAX_PAGE: u32 = 500;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum JobSort {
    /// Posted (else first seen) newest first.
    #[default]
    Newest,
    /// Best match against the default profile first; unmatched jobs last.
    Score,
}

/// Filters and paging of [`job_page`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobQuery {
    /// Words that must all appear in the title, company, place, tags, skills or description
    /// (full-text; the last word may be the start of a word, as while typing).
    pub search: Option<String>,
    /// Only jobs matched at or above this score (0..1).
    pub min_score: Option<f64>,
    /// Only jobs found on this source (`greenhouse`, or a full spec `greenhouse:acme`).
    pub source: Option<String>,
    pub remote_only: bool,
    /// Only jobs the user has not looked at yet.
    pub unseen_only: bool,
    /// Only jobs first seen in this window (inclusive, stored time format): the jobs one
    /// hunt found new.
    pub first_seen_between: Option<(String, String)>,
    /// Only jobs still open (not closed on their board).
    pub open_only: bool,
    /// Without old postings (see `old_before`).
    pub hide_old: bool,
    /// An open job posted (else first seen) before this stored time is old; `None`: none is.
    pub old_before: Option<String>,
    pub sort: JobSort,
    pub limit: u32,
    /// The page after this marker (a page's `next_cursor`).
    pub after: Option<String>,
    /// The page before this marker (a page's `prev_cursor`); `after` wins when both are set.
    pub before: Option<String>,
    /// Count the jobs matching the filters (one more query over them).
    pub with_total: bool,
}

/// A list row: what the list shows, without the description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobRow {
    pub id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    /// Remote, hybrid or on site; null when the posting does not say.
    pub workplace: Option<jobhunter_jobs::posting::Workplace>,
    /// True only for fully remote jobs.
    pub remote: Option<bool>,
    /// Display text: `60,000–80,000 EUR / year`.
    pub salary: Option<String>,
    pub posted_at: Option<String>,
    pub first_seen: String,
    /// Sources it was found on (distinct, sorted).
    pub sources: Vec<String>,
    /// Match against the default profile.
    pub score: Option<f64>,
    /// Whether the user has looked at it (opened its page or marked all seen).
    pub seen: bool,
    /// When its board stopped listing it; null while open.
    pub closed_at: Option<String>,
    /// The closed job it reposts, if it is a repost.
    pub reposted_from: Option<String>,
    /// Open for more than 60 days.
    pub old: bool,
}

/// The most jobs a page's total counts; past it the total reads "1,000+".
pub const TOTAL_CAP: u64 = 1_000;

/// One page, with markers for the pages on either side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobPage {
    pub items: Vec<JobRow>,
    /// Jobs matching the filters, over all pages (when asked for), at most [`TOTAL_CAP`].
    pub total: Option<u64>,
    /// False when more jobs match than `total` says (it stopped at [`TOTAL_CAP`]).
    pub total_exact: bool,
    pub limit: u32,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// Pass as `before` for the previous page; `None` on the first page.
    pub prev_cursor: Option<String>,
}

impl JobPage {
    pub fn has_more(&self) -> bool {
        self.next_cursor.is_some()
    }
}

/// The page of jobs (duplicates merged into another job excluded) that `query` asks for.
///
/// Keyset paging: a page starts right after (or ends right before) the row its marker names,
/// by the order's own key, so a page deep in 100,000 jobs walks an index from that key instead
/// of skipping every row before it, and rows added meanwhile never shift a page. Newest first
/// walks the `jobs_newest` index; best match walks `matches_score` and then the unmatched
/// jobs. Only the page's rows are then read with their sources and score.
pub async fn job_page(pool: &SqlitePool, query: &JobQuery) -> Result<JobPage> {
    if let Some(min) = query.min_score.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(Error::invalid(format!("min_score: {min} is not between 0 and 1")));
    }
    let limit = query.limit.clamp(1, MAX_PAGE);
    let fts = fts_query(query.search.as_deref().unwrap_or(""))?;
    let after = query.after.as_deref().filter(|c| !c.trim().is_empty());
    let before = query.before.as_deref().filter(|c| !c.trim().is_empty()).filter(|_| after.is_none());
    let after = after.map(|c| Cursor::decode("after", c)).transpose()?;
    let before = before.map(|c| Cursor::decode("before", c)).transpose()?;
    // The page and its neighbours' markers (and the total) come from one read transaction, so
    // they agree even while a hunt is adding jobs.
    let mut tx = pool.begin().await?;
    let selective = match fts.as_deref() {
        Some(fts) => {
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? LIMIT ?)",
            )
            .bind(fts)
            .bind(SELECTIVE_SEARCH)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| search_error(Some(fts), e))?;
            found < SELECTIVE_SEARCH
        }
        None => false,
    };
    let filters = Filters { query, fts: fts.as_deref(), selective };
    let want = limit as usize + 1;
    // Going back to the start: the first page itself, full even if rows left meanwhile.
    let mut back = match &before {
        Some(cursor) => Some(walk(&mut tx, &filters, Dir::Backward, Some(cursor), want).await?),
        None => None,
    };
    if back.as_ref().is_some_and(|rows| rows.len() < want) {
        back = None;
    }
    let (mut keyed, next, prev) = match back {
        Some(mut rows) => {
            let more_before = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            rows.reverse();
            let prev = rows.first().filter(|_| more_before).map(|r| r.1.encode());
            let next = match rows.last() {
                Some(last) => probe(&mut tx, &filters, Dir::Forward, &last.1).await?,
                None => None,
            };
            (rows, next, prev)
        }
        None => {
            let mut rows = walk(&mut tx, &filters, Dir::Forward, after.as_ref(), want).await?;
            let more_after = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = rows.last().filter(|_| more_after).map(|r| r.1.encode());
            let prev = match (rows.first(), &after) {
                (Some(first), Some(_)) => probe(&mut tx, &filters, Dir::Backward, &first.1).await?,
                _ => None,
            };
            (rows, next, prev)
        }
    };
    let rowids: Vec<i64> = keyed.drain(..).map(|(rowid, _)| rowid).collect();
    let items = read_rows(&mut tx, &rowids, query.old_before.as_deref()).await?;

    let total = if query.with_total {
        // Counted up to a cap: past it the exact figure costs a walk over every matching job
        // (27 ms at 100,000) and tells the user nothing more than "1,000+".
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM (SELECT 1 FROM jobs j");
        if query.min_score.is_some() {
            count.push(" JOIN matches m ON m.job_id = j.id AND m.profile_id = ");
            count.push(DEFAULT_PROFILE);
        }
        count.push(" WHERE j.merged_into IS NULL");
        filters.push(&mut count, query.min_score.is_some());
        count.push(" LIMIT ").push_bind(TOTAL_CAP as i64 + 1).push(")");
        let total: i64 =
            count.build_query_scalar().fetch_one(&mut *tx).await.map_err(|e| filters.error(e))?;
        Some(total.max(0) as u64)
    } else {
        None
    };
    tx.commit().await?;
    let total_exact = total.is_some_and(|t| t <= TOTAL_CAP);
    let total = total.map(|t| t.min(TOTAL_CAP));
    Ok(JobPage { items, total, total_exact, limit, next_cursor: next, prev_cursor: prev })
}

const DEFAULT_PROFILE: &str = "(SELECT id FROM profiles WHERE is_default = 1 LIMIT 1)";

/// A search found in fewer jobs than this is walked from the search index (its jobs sorted
/// by the list's order, a few ms); a wider one walks the list's order and keeps the jobs the
/// search found (sorting 80,000 found jobs would take 70 ms; the walk takes 5-10).
const SELECTIVE_SEARCH: i64 = 2_000;

/// The marker of the row next to `from` in `dir`, when there is one: whether a page lies there.
async fn probe(
    tx: &mut sqlx::SqliteConnection,
    filters: &Filters<'_>,
    dir: Dir,
    from: &Cursor,
) -> Result<Option<String>> {
    let rows = walk(tx, filters, dir, Some(from), 1).await?;
    // The marker that opens the page from there is `from` itself.
    Ok((!rows.is_empty()).then(|| from.encode()))
}

/// Up to `n` rows (rowid and position) strictly after (or before) `from`, in `dir`, across
/// the order's segments.
async fn walk(
    tx: &mut sqlx::SqliteConnection,
    filters: &Filters<'_>,
    dir: Dir,
    from: Option<&Cursor>,
    n: usize,
) -> Result<Vec<(i64, Cursor)>> {
    let segments: &[Segment] = match filters.query.sort {
        JobSort::Newest => &[Segment::Newest],
        JobSort::Score if filters.query.min_score.is_some() => &[Segment::Scored],
        JobSort::Score => &[Segment::Scored, Segment::Unmatched],
    };
    let start = match from {
        Some(c) => segments.iter().position(|s| *s == c.segment()).ok_or_else(|| {
            let field = if dir == Dir::Forward { "after" } else { "before" };
            Error::invalid(format!(
                "{field}: this page marker belongs to another order or filter; start again"
            ))
        })?,
        None if dir == Dir::Forward => 0,
        None => segments.len() - 1,
    };
    let order: Vec<usize> = match dir {
        Dir::Forward => (start..segments.len()).collect(),
        Dir::Backward => (0..=start).rev().collect(),
    };
    let mut out = Vec::new();
    for index in order {
        let bound = from.filter(|c| c.segment() == segments[index]);
        let rows = segment_rows(tx, filters, segments[index], dir, bound, n - out.len()).await?;
        out.extend(rows);
        if out.len() >= n {
            break;
        }
    }
    Ok(out)
}

/// Rows of one segment in `dir`, strictly past `bound`.
async fn segment_rows(
    tx: &mut sqlx::SqliteConnection,
    filters: &Filters<'_>,
    segment: Segment,
    dir: Dir,
    bound: Option<&Cursor>,
    n: usize,
) -> Result<Vec<(i64, Cursor)>> {
    let (order, past, past_eq) = match dir {
        Dir::Forward => ("DESC", "<", "<="),
        Dir::Backward => ("ASC", ">", ">="),
    };
    let mut q = QueryBuilder::<Sqlite>::new("");
    match segment {
        Segment::Newest => {
            q.push("SELECT j.rowid, COALESCE(j.posted_at, j.first_seen), 0.0 FROM jobs j WHERE j.merged_into IS NULL");
            filters.push(&mut q, false);
            if let Some(Cursor::Newest { key, rowid }) = bound {
                // `<=` on the indexed key bounds the index range; the rest orders ties.
                q.push(format!(" AND COALESCE(j.posted_at, j.first_seen) {past_eq} ")).push_bind(key.clone());
                q.push(format!(" AND (COALESCE(j.posted_at, j.first_seen) {past} "))
                    .push_bind(key.clone())
                    .push(format!(" OR j.rowid {past} "))
                    .push_bind(*rowid)
                    .push(")");
            }
            q.push(format!(" ORDER BY COALESCE(j.posted_at, j.first_seen) {order}, j.rowid {order}"));
        }
        Segment::Scored => {
            // Matches drive the walk (their score index is in the list's order), unless a
            // narrow search drives it.
            let join = if filters.selective { "JOIN" } else { "CROSS JOIN" };
            q.push(format!(
                "SELECT j.rowid, m.rowid, m.score FROM matches m {join} jobs j ON j.id = m.job_id WHERE m.profile_id = "
            ));
            q.push(DEFAULT_PROFILE).push(" AND j.merged_into IS NULL");
            filters.push(&mut q, true);
            if let Some(Cursor::Scored { score, rowid }) = bound {
                q.push(format!(" AND m.score {past_eq} ")).push_bind(*score);
                q.push(format!(" AND (m.score {past} "))
                    .push_bind(*score)
                    .push(format!(" OR m.rowid {past} "))
                    .push_bind(*rowid)
                    .push(")");
            }
            q.push(format!(" ORDER BY m.score {order}, m.rowid {order}"));
        }
        Segment::Unmatched => {
            q.push("SELECT j.rowid, j.rowid, 0.0 FROM jobs j WHERE j.merged_into IS NULL");
            filters.push(&mut q, false);
            q.push(" AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.job_id = j.id AND m.profile_id = ");
            q.push(DEFAULT_PROFILE).push(")");
            if let Some(Cursor::Unmatched { rowid }) = bound {
                q.push(format!(" AND j.rowid {past} ")).push_bind(*rowid);
            }
            q.push(format!(" ORDER BY j.rowid {order}"));
        }
    }
    q.push(" LIMIT ").push_bind(n as i64);
    let rows = q.build().fetch_all(&mut *tx).await.map_err(|e| filters.error(e))?;
    rows.iter()
        .map(|r| {
            let rowid: i64 = r.try_get(0)?;
            let cursor = match segment {
                Segment::Newest => Cursor::Newest { key: r.try_get(1)?, rowid },
                Segment::Scored => Cursor::Scored { score: r.try_get(2)?, rowid: r.try_get(1)? },
                Segment::Unmatched => Cursor::Unmatched { rowid },
            };
            Ok((rowid, cursor))
        })
        .collect()
}

/// The filters of a query, as ` AND ...` conditions on `jobs j` (and `matches m` when joined).
struct Filters<'a> {
    query: &'a JobQuery,
    fts: Option<&'a str>,
    /// The search finds few jobs: they drive the query (see [`SELECTIVE_SEARCH`]).
    selective: bool,
}

impl Filters<'_> {
    fn push(&self, builder: &mut QueryBuilder<'_, Sqlite>, with_match: bool) {
        let query = self.query;
        if let Some(min) = query.min_score.filter(|_| with_match) {
            builder.push(" AND m.score >= ").push_bind(min);
        }
        if query.remote_only {
            builder.push(" AND j.remote = 1");
        }
        if query.unseen_only {
            builder.push(" AND j.seen_at IS NULL");
        }
        if query.open_only {
            // `+`: not through the closed index (most jobs are open); the order's index serves.
            builder.push(" AND +j.closed_at IS NULL");
        }
        if let Some(before) = query.old_before.as_deref().filter(|_| query.hide_old) {
            builder.push(" AND COALESCE(j.posted_at, j.first_seen) >= ").push_bind(before.to_owned());
        }
        if let Some((from, until)) = &query.first_seen_between {
            builder.push(" AND j.first_seen >= ").push_bind(from.clone());
            builder.push(" AND j.first_seen <= ").push_bind(until.clone());
        }
        if let Some(source) = query.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            builder
                .push(" AND EXISTS (SELECT 1 FROM job_sources s WHERE s.job_id = j.id AND (s.source = ")
                .push_bind(source.to_owned())
                .push(" OR s.source LIKE ")
                .push_bind(format!("{}:%", escape_like(source)))
                .push(" ESCAPE '\\'))");
        }
        if let Some(fts) = self.fts {
            // `+`: a wide search is a set to check rows against, not the rows to start from.
            let rowid = if self.selective { "j.rowid" } else { "+j.rowid" };
            builder
                .push(format!(" AND {rowid} IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH "))
                .push_bind(fts.to_owned())
                .push(")");
        }
    }

    /// A failed query: with a search, SQLite's complaint about it names the search field
    /// (the words are quoted, so this is a safety net, not a path users take).
    fn error(&self, e: sqlx::Error) -> Error {
        search_error(self.fts, e)
    }
}

/// A failed query: with a search, SQLite's complaint about it names the search field.
fn search_error(fts: Option<&str>, e: sqlx::Error) -> Error {
    match (fts, &e) {
        (Some(_), sqlx::Error::Database(d)) if d.message().contains("fts5") => {
            Error::invalid("search: these words cannot be searched for; try other words")
        }
        _ => Error::Database(e),
    }
}

/// The list rows of `rowids`, in that order.
async fn read_rows(
    tx: &mut sqlx::SqliteConnection,
    rowids: &[i64],
    old_before: Option<&str>,
) -> Result<Vec<JobRow>> {
    if rowids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = QueryBuilder::<Sqlite>::new(
        "SELECT j.rowid AS rid, j.id, j.title, j.company, j.location, j.workplace, j.remote, j.salary_min, j.salary_max, \
         j.salary_currency, j.salary_interval, j.posted_at, j.first_seen, j.seen_at IS NOT NULL AS seen, \
         j.closed_at, j.reposted_from, \
         (SELECT m.score FROM matches m WHERE m.job_id = j.id \
           AND m.profile_id = (SELECT id FROM profiles WHERE is_default = 1 LIMIT 1)) AS score, \
         (SELECT group_concat(source, char(31)) FROM (SELECT DISTINCT s.source FROM job_sources s \
           WHERE s.job_id = j.id ORDER BY s.source)) AS sources \
         FROM jobs j WHERE j.rowid IN (",
    );
    let mut list = rows.separated(", ");
    for rowid in rowids {
        list.push_bind(*rowid);
    }
    rows.push(")");
    let mut by_rowid = std::collections::HashMap::with_capacity(rowids.len());
    for r in rows.build().fetch_all(&mut *tx).await? {
        let sources: Option<String> = r.try_get("sources")?;
        let row = JobRow {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            company: r.try_get("company")?,
            location: r.try_get("location")?,
            workplace: r
                .try_get::<Option<String>, _>("workplace")?
                .as_deref()
                .and_then(jobhunter_jobs::posting::Workplace::parse),
            remote: r.try_get::<Option<i64>, _>("remote")?.map(|v| v != 0),
            salary: salary_text(
                r.try_get("salary_min")?,
                r.try_get("salary_max")?,
                r.try_get("salary_currency")?,
                r.try_get("salary_interval")?,
            ),
            posted_at: r.try_get("posted_at")?,
            first_seen: r.try_get("first_seen")?,
            sources: sources.map(|s| s.split('\u{1f}').map(str::to_owned).collect()).unwrap_or_default(),
            score: r.try_get("score")?,
            seen: r.try_get("seen")?,
            closed_at: r.try_get("closed_at")?,
            reposted_from: r.try_get("reposted_from")?,
            old: false,
        };
        by_rowid.insert(r.try_get::<i64, _>("rid")?, row);
    }
    // In the page's order.
    let mut items: Vec<JobRow> = rowids.iter().filter_map(|id| by_rowid.remove(id)).collect();
    if let Some(before) = old_before {
        for row in items.iter_mut().filter(|r| r.closed_at.is_none()) {
            row.old = row.posted_at.as_deref().unwrap_or(&row.first_seen) < before;
        }
    }
    Ok(items)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salaries_read_naturally() {
        assert_eq!(
            salary_text(Some(60000.0), Some(80000.0), Some("EUR".into()), Some("year".into())).as_deref(),
            Some("60,000–80,000 EUR / year")
        );
        assert_eq!(
            salary_text(Some(50.0), None, Some("USD".into()), Some("hour".into())).as_deref(),
            Some("from 50 USD / hour")
        );
        assert_eq!(salary_text(None, Some(1234567.0), None, None).as_deref(), Some("up to 1,234,567"));
        assert_eq!(salary_text(Some(42.5), Some(42.5), None, None).as_deref(), Some("42.5"));
        assert_eq!(salary_text(None, None, Some("EUR".into()), None), None);
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
