//! Scraping flows: every source x keyword search runs as its own task in parallel (retries
//! with backoff and jitter, a 300 s timeout, a tag per source), a source that still fails may
//! fall back to a backup source, and one broken source never fails the whole flow.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Flow, FlowContext, OpError, RetryDelay, Task};
use jobhunter_ops::hunt::{
    keywords, process_jobs, scrape_jobs, ProcessInput, ScrapeInput, ScrapeOutput, ScrapeWarning,
};
use serde::{Deserialize, Serialize};

/// The scrape task's policy (the seed design's: 3 retries, backoff + jitter, 300 s).
pub fn scrape_task(source: &str) -> Task<ScrapeInput, ScrapeOutput> {
    let board = source.split(':').next().unwrap_or(source);
    Task::new(&scrape_jobs())
        .retries(3)
        .retry_delay(RetryDelay::Exponential {
            base: Duration::from_secs(1),
            factor: 2.0,
            max: Duration::from_secs(30),
        })
        .jitter(0.3)
        .timeout(Duration::from_secs(300))
        .tag(&format!("source:{board}"))
}

/// A source that failed after its retries.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceFailure {
    pub source: String,
    pub error: String,
    /// The backup source tried instead, if one was configured.
    pub fell_back_to: Option<String>,
}

/// Job ids found by all searches (de-duplicated, in a stable order), the failures, and what
/// the adapters did not understand (each once, sorted).
pub struct Scraped {
    pub job_ids: Vec<String>,
    pub jobs_created: u32,
    pub failures: Vec<SourceFailure>,
    pub warnings: Vec<ScrapeWarning>,
}

/// Runs every source x keyword search in parallel; failed sources fall back when configured.
/// `location` goes to the boards that search by place (the others ignore it).
pub async fn scrape_all(
    ctx: &FlowContext,
    sources: &[String],
    keywords: &[String],
    location: Option<&str>,
    limit: u32,
    fallbacks: &BTreeMap<String, String>,
) -> Result<Scraped, OpError> {
    if sources.is_empty() {
        return Err(OpError::invalid("sources: at least one source is needed (e.g. \"remoteok\")"));
    }
    let searches: Vec<Vec<String>> = if keywords.is_empty() {
        vec![Vec::new()]
    } else {
        keywords.iter().map(|k| vec![k.clone()]).collect()
    };
    let mut pending = Vec::new();
    for source in sources {
        for keywords in &searches {
            let location = location.map(str::to_owned);
            let input = ScrapeInput { source: source.clone(), keywords: keywords.clone(), location, limit };
            pending.push((source.clone(), keywords.clone(), ctx.submit(&scrape_task(source), input)));
        }
    }
    let mut ids = BTreeSet::new();
    let mut ordered = Vec::new();
    let mut created = 0;
    let mut failures = Vec::new();
    let mut failed_sources = BTreeSet::new();
    let mut warnings = BTreeSet::new();
    for (source, keywords, future) in pending {
        let outcome = match future.await {
            Ok(out) => Ok(out),
            Err(err) if err.kind == jobhunter_engine::ErrorKind::Cancelled => return Err(err),
            Err(err) => Err(err),
        };
        match outcome {
            Ok(out) => {
                created += out.jobs_created;
                warnings.extend(out.warnings);
                for id in out.job_ids {
                    if ids.insert(id.clone()) {
                        ordered.push(id);
                    }
                }
            }
            Err(err) => {
                let backup = fallbacks.get(&source).cloned();
                tracing::warn!(%source, error = %err, backup = backup.as_deref().unwrap_or("none"), "source failed");
                if failed_sources.insert(source.clone()) {
                    failures.push(SourceFailure {
                        source: source.clone(),
                        error: err.message,
                        fell_back_to: backup,
                    });
                }
                if let Some(backup) = fallbacks.get(&source) {
                    let location = location.map(str::to_owned);
                    let input = ScrapeInput { source: backup.clone(), keywords, location, limit };
                    match ctx.run(&scrape_task(backup).named("scrape_jobs_fallback"), input).await {
                        Ok(out) => {
                            created += out.jobs_created;
                            warnings.extend(out.warnings);
                            for id in out.job_ids {
                                if ids.insert(id.clone()) {
                                    ordered.push(id);
                                }
                            }
                        }
                        Err(e) => tracing::warn!(%backup, error = %e, "backup source failed too"),
                    }
                }
            }
        }
    }
    Ok(Scraped {
        job_ids: ordered,
        jobs_created: created,
        failures,
        warnings: warnings.into_iter().collect(),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScrapeAndProcessParams {
    /// The job sites to search, e.g. ["greenhouse:acme", "remoteok"].
    #[schemars(title = "Job sites")]
    pub sources: Vec<String>,
    /// One search per keyword (all words must appear); empty: everything.
    #[schemars(title = "Search terms")]
    // A string is one keyword ("Data Engineer"), as older seeds wrote it.
    #[serde(deserialize_with = "keywords::deserialize")]
    #[schemars(schema_with = "keywords::schema")]
    pub keywords: Vec<String>,
    /// Most postings per job site and search term.
    #[schemars(title = "Most jobs per site")]
    pub limit: u32,
    /// A job site to search instead when one fails, per job site: `{"remotive": "remoteok"}`.
    #[schemars(title = "Backup sites")]
    pub fallbacks: BTreeMap<String, String>,
}

impl Default for ScrapeAndProcessParams {
    fn default() -> Self {
        Self { sources: Vec::new(), keywords: Vec::new(), limit: 50, fallbacks: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScrapeAndProcessResult {
    pub jobs_scraped: u32,
    pub jobs_processed: u32,
    pub duplicates_merged: u32,
    pub job_ids: Vec<String>,
    pub failed_sources: Vec<SourceFailure>,
    // What the boards' adapters did not understand, per posting. (A plain comment: a doc
    // comment would change the published schema.)
    #[serde(default)]
    pub warnings: Vec<ScrapeWarning>,
}

pub fn scrape_and_process() -> Flow<ScrapeAndProcessParams, ScrapeAndProcessResult> {
    Flow::new("scrape_and_process", |ctx: FlowContext, p: ScrapeAndProcessParams| async move {
        let scraped = scrape_all(&ctx, &p.sources, &p.keywords, None, p.limit, &p.fallbacks).await?;
        let processed = if scraped.job_ids.is_empty() {
            Default::default()
        } else {
            ctx.run(&Task::new(&process_jobs()), ProcessInput { job_ids: scraped.job_ids.clone() }).await?
        };
        Ok(ScrapeAndProcessResult {
            jobs_scraped: scraped.job_ids.len() as u32,
            jobs_processed: processed.processed_job_ids.len() as u32,
            duplicates_merged: processed.duplicates_merged,
            job_ids: processed.processed_job_ids,
            failed_sources: scraped.failures,
            warnings: scraped.warnings,
        })
    })
    .description("Scrape sources x keywords in parallel, then clean and de-duplicate what was found")
}
