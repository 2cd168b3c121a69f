//! Jobs with their match against the default profile, and which of them the user has seen:
//! a job is new to them until they open its page (or mark everything seen).

use jobhunter_jobs::posting::{PostingWarning, Workplace};
use jobhunter_jobs::store::lifecycle::{is_old, old_before, open_days};
use jobhunter_jobs::store::{seen_at, time_key};
use jobhunter_ops::hunt::{JobView, MatchView};
use jobhunter_ops::job_page::{JobRow, JobSort};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Page size when the UI does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most jobs one page holds.
pub const MAX_LIMIT: u32 = jobhunter_ops::job_page::MAX_PAGE;

/// A job with everything the detail page shows: the stored record, its salary typed for
/// display (with the yearly maximum worked out) and its match against the default profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobDto {
    pub id: String,
    pub title: String,
    pub company: String,
    /// The primary location.
    pub location: Option<String>,
    /// Every location, primary first.
    pub locations: Vec<String>,
    /// Remote, hybrid or on site; null when the posting does not say.
    pub workplace: Option<Workplace>,
    /// True only for fully remote jobs.
    pub remote: Option<bool>,
    pub employment_type: Option<String>,
    /// `{ min, max, currency, interval, source, source_text }` as stored.
    pub salary: Option<Value>,
    /// The words the salary was read from, as the posting wrote them.
    pub salary_text: Option<String>,
    /// The yearly maximum of the salary, when known.
    pub yearly_salary_max: Option<f64>,
    pub url: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    pub posted_at: Option<String>,
    pub first_seen: String,
    pub last_seen: String,
    /// Provenance: the sources it was found on.
    pub found_on: Value,
    pub description: String,
    pub tags: Vec<String>,
    pub skills: Vec<String>,
    pub language: Option<String>,
    pub processed: bool,
    #[serde(rename = "match")]
    pub match_: Option<MatchView>,
    /// What the boards' adapters did not understand in this job's postings.
    pub warnings: Vec<PostingWarning>,
    /// Whether the user has looked at it (filled in by [`get`]).
    pub seen: bool,
    /// When its board stopped listing it; null while open.
    pub closed_at: Option<String>,
    /// The closed job this one reposts (same company and title, a new posting).
    pub reposted_from: Option<String>,
    /// That earlier posting's dates.
    pub earlier_posting: Option<EarlierPostingDto>,
    /// Open for more than 60 days (since posted, else first seen).
    pub old: bool,
    /// Days open, since posted (else first seen) until closed or now.
    pub open_days: u32,
}

/// The closed posting a repost stands for, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EarlierPostingDto {
    pub id: String,
    pub posted_at: Option<String>,
    pub first_seen: String,
    pub closed_at: Option<String>,
}

impl From<JobView> for JobDto {
    fn from(view: JobView) -> Self {
        let job = view.job;
        Self {
            yearly_salary_max: job.salary.as_ref().and_then(|s| s.yearly_max()),
            salary_text: job.salary.as_ref().and_then(|s| s.source_text.clone()),
            locations: job.locations,
            workplace: job.workplace,
            warnings: job.warnings,
            salary: job.salary.as_ref().and_then(|s| serde_json::to_value(s).ok()),
            id: job.id,
            title: job.title,
            company: job.company,
            location: job.location,
            remote: job.remote,
            employment_type: job.employment_type,
            url: job.url,
            apply_url: job.apply_url,
            apply_email: job.apply_email,
            posted_at: job.posted_at.map(|t| t.to_rfc3339()),
            first_seen: job.first_seen.to_rfc3339(),
            last_seen: job.last_seen.to_rfc3339(),
            found_on: serde_json::to_value(&job.found_on).unwrap_or(Value::Null),
            description: job.description,
            tags: job.tags,
            skills: job.skills,
            language: job.language,
            processed: job.processed,
            match_: view.match_,
            seen: false,
            closed_at: job.closed_at.map(|t| t.to_rfc3339()),
            reposted_from: job.reposted_from,
            earlier_posting: job.earlier_posting.map(|e| EarlierPostingDto {
                id: e.id,
                posted_at: e.posted_at.map(|t| t.to_rfc3339()),
                first_seen: e.first_seen.to_rfc3339(),
                closed_at: e.closed_at.map(|t| t.to_rfc3339()),
            }),
            old: job.old,
            open_days: job.open_days,
        }
    }
}

/// Filters, order and page of the jobs list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobQuery {
    /// Words that must all appear in the title, company, place, tags, skills or description
    /// (the last one may be the start of a word).
    pub search: Option<String>,
    /// Only jobs matched at or above this score (0..1).
    pub min_score: Option<f64>,
    /// Only jobs found on this source (`greenhouse` or `greenhouse:acme`).
    pub source: Option<String>,
    pub remote_only: Option<bool>,
    /// Only jobs the user has not looked at yet.
    pub unseen_only: Option<bool>,
    /// Only the jobs that the hunt with this id found new (first seen while it ran).
    pub found_in: Option<String>,
    /// Only jobs still open (not closed on their board).
    pub open_only: Option<bool>,
    /// Without postings open for more than 60 days.
    pub hide_old: Option<bool>,
    /// `newest` (default) or `score`.
    pub sort: Option<JobSort>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
    /// The page after this marker (a page's `nextCursor`).
    pub after: Option<String>,
    /// The page before this marker (a page's `prevCursor`).
    pub before: Option<String>,
}

