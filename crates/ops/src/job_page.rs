//! One page of the jobs list, filtered and sorted in SQL: the desktop list pages through
//! tens of thousands of jobs, so a page is one query for its rows and one for the total,
//! never a load of every job.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::{Error, Result};

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
    /// Words that must all appear in the title, company, location, tags or skills.
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
    pub offset: u32,
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

/// One page with the number of jobs matching the filters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobPage {
    pub items: Vec<JobRow>,
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

impl JobPage {
    pub fn has_more(&self) -> bool {
        u64::from(self.offset) + (self.items.len() as u64) < self.total
    }
}

/// The page of jobs (duplicates merged into another job excluded) that `query` asks for.
///
/// Two steps: the page's rowids are chosen over the filtered columns alone (newest first walks
/// the `jobs_newest` index), then only those rows are read with their sources and score.
pub async fn job_page(pool: &SqlitePool, query: &JobQuery) -> Result<JobPage> {
    if let Some(min) = query.min_score.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(Error::invalid(format!("min_score: {min} is not between 0 and 1")));
    }
    let limit = query.limit.clamp(1, MAX_PAGE);
    let with_match = query.min_score.is_some() || query.sort == JobSort::Score;

    let mut ids = QueryBuilder::<Sqlite>::new("SELECT j.rowid ");
    push_from_where(&mut ids, query, with_match);
    match query.sort {
        JobSort::Newest => ids.push(" ORDER BY COALESCE(j.posted_at, j.first_seen) DESC, j.rowid DESC"),
        JobSort::Score => ids.push(" ORDER BY m.score IS NULL, m.score DESC, j.rowid DESC"),
    };
    ids.push(" LIMIT ").push_bind(i64::from(limit)).push(" OFFSET ").push_bind(i64::from(query.offset));
    // The page and its total come from one read transaction, so they agree even while a hunt
    // is adding jobs.
    let mut tx = pool.begin().await?;
    let rowids: Vec<i64> = ids.build_query_scalar().fetch_all(&mut *tx).await?;

    let mut items = Vec::with_capacity(rowids.len());
    if !rowids.is_empty() {
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
        for rowid in &rowids {
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
        items.extend(rowids.iter().filter_map(|id| by_rowid.remove(id)));
        if let Some(before) = &query.old_before {
            for row in items.iter_mut().filter(|r| r.closed_at.is_none()) {
                row.old = row.posted_at.as_deref().unwrap_or(&row.first_seen) < before.as_str();
            }
        }
    }

    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) ");
    push_from_where(&mut count, query, query.min_score.is_some());
    let total: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(JobPage { items, total: total.max(0) as u64, offset: query.offset, limit })
}

/// `FROM ... WHERE ...` shared by the page and its count; the default profile's match is
/// joined only when a filter or the order needs it.
fn push_from_where<'q>(builder: &mut QueryBuilder<'q, Sqlite>, query: &'q JobQuery, with_match: bool) {
    builder.push("FROM jobs j");
    if with_match {
        builder.push(
            " LEFT JOIN matches m ON m.job_id = j.id \
             AND m.profile_id = (SELECT id FROM profiles WHERE is_default = 1 LIMIT 1)",
        );
    }
    builder.push(" WHERE j.merged_into IS NULL");
    if let Some(min) = query.min_score {
        builder.push(" AND m.score >= ").push_bind(min);
    }
    if query.remote_only {
        builder.push(" AND j.remote = 1");
    }
    if query.unseen_only {
        builder.push(" AND j.seen_at IS NULL");
    }
    if query.open_only {
        builder.push(" AND j.closed_at IS NULL");
    }
    if let Some(before) = query.old_before.as_deref().filter(|_| query.hide_old) {
        builder.push(" AND COALESCE(j.posted_at, j.first_seen) >= ").push_bind(before);
    }
    if let Some((from, until)) = &query.first_seen_between {
        builder.push(" AND j.first_seen >= ").push_bind(from.as_str());
        builder.push(" AND j.first_seen <= ").push_bind(until.as_str());
    }
    if let Some(source) = query.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        builder
            .push(" AND EXISTS (SELECT 1 FROM job_sources s WHERE s.job_id = j.id AND (s.source = ")
            .push_bind(source)
            .push(" OR s.source LIKE ")
            .push_bind(format!("{}:%", escape_like(source)))
            .push(" ESCAPE '\\'))");
    }
    for word in query.search.as_deref().unwrap_or("").split_whitespace() {
        let pattern = format!("%{}%", escape_like(word));
        builder
            .push(
                " AND (j.title || ' ' || j.company || ' ' || COALESCE(j.location, '') || ' ' || j.tags || ' ' \
                 || j.skills LIKE ",
            )
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// `60,000–80,000 EUR / year`, `from 50 USD / hour`, `up to 90,000`; `None` without figures.
pub fn salary_text(
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<String>,
    interval: Option<String>,
) -> Option<String> {
    let figures = match (min, max) {
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => group(a),
        (Some(a), Some(b)) => format!("{}–{}", group(a), group(b)),
        (Some(a), None) => format!("from {}", group(a)),
        (None, Some(b)) => format!("up to {}", group(b)),
        (None, None) => return None,
    };
    let mut text = figures;
    if let Some(c) = currency.filter(|c| !c.is_empty()) {
        text.push(' ');
        text.push_str(&c);
    }
    if let Some(i) = interval.filter(|i| !i.is_empty()) {
        text.push_str(" / ");
        text.push_str(&i);
    }
    Some(text)
}

/// 85000.0 -> "85,000"; 42.5 -> "42.5".
fn group(value: f64) -> String {
    if value.fract().abs() > f64::EPSILON {
        return format!("{value:.2}").trim_end_matches('0').to_owned();
    }
    let digits = format!("{}", value.round() as i64);
    let (sign, digits) = digits.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", digits.as_str()));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
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
