//! `daily_job_hunt` end to end against fixture boards on 127.0.0.1: the return value, the
//! TaskRun trail (scrapes in parallel, process, match, CVs, notifications), the documents on
//! disk, and the two early branches (no jobs, no high matches).

use jobhunter_engine::{Engine, RunOptions, StateType, TaskRunRecord, TaskRunStatus};
use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
use serde_json::{json, Value};

async fn setup() -> (FixtureServer, tempfile::TempDir, Engine) {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    server.route("/v0/postings/globex?mode=json", vec![Reply::json(fixture("lever-globex.json"))]);
    server.route("/api", vec![Reply::json(fixture("remoteok.json"))]);
    let base = server.start().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
    let pool = engine.store().pool();
    let urls = json!({"greenhouse": base, "lever": base, "remoteok": base});
    jobhunter_ops::settings::set(pool, jobhunter_ops::settings::SOURCE_BASE_URLS, &urls, chrono::Utc::now())
        .await
        .unwrap();
    let profile = std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap();
    jobhunter_ops::profile::import(pool, &profile, chrono::Utc::now()).await.unwrap();
    (server, dir, engine)
}

fn count(rows: &[TaskRunRecord], op: &str) -> usize {
    rows.iter().filter(|r| r.operation_name == op && r.status == TaskRunStatus::Success).count()
}

#[tokio::test]
async fn the_daily_hunt_scrapes_matches_tailors_and_notifies() {
    let (_server, dir, engine) = setup().await;
    let params = json!({
        "keywords": ["rust"],
        "sources": ["greenhouse:acme", "lever:globex", "remoteok"],
        "match_threshold": 0.5
    });
    let out =
        engine.run_flow_json("daily_job_hunt", params, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    let r: Value = out.result.unwrap();
    assert_eq!(r["success"], true, "{r}");
    assert_eq!(r["jobs_scraped"], 3, "one Rust job per board: {r}");
    let high = r["high_matches"].as_u64().unwrap();
    assert!(high >= 1, "{r}");
    assert_eq!(r["cvs_generated"], high, "{r}");
    assert_eq!(r["applications"], 0);

    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert!(rows
        .iter()
        .all(|t| t.orchestrated && t.flow_run_id.as_deref() == Some(out.flow_run_id.as_str())));
    assert_eq!(count(&rows, "scrape_jobs"), 3);
    assert_eq!(count(&rows, "process_jobs"), 1);
    assert_eq!(count(&rows, "match_jobs"), 1);
    assert_eq!(count(&rows, "generate_cv"), high as usize);
    assert_eq!(count(&rows, "notify_high_match"), 1);
    assert_eq!(count(&rows, "notify"), 1, "the summary");
    // The scrapes overlapped in time (fanned out), the match came after all of them.
    let scrapes: Vec<_> = rows.iter().filter(|t| t.operation_name == "scrape_jobs").collect();
    let last_scrape_end = scrapes.iter().map(|t| t.finished_at.unwrap()).max().unwrap();
    let first_scrape_end = scrapes.iter().map(|t| t.finished_at.unwrap()).min().unwrap();
    assert!(scrapes.iter().all(|t| t.started_at <= first_scrape_end), "scrapes ran in parallel");
    let matched = rows.iter().find(|t| t.operation_name == "match_jobs").unwrap();
    assert!(matched.started_at >= last_scrape_end);

    // The CVs exist on disk, as documents awaiting approval.
    let docs = jobhunter_ops::documents::list(engine.store().pool(), None).await.unwrap();
    let cvs: Vec<_> = docs.iter().filter(|d| d.kind.name() == "cv" && d.format == "pdf").collect();
    assert_eq!(cvs.len() as u64, high);
    for cv in cvs {
        assert!(!cv.approved);
        let bytes = std::fs::read(&cv.path).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert!(cv.path.starts_with(dir.path().to_str().unwrap()));
    }
    let first = &r["high_match_job_ids"][0];
    let view = jobhunter_ops::hunt::job_view(engine.store().pool(), first.as_str().unwrap()).await.unwrap();
    assert!(view.match_.unwrap().score >= 0.5);
}

#[tokio::test]
async fn no_jobs_and_no_high_matches_are_branches_not_failures() {
    let (_server, _dir, engine) = setup().await;
    let none = json!({"keywords": ["cobol mainframe"], "sources": ["greenhouse:acme"]});
    let out = engine.run_flow_json("daily_job_hunt", none, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed);
    let r = out.result.unwrap();
    assert_eq!((r["success"].clone(), r["reason"].clone()), (json!(false), json!("no_jobs_found")));
    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(count(&rows, "notify"), 1);
    assert_eq!(count(&rows, "match_jobs"), 0);

    let strict = json!({"keywords": ["rust"], "sources": ["greenhouse:acme"], "match_threshold": 1.0});
    let out =
        engine.run_flow_json("daily_job_hunt", strict, RunOptions::new("manual", "test")).await.unwrap();
    let r = out.result.unwrap();
    assert_eq!(r["success"], true);
    assert_eq!(
        (r["high_matches"].clone(), r["cvs_generated"].clone(), r["applications"].clone()),
        (json!(0), json!(0), json!(0))
    );
    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(count(&rows, "generate_cv"), 0);
    assert_eq!(count(&rows, "notify"), 1);

    let bad = json!({"sources": ["remoteok"], "match_threshold": 2});
    let out = engine.run_flow_json("daily_job_hunt", bad, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Failed);
    assert!(out.error.unwrap().starts_with("match_threshold: must be between 0 and 1"));
}

/// "What I'm looking for" feeds the search: without keywords of its own the hunt searches the
/// profile's phrases, one search each, and the boards that search by place get the profile's
/// first location. The profile's skills are not turned into searches.
#[tokio::test]
async fn without_keywords_the_hunt_searches_the_profiles_phrases_and_place() {
    let (_server, _dir, engine) = setup().await;
    let pool = engine.store().pool();
    let mut profile: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap()).unwrap();
    profile["preferences"]["keywords"] = json!(["Rust Engineer", "Backend"]);
    profile["preferences"]["locations"] = json!(["", "Berlin", "Hamburg"]);
    jobhunter_ops::profile::import(pool, &profile.to_string(), chrono::Utc::now()).await.unwrap();

    let params = json!({"sources": ["greenhouse:acme"], "match_threshold": 0.99});
    let out =
        engine.run_flow_json("daily_job_hunt", params, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    let mut searches: Vec<(Value, Value)> = rows
        .iter()
        .filter(|r| r.operation_name == "scrape_jobs")
        .map(|r| (r.input_dump["keywords"].clone(), r.input_dump["location"].clone()))
        .collect();
    searches.sort_by_key(|(k, _)| k.to_string());
    assert_eq!(
        searches,
        [(json!(["Backend"]), json!("Berlin")), (json!(["Rust Engineer"]), json!("Berlin"))],
        "one search per phrase, at the first location"
    );

    // The hunt's own keywords still win.
    let own = json!({"keywords": ["rust"], "sources": ["greenhouse:acme"], "match_threshold": 0.99});
    let out = engine.run_flow_json("daily_job_hunt", own, RunOptions::new("manual", "test")).await.unwrap();
    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    let keywords: Vec<Value> = rows
        .iter()
        .filter(|r| r.operation_name == "scrape_jobs")
        .map(|r| r.input_dump["keywords"].clone())
        .collect();
    assert_eq!(keywords, [json!(["rust"])]);
}
