//! `smart_job_application`'s branches (skip, wishlist with a tailored CV, apply once the CV is
//! approved, a CV that cannot be written, a refused application), its seed keys (`applied`,
//! `reason`, `match_score`, `cv_id`, `application_id`), the stored match score it uses and
//! never overwrites, and `daily_job_hunt` with `auto_apply` applying only with approved CVs.

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
    assert_eq!((r["applied"].clone(), r["reason"].clone()), (json!(false), json!("below_threshold")));
    assert!(r["match_score"].as_f64().unwrap() > 0.0, "{r}");
    assert!(jobhunter_ops::documents::list(pool, Some(&job_id)).await.unwrap().is_empty());

    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 1.0}))
        .await;
    assert_eq!(r["decision"], "wishlist", "{r}");
    assert_eq!((r["applied"].clone(), r["reason"].clone()), (json!(false), json!("wishlisted")));
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
    assert_eq!((r["applied"].clone(), r["reason"].clone()), (json!(false), json!("awaiting_approval")));

    jobhunter_ops::documents::approve(pool, &cv_id, chrono::Utc::now()).await.unwrap();
    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 0.2}))
        .await;
    assert_eq!(r["decision"], "applied", "{r}");
    // Recorded ready: the user applies on the job's page, so not `applied` (sent) yet.
    assert_eq!((r["applied"].clone(), r["reason"].clone()), (json!(false), json!("apply_by_hand")));
    assert_eq!(r["cv_id"], cv_id.as_str());
    let app = jobhunter_ops::apply::get(pool, r["application_id"].as_str().unwrap()).await.unwrap();
    // No application email on this posting and no SMTP: recorded as ready to apply at its URL.
    assert_eq!((app.stage.as_str(), app.channel.as_deref()), ("ready", Some("url")));
    assert!(app.history.len() >= 2, "{:?}", app.history);

    // A company marked "don't apply again" is refused by the guard rails: an answer, not a
    // failed run.
    let company = jobhunter_jobs::store::get_job(pool, &job_id).await.unwrap().company;
    jobhunter_ops::apply::block_company(pool, &company, None, chrono::Utc::now()).await.unwrap();
    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 0.2}))
        .await;
    assert_eq!(
        (r["decision"].clone(), r["reason"].clone()),
        (json!("apply_refused"), json!("apply_refused"))
    );
    assert_eq!(r["applied"], false);
    assert!(!r["message"].as_str().unwrap().is_empty(), "{r}");

    let bad = engine
        .run_flow_json("smart_job_application", json!({"job_id": job_id, "auto_apply_threshold": 7}), opts())
        .await
        .unwrap();
    assert_eq!(bad.state.kind, StateType::Failed);
    assert!(bad.error.unwrap().starts_with("auto_apply_threshold: must be between 0 and 1"));
}

/// The stored score of `job_id` for the default profile.
async fn stored_score(engine: &Engine, job_id: &str) -> Option<f64> {
    sqlx::query_scalar(
        "SELECT m.score FROM matches m JOIN profiles p ON p.id = m.profile_id AND p.is_default = 1 WHERE m.job_id = ?",
    )
    .bind(job_id)
    .fetch_optional(engine.store().pool())
    .await
    .unwrap()
}

/// How many `match_jobs` calls a flow run made.
async fn match_calls(engine: &Engine, flow_run_id: &str) -> usize {
    let rows = engine.store().task_runs_of_flow_run(flow_run_id).await.unwrap();
    rows.iter().filter(|t| t.operation_name == "match_jobs").count()
}

#[tokio::test]
async fn the_stored_score_is_used_and_never_overwritten() {
    let (_server, _dir, engine, job_id) = setup().await;
    assert_eq!(stored_score(&engine, &job_id).await, None, "not scored by the scrape");

    // No stored score yet: scored once, on its own, and stored.
    let first =
        engine.run_flow_json("smart_job_application", json!({"job_id": job_id}), opts()).await.unwrap();
    assert_eq!(match_calls(&engine, &first.flow_run_id).await, 1);
    let computed = first.result.unwrap()["match_score"].as_f64().unwrap();
    assert_eq!(stored_score(&engine, &job_id).await, Some(computed));

    // As a hunt stored it: the flow takes it as it is and does not score again.
    sqlx::query("UPDATE matches SET score = 0.42 WHERE job_id = ?")
        .bind(&job_id)
        .execute(engine.store().pool())
        .await
        .unwrap();
    let params = json!({"job_id": job_id, "wishlist_threshold": 0.5});
    let second = engine.run_flow_json("smart_job_application", params, opts()).await.unwrap();
    assert_eq!(match_calls(&engine, &second.flow_run_id).await, 0);
    let r = second.result.unwrap();
    assert_eq!(r["match_score"], 0.42, "{r}");
    assert_eq!(r["decision"], "skipped", "0.42 is below 0.5: {r}");
    assert_eq!(stored_score(&engine, &job_id).await, Some(0.42), "the stored score is unchanged");
}

#[tokio::test]
async fn a_cv_that_cannot_be_written_is_a_result_not_a_failed_run() {
    let (_server, dir, engine, job_id) = setup().await;
    // The job's documents folder cannot be made: a file is in its way.
    std::fs::create_dir_all(dir.path().join("documents")).unwrap();
    std::fs::write(dir.path().join("documents").join(&job_id), b"in the way").unwrap();
    let r = smart(&engine, json!({"job_id": job_id, "wishlist_threshold": 0.1, "auto_apply_threshold": 1.0}))
        .await;
    assert_eq!(
        (r["applied"].clone(), r["reason"].clone()),
        (json!(false), json!("cv_generation_failed")),
        "{r}"
    );
    assert_eq!(r["decision"], "cv_generation_failed");
    assert_eq!((r["cv_id"].clone(), r["application_id"].clone()), (Value::Null, Value::Null));
    let pool = engine.store().pool();
    assert!(jobhunter_ops::apply::list(pool, None).await.unwrap().is_empty(), "nothing on the wishlist");
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
