//! `smart_job_application`'s branches (skip, wishlist with a tailored CV, apply once the CV is
//! approved) and `daily_job_hunt` with `auto_apply` applying only with approved CVs.

use jobhunter_engine::{Engine, RunOptions, StateType, TaskRunStatus};
use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
use serde_json::{json, Value};

async fn setup() -> (FixtureServer, tempfile::TempDir, Engine, String) {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
    let pool = engine.store().pool();
    let urls = json!({"greenhouse": base});
    jobhunter_ops::settings::set(pool, jobhunter_ops::settings::SOURCE_BASE_URLS, &urls, chrono::Utc::now())
        .await
        .unwrap();
    let profile = std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap();
    jobhunter_ops::profile::import(pool, &profile, chrono::Utc::now()).await.unwrap();
    let out = engine
        .run_flow_json(
            "scrape_and_process",
            json!({"sources": ["greenhouse:acme"], "keywords": ["rust"]}),
            opts(),
        )
        .await
        .unwrap();
    let job_id = out.result.unwrap()["job_ids"][0].as_str().unwrap().to_owned();
    (server, dir, engine, job_id)
}

fn opts() -> RunOptions {
    RunOptions::new("manual", "test")
}

/// The outputs of the `approved_cv` TaskRuns of a flow run (the flow's apply decisions).
async fn approved_cv_outputs(engine: &Engine, flow_run_id: &str) -> Vec<Value> {
    let rows = engine.store().task_runs_of_flow_run(flow_run_id).await.unwrap();
    rows.into_iter()
        .filter(|t| t.operation_name == "approved_cv")
        .map(|t| {
            assert_eq!(t.status, TaskRunStatus::Success, "{t:?}");
            t.output.unwrap()
        })
        .collect()
}

async fn smart(engine: &Engine, params: Value) -> Value {
    let out = engine.run_flow_json("smart_job_application", params, opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    out.result.unwrap()
}

#[tokio::test]
async fn skip_then_wishlist_then_apply_after_approval() {
    let (_server, _dir, engine, job_id) = setup().await;
    let pool = engine.store().pool();

    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 1.0})).await;
    assert_eq!(r["decision"], "skipped", "{r}");
    assert!(jobhunter_ops::documents::list(pool, Some(&job_id)).await.unwrap().is_empty());

    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 1.0}))
        .await;
    assert_eq!(r["decision"], "wishlist", "{r}");
    let cv_id = r["cv_id"].as_str().unwrap().to_owned();
    let docs = jobhunter_ops::documents::list(pool, Some(&job_id)).await.unwrap();
    let kinds: Vec<_> = docs.iter().map(|d| (d.kind.name(), d.format.as_str())).collect();
    for expected in [("cv", "pdf"), ("cv", "md"), ("cover_letter", "pdf"), ("cover_letter", "md")] {
        assert!(kinds.contains(&expected), "{kinds:?}");
    }
    let app = jobhunter_ops::apply::get(pool, r["application_id"].as_str().unwrap()).await.unwrap();
    assert_eq!(app.stage.as_str(), "wishlist");

    // Above the auto-apply threshold but the CV is not approved: ask for approval.
    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 0.2}))
        .await;
    assert_eq!(r["decision"], "awaiting_approval", "{r}");

    jobhunter_ops::documents::approve(pool, &cv_id, chrono::Utc::now()).await.unwrap();
    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 0.2}))
        .await;
    assert_eq!(r["decision"], "applied", "{r}");
    assert_eq!(r["cv_id"], cv_id.as_str());
    let app = jobhunter_ops::apply::get(pool, r["application_id"].as_str().unwrap()).await.unwrap();
    // No application email on this posting and no SMTP: recorded as ready to apply at its URL.
    assert_eq!((app.stage.as_str(), app.channel.as_deref()), ("ready", Some("url")));
    assert!(app.history.len() >= 2, "{:?}", app.history);

    let bad = engine
        .run_flow_json("smart_job_application", json!({"job_id": job_id, "auto_apply_threshold": 7}), opts())
        .await
        .unwrap();
    assert_eq!(bad.state.kind, StateType::Failed);
    assert!(bad.error.unwrap().starts_with("auto_apply_threshold: must be between 0 and 1"));
}

#[tokio::test]
async fn daily_hunt_auto_apply_uses_only_approved_cvs() {
    let (_server, _dir, engine, job_id) = setup().await;
    let pool = engine.store().pool();
    let params = json!({"keywords": ["rust"], "sources": ["greenhouse:acme"], "match_threshold": 0.3, "auto_apply": true});
    let first = engine.run_flow_json("daily_job_hunt", params.clone(), opts()).await.unwrap();
    let r = first.result.unwrap();
    assert_eq!(
        (r["cvs_generated"].clone(), r["applications"].clone()),
        (json!(1), json!(0)),
        "no approved CV yet: {r}"
    );
    // The decision not to apply is a TaskRun of the `approved_cv` operation.
    assert_eq!(approved_cv_outputs(&engine, &first.flow_run_id).await, vec![json!({"cv_id": null})]);

    let cv = jobhunter_ops::documents::list(pool, Some(&job_id)).await.unwrap();
    let cv = cv.iter().find(|d| d.kind.name() == "cv" && d.format == "pdf").unwrap();
    jobhunter_ops::documents::approve(pool, &cv.id, chrono::Utc::now()).await.unwrap();
    let second = engine.run_flow_json("daily_job_hunt", params, opts()).await.unwrap();
    let r = second.result.unwrap();
    assert_eq!(r["applications"], 1, "{r}");
    assert_eq!(approved_cv_outputs(&engine, &second.flow_run_id).await, vec![json!({"cv_id": cv.id})]);
    let apps = jobhunter_ops::apply::list(pool, None).await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].cv_id.as_deref(), Some(cv.id.as_str()));
}
