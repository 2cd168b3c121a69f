//! `daily_job_hunt`: the product's main flow. Scrape every source x keyword in parallel ->
//! process -> match -> tailored CVs for the high matches in parallel -> apply when enabled
//! (only with CVs the user approved) -> a summary notification. Branches: no jobs at all
//! (notify, `success: false, reason: "no_jobs_found"`), no high matches (notify, zeros).

use std::collections::BTreeMap;
use std::time::Duration;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Flow, FlowContext, OpError, Task};
use jobhunter_ops::documents::{generate_cv, GenerateInput};
use jobhunter_ops::hunt::{keywords, match_jobs, process_jobs, MatchInputs, ProcessInput};
use jobhunter_ops::notify::message::Level;
use jobhunter_ops::notify::ops::{notify, notify_high_match, HighMatchInput, NotifyInput};
use jobhunter_ops::notify::HighMatch;
use serde::{Deserialize, Serialize};

use crate::hunt::{scrape_all, SourceFailure};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DailyJobHuntParams {
    /// One search per keyword on every source (empty: the profile's search phrases).
    #[schemars(title = "Search terms")]
    // A string is one keyword ("Data Engineer"), as older seeds wrote it.
    #[serde(deserialize_with = "keywords::deserialize")]
    #[schemars(schema_with = "keywords::schema")]
    pub keywords: Vec<String>,
    /// The job sites to search, e.g. ["remoteok", "greenhouse:acme"].
    #[schemars(title = "Job sites")]
    pub sources: Vec<String>,
    /// Apply to strong matches whose CV you approved.
    #[schemars(title = "Apply automatically")]
    pub auto_apply: bool,
    /// The match score (0..1; the app shows 0-100 %) from which a job is a strong match.
    #[schemars(title = "Strong match from", extend("x-unit" = "fraction"))]
    pub match_threshold: f64,
    /// Most postings per job site and search term.
    #[schemars(title = "Most jobs per site")]
    pub limit: u32,
    /// A job site to search instead when one fails, per job site.
    #[schemars(title = "Backup sites")]
    pub fallbacks: BTreeMap<String, String>,
    /// Most CVs written in one hunt (the best matches first).
    #[schemars(title = "Most CVs per hunt")]
    pub max_cvs: u32,
    /// Match against this profile (empty: your profile).
    #[schemars(title = "Profile")]
    pub profile_id: Option<String>,
}

