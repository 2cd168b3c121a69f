//! The job-hunt operations over the `jobhunter-jobs` domain: `scrape_jobs` (one source),
//! `process_jobs` (clean, extract, de-duplicate) and `match_jobs` (explainable scores stored
//! per profile), plus the job queries the CLI and the UI show.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, OpContext, OpError, Operation};
use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query};
use jobhunter_jobs::matching::{Explanation, MatchInput, Matcher};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_jobs::store::{self as job_store, JobRecord};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::{settings, Error};

/// Maps a domain error onto the engine's kinds (the task layer retries by kind).
pub fn op_error(err: jobhunter_jobs::Error) -> OpError {
    use jobhunter_jobs::Error as E;
    match &err {
        E::Invalid(_) => OpError::from_error(ErrorKind::Invalid, &err),
        E::RateLimited { retry_after, .. } => OpError::rate_limited(err.to_string(), *retry_after),
        E::Transient(_) => OpError::from_error(ErrorKind::Transient, &err),
        E::Malformed { .. } | E::Permanent(_) => OpError::from_error(ErrorKind::Permanent, &err),
    }
}

/// One fetcher per process: rate limits per host and ETags hold across operations.
fn fetcher() -> Result<&'static Fetcher, OpError> {
    static FETCHER: OnceLock<Fetcher> = OnceLock::new();
    if let Some(f) = FETCHER.get() {
        return Ok(f);
    }
    let f = Fetcher::new(FetchConfig::default()).map_err(op_error)?;
    Ok(FETCHER.get_or_init(|| f))
}

/// The process's fetcher with the base URLs configured in settings (what scrapes and the
/// source resolver of the setup use).
pub async fn configured_fetcher(pool: &SqlitePool) -> Result<Fetcher, OpError> {
    Ok(fetcher()?.with_base_urls(base_urls(pool).await?))
}

