//! The summary card of a finished job hunt: "42 jobs found, 12 new, 3 strong matches; 1 site
//! failed", derived from the hunt's stored run (its typed result) and the jobs it first saw.
//!
//! "New" means first seen while the hunt ran (the jobs table's `first_seen` inside the run's
//! start..end window), so the card's link opens exactly those jobs (the jobs list's `foundIn`
//! filter reads the same window). A strong match scores at or above the hunt's own high-match
//! threshold (`match_threshold`, the one the user set for their daily hunt).

use chrono::{DateTime, Utc};
use jobhunter_engine::{FlowRunFilter, FlowRunRecord, StateType};
use jobhunter_flows::daily::DailyJobHuntResult;
use jobhunter_flows::hunt::{ScrapeAndProcessResult, SourceFailure};
use jobhunter_ops::source_health::display_name;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CommandError, CommandResult};
use crate::hunt::{plan_daily_hunt, DAILY_HUNT_FLOW};
use crate::{Api, ErrorCode};

/// The flows that hunt for jobs (their runs get a summary card).
pub const HUNT_FLOWS: [&str; 2] = [DAILY_HUNT_FLOW, "scrape_and_process"];
/// The high-match threshold when the hunt does not set one (the daily hunt's default).
pub const DEFAULT_STRONG_MATCH: f64 = 0.8;

/// A job site that failed during the hunt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FailedSite {
    /// The site as configured (`greenhouse:acme`).
    pub source: String,
    /// The site in words ("Lever board 'globex'").
    pub name: String,
    /// What went wrong, as the site answered.
    pub error: String,
    /// The kind of failure (`blocked`, `not_found`, `malformed`, `unavailable`, `other`), for
    /// saying it in words.
    pub kind: String,
    /// The backup site searched instead, if one was set.
    pub fell_back_to: Option<String>,
    /// That backup site in words.
    pub fell_back_to_name: Option<String>,
}

impl From<SourceFailure> for FailedSite {
    fn from(f: SourceFailure) -> Self {
        let kind = jobhunter_jobs::error::FailureKind::of_message(&f.error)
            .unwrap_or(jobhunter_jobs::error::FailureKind::Other);
        Self {
            name: display_name(&f.source),
            kind: kind.as_str().to_owned(),
            fell_back_to_name: f.fell_back_to.as_deref().map(display_name),
            source: f.source,
            error: f.error,
            fell_back_to: f.fell_back_to,
        }
    }
}

/// One finished hunt, in numbers a job seeker reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HuntSummary {
    /// The hunt's run (its page, and the jobs list's `foundIn` filter).
    pub flow_run_id: String,
    pub flow_name: String,
    /// Completed, failed, crashed or cancelled.
    pub state_type: StateType,
    pub started_at: String,
    pub finished_at: String,
    /// Jobs the hunt found (new and known ones).
    pub jobs_found: u32,
    /// Jobs first seen in this hunt.
    pub new_jobs: u32,
    /// Jobs of this hunt scoring at least `strongMatchFrom`.
    pub strong_matches: u32,
    /// The high-match threshold (0..1) the hunt used.
    pub strong_match_from: f64,
    pub failed_sites: Vec<FailedSite>,
    /// Why a hunt that did not complete stopped (its error), in its words.
    pub problem: Option<String>,
}

/// The summary of the newest finished hunt (`None` before the first one ends).
pub async fn latest(api: &Api) -> CommandResult<Option<HuntSummary>> {
    let mut newest: Option<FlowRunRecord> = None;
    for flow in HUNT_FLOWS {
        // Finished runs only: a hunt still running is summarized when it ends.
        let filter = FlowRunFilter { flow_name: Some(flow.to_owned()), limit: 20, ..Default::default() };
        let runs = api.engine.store().list_flow_runs(&filter).await?;
        if let Some(run) = runs.into_iter().find(|r| r.state_type.is_terminal()) {
            if newest.as_ref().is_none_or(|n| finished(&run) > finished(n)) {
                newest = Some(run);
            }
        }
    }
    match newest {
        Some(run) => Ok(Some(summarize(api, run).await?)),
        None => Ok(None),
    }
}

/// The summary of hunt `run_id` (finished or not: a running hunt counts so far).
pub async fn of_run(api: &Api, run_id: &str) -> CommandResult<HuntSummary> {
    let run = hunt_run(api, run_id).await?;
    summarize(api, run).await
}

/// The time window in which hunt `run_id` first saw its new jobs: its start to its end (now
/// while it runs).
pub async fn hunt_window(api: &Api, run_id: &str) -> CommandResult<(DateTime<Utc>, DateTime<Utc>)> {
    let run = hunt_run(api, run_id).await?;
    Ok(window(api, &run))
}