impl Default for DailyJobHuntParams {
    fn default() -> Self {
        Self {
            keywords: Vec::new(),
            sources: Vec::new(),
            auto_apply: false,
            match_threshold: 0.8,
            limit: 50,
            fallbacks: BTreeMap::new(),
            max_cvs: 10,
            profile_id: None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyJobHuntResult {
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub jobs_scraped: u32,
    pub high_matches: u32,
    // CVs written in this run. A high match whose job and profile did not change since its CV
    // was made keeps that CV (approval included) and is not counted here. (A plain comment: a
    // doc comment would change the published schema, ui/src/test/flowSchemas.json.)
    pub cvs_generated: u32,
    pub applications: u32,
    /// The high-matching jobs, best first.
    pub high_match_job_ids: Vec<String>,
    pub failed_sources: Vec<SourceFailure>,
    // What the boards' adapters did not understand, per posting.
    #[serde(default)]
    pub warnings: Vec<jobhunter_ops::hunt::ScrapeWarning>,
    // The sources the circuit breaker paused, not asked in this run.
    #[serde(default)]
    pub skipped_sources: Vec<crate::hunt::SkippedSource>,
}

/// The seed's flow-level settings: a failed hunt is tried once more a minute later (a board
/// that was down may be back), and a hunt stops after an hour whatever it is doing.
pub const RETRIES: u32 = 1;
pub const RETRY_DELAY: Duration = Duration::from_secs(60);
pub const TIMEOUT: Duration = Duration::from_secs(3600);
pub const TAGS: [&str; 2] = ["production", "scheduled"];

pub fn daily_job_hunt() -> Flow<DailyJobHuntParams, DailyJobHuntResult> {
    Flow::new("daily_job_hunt", run)
        .description(
            "Scrape sources x keywords, process, match against your profile, tailor CVs for high matches, \
             apply if enabled, and notify a summary",
        )
        .retries(RETRIES, RETRY_DELAY)
        .timeout(TIMEOUT)
        .tags(TAGS)
}

async fn say(ctx: &FlowContext, title: &str, message: String, level: Level) {
    let input = NotifyInput { message, title: Some(title.to_owned()), level, channels: None };
    // A failing channel never fails the hunt (the notify operation records it).
    if let Err(e) = ctx.run(&Task::new(&notify()), input).await {
        tracing::warn!(error = %e, "summary notification failed");
    }
}

/// What the hunt searches for: its own keywords, else the profile's search phrases ("what
/// I'm looking for" feeds the search, not only the scoring); and the profile's first location
/// for the boards that search by place. The profile's skills are never searched one by one.
async fn search_terms(ctx: &FlowContext, p: &DailyJobHuntParams) -> (Vec<String>, Option<String>) {
    let pool = ctx.engine().store().pool();
    let preferences = match jobhunter_ops::profile::get(pool, p.profile_id.as_deref()).await {
        Ok(stored) => stored.profile.preferences,
        // No profile: the match step says so; the search goes on with the hunt's own terms.
        Err(_) => return (p.keywords.clone(), None),
    };
    let keywords = if p.keywords.is_empty() { preferences.keywords } else { p.keywords.clone() };
    let location = preferences.locations.into_iter().map(|l| l.trim().to_owned()).find(|l| !l.is_empty());
    (keywords, location)
}

async fn run(ctx: FlowContext, p: DailyJobHuntParams) -> Result<DailyJobHuntResult, OpError> {
    if !(0.0..=1.0).contains(&p.match_threshold) {
        return Err(OpError::invalid(format!(
            "match_threshold: must be between 0 and 1, got {}",
            p.match_threshold
        )));
    }
    let (keywords, location) = search_terms(&ctx, &p).await;
    let scraped = scrape_all(&ctx, &p.sources, &keywords, location.as_deref(), p.limit, &p.fallbacks).await?;
    let mut result = DailyJobHuntResult {
        failed_sources: scraped.failures.clone(),
        warnings: scraped.warnings.clone(),
        skipped_sources: scraped.skipped.clone(),
        ..Default::default()
    };
    if scraped.job_ids.is_empty() {
        let failed = scraped.failures.len();
        say(
            &ctx,
            "Job hunt: no jobs found",
            format!("No postings matched {:?} on {} sources ({failed} failed).", keywords, p.sources.len()),
            Level::Warning,
        )
        .await;
        result.reason = Some("no_jobs_found".into());
        return Ok(result);
    }
    let processed =
        ctx.run(&Task::new(&process_jobs()), ProcessInput { job_ids: scraped.job_ids.clone() }).await?;
    result.jobs_scraped = processed.processed_job_ids.len() as u32;
    let matched = ctx
        .run(
            &Task::new(&match_jobs()),
            MatchInputs { profile_id: p.profile_id.clone(), job_ids: processed.processed_job_ids },
        )
        .await?;

    let mut high: Vec<(String, f64)> = matched
        .scores
        .iter()
        .filter(|(_, s)| **s >= p.match_threshold)
        .map(|(id, s)| (id.clone(), *s))
        .collect();
    high.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    result.success = true;
    result.high_matches = high.len() as u32;
    result.high_match_job_ids = high.iter().map(|(id, _)| id.clone()).collect();
    if high.is_empty() {
        say(
            &ctx,
            "Job hunt: no high matches",
            format!("{} jobs found, none scored {:.2} or more.", result.jobs_scraped, p.match_threshold),
            Level::Info,
        )
        .await;
        return Ok(result);
    }

    // Tailored CVs for the best matches, in parallel. `generate_cv` returns a job's existing CV
    // when neither the job nor the profile changed, so daily runs do not pile up documents.
    let cv_task = Task::new(&generate_cv()).retries(1);
    let cvs: Vec<_> = high
        .iter()
        .take(p.max_cvs as usize)
        .map(|(job_id, _)| {
            ctx.submit(
                &cv_task,
                GenerateInput { job_id: job_id.clone(), profile_id: Some(matched.profile_id.clone()) },
            )
        })
        .collect();
    let mut cvs_reused = 0;
    for cv in futures::future::join_all(cvs).await {
        match cv {
            Ok(cv) if cv.reused => cvs_reused += 1,
            Ok(_) => result.cvs_generated += 1,
            Err(e) => tracing::warn!(error = %e, "CV generation failed"),
        }
    }
    if cvs_reused > 0 {
        tracing::info!(cvs_reused, "kept the CVs of unchanged jobs");
    }

    if p.auto_apply {
        result.applications = crate::apply::apply_approved(&ctx, &result.high_match_job_ids).await?;
    }

    let jobs: Vec<HighMatch> = high
        .iter()
        .map(|(id, score)| HighMatch {
            job_id: id.clone(),
            title: id.clone(),
            company: None,
            score: *score,
            url: None,
        })
        .collect();
    let jobs = crate::apply::describe(&ctx, jobs).await;
    if let Err(e) = ctx.run(&Task::new(&notify_high_match()), HighMatchInput { jobs }).await {
        tracing::warn!(error = %e, "high-match notification failed");
    }
    say(
        &ctx,
        "Job hunt finished",
        format!(
            "{} jobs, {} high matches, {} new CVs ready for your approval ({cvs_reused} unchanged, kept), \
             {} applications.",
            result.jobs_scraped, result.high_matches, result.cvs_generated, result.applications
        ),
        Level::Success,
    )
    .await;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use jobhunter_engine::{Engine, RunOptions};
    use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
    use serde_json::json;

    #[tokio::test]
    async fn a_second_hunt_over_unchanged_jobs_keeps_their_cvs() {
        let server = FixtureServer::default();
        server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
        let base = server.start().await;
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::builder(dir.path()).registry(crate::registry()).open().await.unwrap();
        let pool = engine.store().pool();
        let urls = json!({ "greenhouse": base });
        jobhunter_ops::settings::set(
            pool,
            jobhunter_ops::settings::SOURCE_BASE_URLS,
            &urls,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let profile = std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap();
        jobhunter_ops::profile::import(pool, &profile, chrono::Utc::now()).await.unwrap();
        let params = json!({"keywords": ["rust"], "sources": ["greenhouse:acme"], "match_threshold": 0.3});
        let run =
            || engine.run_flow_json("daily_job_hunt", params.clone(), RunOptions::new("manual", "test"));

        let first = run().await.unwrap().result.unwrap();
        let high = first["high_matches"].as_u64().unwrap();
        assert!(high >= 1, "{first}");
        assert_eq!(first["cvs_generated"], high, "{first}");
        let docs = jobhunter_ops::documents::list(pool, None).await.unwrap();
        assert_eq!(docs.len() as u64, 2 * high, "a PDF and a Markdown per CV");

        let second = run().await.unwrap().result.unwrap();
        assert_eq!(second["high_matches"], high, "{second}");
        assert_eq!(second["cvs_generated"], 0, "nothing changed, nothing written: {second}");
        let again = jobhunter_ops::documents::list(pool, None).await.unwrap();
        assert_eq!(again, docs, "the same documents, no new pair");
    }
}