/// Base URLs configured in settings, by board.
async fn base_urls(pool: &SqlitePool) -> Result<HashMap<Board, String>, OpError> {
    let by_name: BTreeMap<String, String> =
        settings::get(pool, settings::SOURCE_BASE_URLS).await.map_err(OpError::from)?.unwrap_or_default();
    Ok(Board::ALL
        .into_iter()
        .filter_map(|b| by_name.get(b.name()).filter(|u| !u.trim().is_empty()).map(|u| (b, u.clone())))
        .collect())
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScrapeInput {
    /// A source spec: `greenhouse:<board>`, `lever:<site>`, `ashby:<board>`,
    /// `smartrecruiters:<company>`, `recruitee:<company>`, `personio:<company>`,
    /// `workable:<account>`, `teamtailor:<company>`, `workday:<tenant>.<wdN>/<site>`,
    /// `arbeitnow`, `remotive`, `remoteok`, `bundesagentur`, `jsonld:<url>`, `feed:<url>`.
    #[schemars(title = "Job site")]
    pub source: String,
    /// Every keyword (a string is one) must appear in title, tags or description; empty: all.
    #[serde(default, deserialize_with = "keywords::deserialize")]
    #[schemars(schema_with = "keywords::schema", title = "Search terms")]
    pub keywords: Vec<String>,
    /// Where the job is, for the job sites that search by place (the others ignore it).
    #[serde(default)]
    #[schemars(title = "Location")]
    pub location: Option<String>,
    /// Most postings kept from this source.
    #[serde(default = "default_limit")]
    #[schemars(title = "Most jobs")]
    pub limit: u32,
}

/// `keywords` as a string or a list (see [`jobhunter_jobs::keywords`]).
pub use jobhunter_jobs::keywords;

fn default_limit() -> u32 {
    50
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ScrapeOutput {
    pub success: bool,
    pub source: String,
    pub job_ids: Vec<String>,
    pub jobs_created: u32,
    /// What the adapter did not understand in the postings it read.
    #[serde(default)]
    pub warnings: Vec<ScrapeWarning>,
    /// How long the board took to answer (all its pages), for source health.
    #[serde(default)]
    pub latency_ms: u64,
}

/// Something in one posting an adapter did not understand (kept, not dropped in silence).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScrapeWarning {
    /// The source spec (`lever:spotify`).
    pub source: String,
    /// The board's id for the posting.
    pub posting_id: String,
    /// The board's field.
    pub field: String,
    pub message: String,
}

pub fn scrape_jobs() -> Operation<ScrapeInput, ScrapeOutput> {
    Operation::new("scrape_jobs", scrape)
        .description("Fetch postings from one job board and store them (re-imports update last_seen)")
        .category("jobs")
        .tags(["scrape", "network"])
}

async fn scrape(ctx: OpContext, input: ScrapeInput) -> Result<ScrapeOutput, OpError> {
    let spec = SourceSpec::parse(&input.source).map_err(op_error)?;
    let disabled: Vec<String> =
        settings::get(ctx.db(), settings::SOURCES_DISABLED).await.map_err(OpError::from)?.unwrap_or_default();
    if disabled.iter().any(|b| b == spec.board.name()) {
        return Err(OpError::new(
            ErrorKind::Permanent,
            format!("source: {} is turned off in Settings", spec.board.name()),
        ));
    }
    if input.limit == 0 || input.limit > 1000 {
        return Err(OpError::invalid(format!("limit: must be between 1 and 1000, got {}", input.limit)));
    }
    let fetcher = configured_fetcher(ctx.db()).await?;
    let query = Query {
        keywords: input.keywords.clone(),
        location: input.location.clone(),
        limit: input.limit as usize,
    };
    let started = std::time::Instant::now();
    let listing = fetcher.search_listing(&spec, &query).await.map_err(op_error)?;
    let postings = &listing.postings;
    let latency_ms = started.elapsed().as_millis() as u64;
    let imported =
        job_store::import_postings(ctx.db(), postings, ctx.clock().now()).await.map_err(op_error)?;
    // Closed (only after a complete read of a whole-list board), reopened and reposted jobs.
    let (ids, complete) = (&listing.board_ids, listing.complete);
    job_store::lifecycle::after_scrape(
        ctx.db(),
        &spec.label(),
        ids,
        complete,
        &imported.job_ids,
        ctx.clock().now(),
    )
    .await
    .map_err(op_error)?;
    for id in &imported.job_ids {
        ctx.add_result_ref("job", id.clone());
    }
    let warnings: Vec<ScrapeWarning> = postings
        .iter()
        .flat_map(|p| {
            p.warnings.iter().map(|w| ScrapeWarning {
                source: p.source.clone(),
                posting_id: p.source_job_id.clone(),
                field: w.field.clone(),
                message: w.message.clone(),
            })
        })
        .collect();
    tracing::info!(
        source = %spec.label(), found = postings.len(), created = imported.created, warnings = warnings.len(),
        "scraped"
    );
    Ok(ScrapeOutput {
        success: true,
        source: spec.label(),
        jobs_created: imported.created as u32,
        latency_ms,
        job_ids: imported.job_ids,
        warnings,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessInput {
    /// The jobs to clean up and de-duplicate (their ids).
    #[schemars(title = "Jobs")]
    pub job_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ProcessOutput {
    pub processed_job_ids: Vec<String>,
    pub duplicates_merged: u32,
}

pub fn process_jobs() -> Operation<ProcessInput, ProcessOutput> {
    Operation::new("process_jobs", |ctx: OpContext, input: ProcessInput| async move {
        let out = jobhunter_jobs::process::process_jobs(ctx.db(), &input.job_ids, ctx.clock().now())
            .await
            .map_err(op_error)?;
        Ok(ProcessOutput {
            duplicates_merged: out.duplicates_merged as u32,
            processed_job_ids: out.processed_job_ids,
        })
    })
    .description(
        "Clean postings, extract skills and language, merge the same posting found on several boards",
    )
    .category("jobs")
    .tags(["jobs"])
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchInputs {
    /// The profile to match against (default: the default profile).
    #[serde(default)]
    #[schemars(title = "Profile")]
    pub profile_id: Option<String>,
    /// The jobs to score (their ids); each is scored on its own.
    #[schemars(title = "Jobs")]
    pub job_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct MatchOutput {
    pub profile_id: String,
    /// job id -> score in 0..1
    pub scores: BTreeMap<String, f64>,
    pub explanations: BTreeMap<String, Explanation>,
}

pub fn match_jobs() -> Operation<MatchInputs, MatchOutput> {
    Operation::new("match_jobs", run_match)
        .description(
            "Score jobs against the profile, with an explanation per job (skills, role, level, place, salary, language)",
        )
        .category("jobs")
        .tags(["jobs"])
}

async fn run_match(ctx: OpContext, input: MatchInputs) -> Result<MatchOutput, OpError> {
    let stored = crate::profile::get(ctx.db(), input.profile_id.as_deref()).await.map_err(OpError::from)?;
    let mut jobs = Vec::with_capacity(input.job_ids.len());
    for id in &input.job_ids {
        jobs.push(job_store::get_job(ctx.db(), id).await.map_err(|e| match e {
            jobhunter_jobs::Error::Invalid(m) => OpError::invalid(format!("job_ids: {m}")),
            other => op_error(other),
        })?);
    }
    jobs.sort_by(|a, b| a.id.cmp(&b.id));
    jobs.dedup_by(|a, b| a.id == b.id);
    let facts = job_store::facts::facts_of(ctx.db(), &jobs).await.map_err(op_error)?;
    let inputs: Vec<MatchInput<'_>> =
        jobs.iter().zip(&facts).map(|(j, f)| MatchInput { facts: Some(f), ..j.match_input() }).collect();
    let today = ctx.clock().now().date_naive();
    let mut explanations = Matcher::new_at(&stored.profile, today).score_all(&inputs);
    if let Some(config) = crate::llm::config(ctx.db()).await {
        match crate::llm::LlmClient::new(config) {
            Ok(client) => {
                let key = crate::llm::stored_key(ctx.engine(), &client).await;
                let client = client.with_fallback_key(|| key);
                let now = ctx.clock().now();
                crate::rerank::rerank(
                    &client,
                    ctx.db(),
                    &stored.id,
                    &stored.profile,
                    &jobs,
                    &mut explanations,
                    now,
                )
                .await
            }
            Err(e) => tracing::warn!(error = %e, "llm re-ranking skipped"),
        }
    }
    let now = ctx.clock().now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let mut tx = ctx.db().begin_with("BEGIN IMMEDIATE").await.map_err(OpError::from)?;
    for (job, explanation) in jobs.iter().zip(&explanations) {
        let text = serde_json::to_string(explanation).map_err(|e| OpError::internal(e.to_string()))?;
        sqlx::query(
            "INSERT INTO matches (job_id, profile_id, score, explanation, matched_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (job_id, profile_id) DO UPDATE SET score = excluded.score, \
             explanation = excluded.explanation, matched_at = excluded.matched_at",
        )
        .bind(&job.id)
        .bind(&stored.id)
        .bind(explanation.score)
        .bind(text)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(OpError::from)?;
    }
    tx.commit().await.map_err(OpError::from)?;
    Ok(MatchOutput {
        profile_id: stored.id,
        scores: jobs.iter().zip(&explanations).map(|(j, e)| (j.id.clone(), e.score)).collect(),
        explanations: jobs.iter().zip(explanations).map(|(j, e)| (j.id.clone(), e)).collect(),
    })
}

/// A job with its match against the default profile (as `jobs list/show --json` print it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobView {
    #[serde(flatten)]
    pub job: JobRecord,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_: Option<MatchView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatchView {
    pub score: f64,
    /// The job's skills the profile has (canonical names).
    pub matched_skills: Vec<String>,
    /// What the job asks for that the profile lacks, required ones first.
    pub missing_skills: Vec<String>,
    /// The profile's must-have skills the job does not mention.
    pub unmet_must_haves: Vec<String>,
    /// The parts of the score with their reasons; `None` for a match stored by an older
    /// version (scored before the parts had reasons).
    pub components: Option<jobhunter_jobs::matching::MatchComponents>,
    pub penalties: Vec<jobhunter_jobs::matching::Penalty>,
    /// The optional LLM re-ranking of this match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<jobhunter_jobs::matching::LlmRerank>,
}

/// The score the hunt stored for job `job_id` against profile `profile_id`, if it scored it.
/// Flows read it through here (never by SQL of their own): `smart_job_application` uses the
/// hunt's score instead of scoring the job again.
pub async fn stored_score(pool: &SqlitePool, job_id: &str, profile_id: &str) -> Result<Option<f64>, Error> {
    Ok(sqlx::query_scalar("SELECT score FROM matches WHERE job_id = ? AND profile_id = ?")
        .bind(job_id)
        .bind(profile_id)
        .fetch_optional(pool)
        .await?)
}

async fn match_of(pool: &SqlitePool, job_id: &str) -> Result<Option<MatchView>, Error> {
    let row = sqlx::query(
        "SELECT m.explanation FROM matches m JOIN profiles p ON p.id = m.profile_id \
         WHERE m.job_id = ? ORDER BY p.is_default DESC, m.matched_at DESC LIMIT 1",
    )
    .bind(job_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let e: Explanation = serde_json::from_str(&row.try_get::<String, _>("explanation")?)
        .map_err(|e| Error::invalid(format!("stored match: {e}")))?;
    Ok(Some(MatchView {
        score: e.score,
        matched_skills: e.matched_skills,
        missing_skills: e.missing_skills,
        unmet_must_haves: e.unmet_must_haves,
        components: e.components,
        penalties: e.penalties,
        llm: e.llm,
    }))
}

/// One job with its match.
pub async fn job_view(pool: &SqlitePool, id: &str) -> Result<JobView, Error> {
    let job = job_store::get_job(pool, id).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => Error::NotFound(m.trim_end_matches(" not found").to_owned()),
        other => Error::invalid(other.to_string()),
    })?;
    let match_ = match_of(pool, &job.id).await?;
    Ok(JobView { job, match_ })
}

/// Jobs newest first, or best first when `min_score` is given (matched jobs only); only the
/// open ones (not closed) when `open_only`.
pub async fn job_views(
    pool: &SqlitePool,
    min_score: Option<f64>,
    limit: u32,
    open_only: bool,
) -> Result<Vec<JobView>, Error> {
    let limit = if limit == 0 { 50 } else { limit };
    let open = if open_only { " AND j.closed_at IS NULL" } else { "" };
    let ids: Vec<String> = match min_score {
        Some(min) => {
            sqlx::query_scalar(&format!(
                "SELECT m.job_id FROM matches m JOIN profiles p ON p.id = m.profile_id AND p.is_default = 1 \
                 JOIN jobs j ON j.id = m.job_id AND j.merged_into IS NULL{open} \
                 WHERE m.score >= ? ORDER BY m.score DESC, m.job_id LIMIT ?",
            ))
            .bind(min)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        }
        None => job_store::list_jobs_where(pool, limit, 0, open_only)
            .await
            .map_err(|e| Error::invalid(e.to_string()))?
            .into_iter()
            .map(|j| j.id)
            .collect(),
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(job_view(pool, &id).await?);
    }
    Ok(out)
}