async fn hunt_run(api: &Api, run_id: &str) -> CommandResult<FlowRunRecord> {
    let run = api.engine.store().get_flow_run(run_id.trim()).await?;
    if !HUNT_FLOWS.contains(&run.flow_name.as_str()) {
        return Err(CommandError::invalid("id", format!("'{run_id}' is not a job hunt")));
    }
    Ok(run)
}

fn finished(run: &FlowRunRecord) -> DateTime<Utc> {
    run.finished_at.unwrap_or(run.created_at)
}

fn window(api: &Api, run: &FlowRunRecord) -> (DateTime<Utc>, DateTime<Utc>) {
    let from = run.started_at.unwrap_or(run.created_at);
    let until = run.finished_at.unwrap_or_else(|| api.engine.clock().now());
    (from, until.max(from))
}

/// The hunt's high-match threshold: its own `match_threshold`, else the user's daily hunt's.
async fn threshold(api: &Api, run: &FlowRunRecord) -> CommandResult<f64> {
    let valid = |v: Option<&Value>| v.and_then(Value::as_f64).filter(|t| (0.0..=1.0).contains(t));
    if let Some(t) = valid(run.parameters.get("match_threshold")) {
        return Ok(t);
    }
    if run.flow_name == DAILY_HUNT_FLOW {
        return Ok(DEFAULT_STRONG_MATCH);
    }
    let plan = plan_daily_hunt(&api.engine.deployments().await?);
    Ok(valid(plan.parameters.get("match_threshold")).unwrap_or(DEFAULT_STRONG_MATCH))
}

async fn summarize(api: &Api, run: FlowRunRecord) -> CommandResult<HuntSummary> {
    let pool = api.engine.store().pool();
    let strong_match_from = threshold(api, &run).await?;
    let unexpected = |e: serde_json::Error| {
        CommandError::new(ErrorCode::CorruptRecord, format!("the result of hunt '{}': {e}", run.id))
    };
    let (jobs_found, strong_matches, failures): (u32, u32, Vec<SourceFailure>) = match &run.result {
        None => (0, 0, Vec::new()),
        Some(result) if run.flow_name == DAILY_HUNT_FLOW => {
            let r: DailyJobHuntResult = serde_json::from_value(result.clone()).map_err(unexpected)?;
            (r.jobs_scraped, r.high_matches, r.failed_sources)
        }
        Some(result) => {
            let r: ScrapeAndProcessResult = serde_json::from_value(result.clone()).map_err(unexpected)?;
            let strong = count_at_least(pool, &r.job_ids, strong_match_from).await?;
            (r.jobs_scraped, strong, r.failed_sources)
        }
    };
    let (from, until) = window(api, &run);
    let new_jobs = jobhunter_jobs::store::count_first_seen_between(pool, from, until)
        .await
        .map_err(crate::jobs::jobs_error)?;
    Ok(HuntSummary {
        flow_run_id: run.id.clone(),
        flow_name: run.flow_name.clone(),
        state_type: run.state_type,
        started_at: from.to_rfc3339(),
        finished_at: until.to_rfc3339(),
        jobs_found,
        new_jobs: u32::try_from(new_jobs).unwrap_or(u32::MAX),
        strong_matches,
        strong_match_from,
        failed_sites: failures.into_iter().map(FailedSite::from).collect(),
        problem: if run.state_type == StateType::Completed { None } else { run.error.clone() },
    })
}

