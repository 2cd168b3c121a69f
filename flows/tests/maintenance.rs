//! The `maintenance` flow end to end: registry -> flow -> task (with its policy) ->
//! `cleanup_taskruns` -> the engine's store, on a real SQLite file with an injected clock.

use std::sync::Arc;

use chrono::TimeZone;
use jobhunter_engine::{Clock, Engine, ManualClock, RunOptions, StateType, TaskRunFilter, TaskRunStatus};
use serde_json::json;

#[tokio::test]
async fn maintenance_deletes_what_is_past_retention_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 1, 1, 6, 0, 0).unwrap()));
    let engine = Engine::builder(dir.path())
        .registry(jobhunter_flows::registry())
        .clock(clock.clone())
        .open()
        .await
        .unwrap();
    let opts = || RunOptions::new("manual", "test");

    let old = engine.run_flow_json("maintenance", json!({}), opts()).await.unwrap();
    assert_eq!(old.state.kind, StateType::Completed);
    let direct = engine.run_operation("cleanup_taskruns", json!({"days": 30}), "test").await.unwrap();
    assert_eq!(direct.status, TaskRunStatus::Success);

    clock.advance(chrono::Duration::days(10));
    let recent = engine.run_flow_json("maintenance", json!({"cleanup_days": 30}), opts()).await.unwrap();
    assert_eq!(recent.result.unwrap()["cleanup"]["task_runs_deleted"], 0);

    clock.advance(chrono::Duration::days(25));
    let out = engine.run_flow_json("maintenance", json!({"cleanup_days": 30}), opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed);
    let cleanup = &out.result.unwrap()["cleanup"];
    assert_eq!(cleanup["flow_runs_deleted"], 1, "{cleanup}");
    assert_eq!(cleanup["task_runs_deleted"], 2, "{cleanup}");

    let run = engine.store().get_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(run.parameters, json!({"cleanup_days": 30}));
    let rows = engine.store().list_task_runs(&TaskRunFilter::default()).await.unwrap();
    assert_eq!(rows.len(), 2, "the 10-day-old run and this run remain");
    assert!(rows.iter().all(|r| r.orchestrated && r.operation_name == "cleanup_taskruns"));
    assert_eq!(engine.store().get_flow_run(&old.flow_run_id).await.unwrap_err().code(), "not_found");
}

#[tokio::test]
async fn maintenance_rejects_bad_parameters_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
    let err =
        engine.run_flow_json("maintenance", json!({"cleanup_days": -3}), RunOptions::new("m", "t")).await;
    let err = err.unwrap_err();
    assert!(err.to_string().starts_with("cleanup_days: invalid value"), "{err}");
    let out = engine
        .run_flow_json("maintenance", json!({"cleanup_days": 0}), RunOptions::new("m", "t"))
        .await
        .unwrap();
    assert_eq!(out.state.kind, StateType::Failed);
    assert_eq!(out.error.as_deref(), Some("days: must be between 1 and 3650, got 0"));
}

#[tokio::test]
async fn without_cleanup_days_the_retention_setting_applies() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 1, 1, 6, 0, 0).unwrap()));
    let engine = Engine::builder(dir.path())
        .registry(jobhunter_flows::registry())
        .clock(clock.clone())
        .open()
        .await
        .unwrap();
    let opts = || RunOptions::new("manual", "test");
    let old = engine.run_flow_json("maintenance", json!({}), opts()).await.unwrap();
    clock.advance(chrono::Duration::days(10));

    // The default (30 days) keeps a 10-day-old run ...
    let kept = engine.run_flow_json("maintenance", json!({}), opts()).await.unwrap();
    assert_eq!(kept.result.unwrap()["cleanup"]["flow_runs_deleted"], 0);
    // ... a 7-day retention set in Settings does not.
    jobhunter_ops::settings::set(
        engine.store().pool(),
        jobhunter_ops::settings::RETENTION_DAYS,
        &7u32,
        clock.now(),
    )
    .await
    .unwrap();
    let out = engine.run_flow_json("maintenance", json!({}), opts()).await.unwrap();
    assert_eq!(out.result.unwrap()["cleanup"]["flow_runs_deleted"], 1);
    assert_eq!(engine.store().get_flow_run(&old.flow_run_id).await.unwrap_err().code(), "not_found");
}
