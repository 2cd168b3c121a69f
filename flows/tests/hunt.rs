//! `scrape_and_process` end to end over real HTTP: three boards served by a fixture server on
//! 127.0.0.1 (base URLs from the settings table), a 503-then-200 source that the task layer
//! retries, a broken source with a fallback, and the TaskRun trail of it all.

use jobhunter_engine::{Engine, RunOptions, StateType, TaskRunStatus};
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::json;

async fn engine_with_boards(base: &str) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
    let urls = json!({"greenhouse": base, "lever": base, "remoteok": base});
    jobhunter_ops::settings::set(
        engine.store().pool(),
        jobhunter_ops::settings::SOURCE_BASE_URLS,
        &urls,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    (dir, engine)
}

#[tokio::test]
async fn scrape_and_process_over_real_http_with_retries_and_fallback() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    // Lever answers 503 once, then the payload: the scrape task retries.
    server.route(
        "/v0/postings/globex?mode=json",
        vec![Reply::status(503), Reply::json(fixture("lever-globex.json"))],
    );
    // A board that always sends garbage; its fallback is remoteok.
    server.route("/v1/boards/broken/jobs?content=true", vec![Reply::json("<html>oops</html>")]);
    server.route("/api", vec![Reply::json(fixture("remoteok.json"))]);
    let base = server.start().await;
    let (_dir, engine) = engine_with_boards(&base).await;

    let params = json!({
        "sources": ["greenhouse:acme", "lever:globex", "greenhouse:broken"],
        "keywords": ["rust"],
        "limit": 10,
        "fallbacks": {"greenhouse:broken": "remoteok"}
    });
    let out =
        engine.run_flow_json("scrape_and_process", params, RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    let result = out.result.unwrap();
    // greenhouse: 1 Rust job; lever: 1 (the Rust one); remoteok fallback: 1 (Rust Developer).
    assert_eq!(result["jobs_scraped"], 3, "{result}");
    assert_eq!(result["jobs_processed"], 3, "{result}");
    assert_eq!(result["failed_sources"][0]["source"], "greenhouse:broken");
    assert_eq!(result["failed_sources"][0]["fell_back_to"], "remoteok");
    assert!(result["failed_sources"][0]["error"].as_str().unwrap().contains("malformed payload"));
    // What an adapter did not understand reaches the result, per posting: the Lever board page
    // (its title names the company) is not served here, so the slug stands in and says so.
    let warnings = result["warnings"].as_array().expect("warnings in the result");
    assert!(!warnings.is_empty(), "{result}");
    for w in warnings {
        assert_eq!(
            (w["source"].as_str(), w["field"].as_str()),
            (Some("lever:globex"), Some("company")),
            "{w}"
        );
        assert!(w["posting_id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(w["message"].as_str().unwrap().contains("'globex'"));
    }

    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    let lever: Vec<_> = rows
        .iter()
        .filter(|r| r.operation_name == "scrape_jobs" && r.input_dump["source"] == "lever:globex")
        .collect();
    assert_eq!(
        lever.iter().map(|r| r.status).collect::<Vec<_>>(),
        [TaskRunStatus::Failed, TaskRunStatus::Success]
    );
    assert_eq!(lever[0].error_kind, Some(jobhunter_engine::ErrorKind::Transient));
    let broken: Vec<_> = rows.iter().filter(|r| r.input_dump["source"] == "greenhouse:broken").collect();
    assert_eq!(broken.len(), 1, "a malformed payload is permanent: not retried");
    assert!(rows.iter().any(|r| r.task_name == "scrape_jobs_fallback" && r.status == TaskRunStatus::Success));
    assert!(rows.iter().any(|r| r.operation_name == "process_jobs" && r.status == TaskRunStatus::Success));
    assert!(rows.iter().all(|r| r.orchestrated));

    // Running again imports nothing new: the same postings are updated.
    let again = engine
        .run_flow_json(
            "scrape_and_process",
            json!({"sources": ["greenhouse:acme"], "keywords": ["rust"]}),
            RunOptions::new("manual", "test"),
        )
        .await
        .unwrap();
    let rows = engine.store().task_runs_of_flow_run(&again.flow_run_id).await.unwrap();
    let scrape = rows.iter().find(|r| r.operation_name == "scrape_jobs").unwrap();
    assert_eq!(scrape.output.as_ref().unwrap()["jobs_created"], 0);
}

#[tokio::test]
async fn no_sources_is_a_named_input_error() {
    let (_dir, engine) = engine_with_boards("http://127.0.0.1:9").await;
    let out = engine
        .run_flow_json("scrape_and_process", json!({"sources": []}), RunOptions::new("manual", "test"))
        .await
        .unwrap();
    assert_eq!(out.state.kind, StateType::Failed);
    assert!(out.error.unwrap().starts_with("sources: at least one source"));
}