/// How many of `job_ids` the default profile's match scores at least `min`.
async fn count_at_least(pool: &sqlx::SqlitePool, job_ids: &[String], min: f64) -> CommandResult<u32> {
    let mut n = 0u32;
    for chunk in job_ids.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT COUNT(*) FROM matches m JOIN profiles p ON p.id = m.profile_id AND p.is_default = 1 \
             WHERE m.score >= ",
        );
        q.push_bind(min).push(" AND m.job_id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id.clone());
        }
        q.push(")");
        let count: i64 = q
            .build_query_scalar()
            .fetch_one(pool)
            .await
            .map_err(|e| CommandError::new(ErrorCode::Database, e.to_string()))?;
        n += u32::try_from(count).unwrap_or(0);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use jobhunter_engine::RunOptions;
    use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
    use serde_json::json;

    use super::*;
    use crate::jobs::{self, JobQuery};
    use crate::test_support::state;

    /// The daily hunt over a fixture Greenhouse board, with one broken board.
    async fn hunt(api: &Api) -> String {
        let params = json!({
            "keywords": ["rust"],
            "sources": ["greenhouse:acme", "greenhouse:broken"],
            "match_threshold": 0.3
        });
        let out = api
            .engine
            .run_flow_json(DAILY_HUNT_FLOW, params, RunOptions::new("manual", "test"))
            .await
            .unwrap();
        assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
        out.flow_run_id
    }

    #[tokio::test]
    async fn a_finished_hunt_says_what_it_found_and_links_to_its_new_jobs() {
        let server = FixtureServer::default();
        server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
        server.route("/v1/boards/broken/jobs?content=true", vec![Reply::json("<html>oops</html>")]);
        let base = server.start().await;
        let (_dir, api) = state().await;
        let pool = api.engine.store().pool();
        let urls = json!({ "greenhouse": base });
        jobhunter_ops::settings::set(pool, jobhunter_ops::settings::SOURCE_BASE_URLS, &urls, Utc::now())
            .await
            .unwrap();
        let profile = std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap();
        crate::profile::import(&api, &profile).await.unwrap();
        assert_eq!(latest(&api).await.unwrap(), None, "no hunt yet");

        let first = hunt(&api).await;
        let summary = latest(&api).await.unwrap().expect("a finished hunt");
        assert_eq!(summary.flow_run_id, first);
        assert_eq!(summary.state_type, StateType::Completed);
        assert!(summary.jobs_found >= 1, "{summary:?}");
        assert_eq!(summary.new_jobs, summary.jobs_found, "every job is new in the first hunt: {summary:?}");
        assert!(summary.strong_matches >= 1 && summary.strong_matches <= summary.jobs_found, "{summary:?}");
        assert_eq!(summary.strong_match_from, 0.3);
        assert_eq!(summary.failed_sites.len(), 1, "{summary:?}");
        assert_eq!(summary.failed_sites[0].source, "greenhouse:broken");
        assert!(summary.failed_sites[0].error.contains("malformed payload"), "{summary:?}");
        assert_eq!(summary.failed_sites[0].kind, "malformed", "said in words by the app");
        assert_eq!(summary.problem, None);

        // The card's link: exactly the jobs new in that hunt, all of them unseen.
        let of_hunt = |id: &str| JobQuery { found_in: Some(id.to_owned()), ..Default::default() };
        let page = jobs::list(&api, of_hunt(&first)).await.unwrap();
        assert_eq!(page.total, f64::from(summary.new_jobs));
        assert!(page.items.iter().all(|j| !j.seen));
        assert_eq!(jobs::unseen_count(&api).await.unwrap(), summary.new_jobs);

        // Opening a job marks it seen; "Only new" leaves it out.
        let opened = page.items[0].id.clone();
        assert_eq!(jobs::mark_seen(&api, std::slice::from_ref(&opened)).await.unwrap(), 1);
        assert_eq!(jobs::mark_seen(&api, std::slice::from_ref(&opened)).await.unwrap(), 0, "seen once");
        assert!(jobs::get(&api, &opened).await.unwrap().seen);
        assert_eq!(jobs::unseen_count(&api).await.unwrap(), summary.new_jobs - 1);
        let unseen = JobQuery { unseen_only: Some(true), ..Default::default() };
        let page = jobs::list(&api, unseen.clone()).await.unwrap();
        assert_eq!(page.total, f64::from(summary.new_jobs - 1));
        assert!(page.items.iter().all(|j| !j.seen && j.id != opened));
        assert!(jobs::mark_seen(&api, &[" ".into()]).await.unwrap_err().message.starts_with("ids:"));

        // The same jobs again: a second hunt finds them, none new; it is now the latest.
        let second = hunt(&api).await;
        let again = latest(&api).await.unwrap().unwrap();
        assert_eq!(again.flow_run_id, second);
        assert_eq!((again.jobs_found, again.new_jobs), (summary.jobs_found, 0), "{again:?}");
        assert_eq!(jobs::list(&api, of_hunt(&second)).await.unwrap().total, 0.0);
        assert_eq!(of_run(&api, &first).await.unwrap().new_jobs, summary.new_jobs, "per hunt");
        assert_eq!(jobs::unseen_count(&api).await.unwrap(), summary.new_jobs - 1, "nothing new");

        // "Mark all as seen".
        assert_eq!(jobs::mark_all_seen(&api).await.unwrap(), summary.new_jobs - 1);
        assert_eq!(jobs::unseen_count(&api).await.unwrap(), 0);
        assert_eq!(jobs::list(&api, unseen).await.unwrap().total, 0.0);

        // Only hunts have a summary; an unknown hunt is named in the jobs filter's error.
        let other = crate::flows::start(&api, "maintenance", None).await.unwrap();
        crate::test_support::wait_until_finished(&api, &other).await;
        assert!(of_run(&api, &other).await.unwrap_err().message.contains("not a job hunt"));
        assert_eq!(latest(&api).await.unwrap().unwrap().flow_run_id, second, "maintenance is no hunt");
        let e = jobs::list(&api, of_hunt("nope")).await.unwrap_err();
        assert!(e.message.starts_with("foundIn:"), "{}", e.message);
        api.engine.close().await.unwrap();
    }
}
