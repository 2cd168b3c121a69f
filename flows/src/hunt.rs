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
use jobhunter_ops::source_health::{self, RunTally};
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

/// A source the circuit breaker paused: the hunt skipped it without a request.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedSource {
    pub source: String,
    /// When hunts ask it again (UTC, RFC 3339).
    pub paused_until: String,
    /// Why it was paused, in words.
    pub reason: String,
}

/// Job ids found by all searches (de-duplicated, in a stable order), the failures, and what
/// the adapters did not understand (each once, sorted).
pub struct Scraped {
    pub job_ids: Vec<String>,
    pub jobs_created: u32,
    pub failures: Vec<SourceFailure>,
    pub warnings: Vec<ScrapeWarning>,
    /// The sources the circuit breaker holds back (not asked).
    pub skipped: Vec<SkippedSource>,
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
    // Sources the circuit breaker paused are not asked (their backup is, when configured).
    let engine = ctx.engine();
    let paused = source_health::paused_sources(engine.store().pool(), sources, engine.clock().now())
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not read the paused sources; asking every source");
            Vec::new()
        });
    let skipped: Vec<SkippedSource> = paused
        .into_iter()
        .map(|p| SkippedSource {
            source: p.spec,
            paused_until: p.paused_until.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            reason: p.reason,
        })
        .collect();
    let mut pending = Vec::new();
    for source in sources {
        let is_paused = skipped.iter().any(|s| &s.source == source);
        let target = match (is_paused, fallbacks.get(source)) {
            (false, _) => source,
            (true, Some(backup)) => backup,
            (true, None) => continue,
        };
        let task =
            if is_paused { scrape_task(target).named("scrape_jobs_fallback") } else { scrape_task(target) };
        for keywords in &searches {
            let location = location.map(str::to_owned);
            let input = ScrapeInput { source: target.clone(), keywords: keywords.clone(), location, limit };
            pending.push((source.clone(), keywords.clone(), is_paused, ctx.submit(&task, input)));
        }
    }
    let mut tally = RunTally::new();
    let mut found = Found::default();
    let mut failures = Vec::new();
    let mut failed_sources = BTreeSet::new();
    for (source, keywords, is_fallback, future) in pending {
        let outcome = match future.await {
            Ok(out) => Ok(out),
            Err(err) if err.kind == jobhunter_engine::ErrorKind::Cancelled => return Err(err),
            Err(err) => Err(err),
        };
        if is_fallback {
            // The backup of a paused source: its jobs count, its failures are only logged.
            match outcome {
                Ok(out) => found.add(out),
                Err(e) => tracing::warn!(%source, error = %e, "the backup of a paused source failed"),
            }
            continue;
        }
        match &outcome {
            Ok(out) => tally.success(&source, out.job_ids.len() as u32, out.jobs_created, out.latency_ms),
            Err(err) => tally.failure(&source, err),
        }
        match outcome {
            Ok(out) => found.add(out),
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
                        Ok(out) => found.add(out),
                        Err(e) => tracing::warn!(%backup, error = %e, "backup source failed too"),
                    }
                }
            }
        }
    }
    // One health row per source asked (after its retries); a source that keeps failing is
    // paused here, with one notification. Health never fails the hunt.
    if let Err(e) = source_health::record_runs(engine, ctx.flow_run_id(), &tally.into_runs()).await {
        tracing::warn!(error = %e, "could not record the sources' health");
    }
    Ok(Scraped {
        job_ids: found.ordered,
        jobs_created: found.created,
        failures,
        warnings: found.warnings.into_iter().collect(),
        skipped,
    })
}

/// The jobs the searches found: each id once, in the order first found.
#[derive(Default)]
struct Found {
    ids: BTreeSet<String>,
    ordered: Vec<String>,
    created: u32,
    warnings: BTreeSet<ScrapeWarning>,
}

impl Found {
    fn add(&mut self, out: ScrapeOutput) {
        self.created += out.jobs_created;
        self.warnings.extend(out.warnings);
        for id in out.job_ids {
            if self.ids.insert(id.clone()) {
                self.ordered.push(id);
            }
        }
    }
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
    // The sources the circuit breaker paused, not asked in this run.
    #[serde(default)]
    pub skipped_sources: Vec<SkippedSource>,
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
            skipped_sources: scraped.skipped,
        })
    })
    .description("Scrape sources x keywords in parallel, then clean and de-duplicate what was found")
}