/// One page of the jobs list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobPage {
    pub items: Vec<JobRow>,
    /// Jobs matching the filters, over all pages: counted up to 1,000 (see `totalExact`).
    pub total: f64,
    /// False when more jobs match than `total` says ("1,000+").
    pub total_exact: bool,
    pub limit: u32,
    pub has_more: bool,
    /// Pass as `after` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Pass as `before` for the previous page; null on the first page.
    pub prev_cursor: Option<String>,
}

/// The command's logic, without Tauri.
pub async fn list(state: &Api, query: JobQuery) -> CommandResult<JobPage> {
    use jobhunter_ops::job_page::{job_page, JobQuery as OpsQuery};
    if let Some(score) = query.min_score.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(CommandError::invalid("minScore", format!("{score} is not between 0 and 1")));
    }
    let first_seen_between = match query.found_in.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(run_id) => {
            let (from, until) = crate::hunt_summary::hunt_window(state, run_id)
                .await
                .map_err(|e| CommandError::new(e.code, format!("foundIn: {}", e.message)))?;
            Some((time_key(from), time_key(until)))
        }
        None => None,
    };
    let ops_query = OpsQuery {
        unseen_only: query.unseen_only.unwrap_or(false),
        first_seen_between,
        open_only: query.open_only.unwrap_or(false),
        hide_old: query.hide_old.unwrap_or(false),
        old_before: Some(old_before(state.engine.clock().now())),
        search: query.search,
        min_score: query.min_score,
        source: query.source,
        remote_only: query.remote_only.unwrap_or(false),
        sort: query.sort.unwrap_or_default(),
        limit: query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
        after: query.after,
        before: query.before,
        with_total: true,
    };
    let page = job_page(state.engine.store().pool(), &ops_query).await?;
    Ok(JobPage {
        has_more: page.has_more(),
        total: page.total.unwrap_or(0) as f64,
        total_exact: page.total_exact,
        limit: page.limit,
        items: page.items,
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
    })
}

/// The command's logic, without Tauri.
pub async fn get(state: &Api, id: &str) -> CommandResult<JobDto> {
    let pool = state.engine.store().pool();
    let view = jobhunter_ops::hunt::job_view(pool, id).await?;
    // Old and days open by the engine's clock.
    let now = state.engine.clock().now();
    let (posted, first, closed) = (view.job.posted_at, view.job.first_seen, view.job.closed_at);
    let mut job: JobDto = view.into();
    job.old = is_old(posted, first, closed, now);
    job.open_days = open_days(posted, first, closed, now);
    job.seen = seen_at(pool, &job.id).await.map_err(jobs_error)?.is_some();
    Ok(job)
}

/// Marks jobs `ids` seen (a job's page was opened); returns how many became seen. Jobs seen
/// before keep their first time; unknown ids are ignored.
pub async fn mark_seen(state: &Api, ids: &[String]) -> CommandResult<u32> {
    let ids: Vec<String> = ids.iter().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()).collect();
    if ids.is_empty() {
        return Err(CommandError::invalid("ids", "name at least one job"));
    }
    let now = state.engine.clock().now();
    let n =
        jobhunter_jobs::store::mark_seen(state.engine.store().pool(), &ids, now).await.map_err(jobs_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Marks every job seen ("Mark all as seen"); returns how many were new.
pub async fn mark_all_seen(state: &Api) -> CommandResult<u32> {
    let now = state.engine.clock().now();
    let n =
        jobhunter_jobs::store::mark_all_seen(state.engine.store().pool(), now).await.map_err(jobs_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// How many jobs the user has not looked at yet ("N new since you last looked").
pub async fn unseen_count(state: &Api) -> CommandResult<u32> {
    let n = jobhunter_jobs::store::count_unseen(state.engine.store().pool()).await.map_err(jobs_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A jobs-store failure as a command error.
pub(crate) fn jobs_error(e: jobhunter_jobs::Error) -> CommandError {
    match e {
        jobhunter_jobs::Error::Invalid(m) => CommandError::new(crate::ErrorCode::InvalidInput, m),
        other => CommandError::new(crate::ErrorCode::Database, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn empty_database_has_no_jobs() {
        let (_dir, state) = state().await;
        let page = list(&state, JobQuery::default()).await.unwrap();
        assert!(page.items.is_empty() && page.total == 0.0 && !page.has_more);
        let high = JobQuery { min_score: Some(0.5), limit: Some(10), ..Default::default() };
        assert!(list(&state, high).await.unwrap().items.is_empty());
        let error = list(&state, JobQuery { min_score: Some(7.0), ..Default::default() }).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.starts_with("minScore:"), "{}", error.message);
        assert_eq!(get(&state, "nope").await.unwrap_err().code, "not_found");
        state.engine.close().await.unwrap();
    }
}
