//! Crash recovery: a process killed with SIGKILL in the middle of a flow run leaves rows
//! marked in progress; the next engine start marks them Crashed, and the database is intact.
//!
//! The child is this test binary itself, re-run with an environment variable that makes
//! `crash_child` execute a slow flow instead of returning.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::*;
use jobhunter_engine::{
    Engine, Flow, FlowContext, Registry, RunOptions, StateType, Task, TaskRunFilter, TaskRunStatus,
};
use serde_json::json;

const CHILD_ENV: &str = "JOBHUNTER_TEST_CRASH_CHILD_DIR";

fn slow_registry() -> Registry {
    let op = sleeper(counter(), counter());
    let quick = double();
    let flow = Flow::new("doomed", move |ctx: FlowContext, _: serde_json::Value| {
        let (op, quick) = (op.clone(), quick.clone());
        async move {
            ctx.run(&Task::new(&quick), Num { n: 1 }).await?;
            ctx.run(&Task::new(&op), Num { n: 60_000 }).await
        }
    });
    let mut reg = Registry::new();
    reg.add_flow(&flow);
    reg
}

/// Runs only as the child process of `sigkill_mid_run_leaves_runs_marked_crashed`.
#[tokio::test]
async fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
    let engine = Engine::builder(dir).registry(slow_registry()).open().await.unwrap();
    engine.run_flow_json("doomed", json!({}), RunOptions::new("manual", "child")).await.unwrap();
    unreachable!("the parent kills this process before the flow ends");
}

#[tokio::test]
async fn sigkill_mid_run_leaves_runs_marked_crashed() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();

    // Watch the child's database until the slow task is running.
    let observer = Engine::builder(dir.path()).registry(slow_registry()).open().await.unwrap();
    let mut flow_run_id = None;
    for _ in 0..500 {
        let filter = TaskRunFilter { operation: Some("sleeper".into()), ..Default::default() };
        if let Some(row) = observer.store().list_task_runs(&filter).await.unwrap().first() {
            assert_eq!(row.status, TaskRunStatus::Running);
            flow_run_id = row.flow_run_id.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let flow_run_id = flow_run_id.expect("the child started the slow task");
    let run = observer.store().get_flow_run(&flow_run_id).await.unwrap();
    assert_eq!(run.state_type, StateType::Running, "a live owner's run is left alone");

    child.start_kill().unwrap(); // SIGKILL
    let status = child.wait().await.unwrap();
    assert!(!status.success());
    drop(observer);

    let engine = Engine::builder(dir.path()).registry(slow_registry()).open().await.unwrap();
    let run = engine.store().get_flow_run(&flow_run_id).await.unwrap();
    assert_eq!(run.state_type, StateType::Crashed);
    assert_eq!(run.state_name, "Crashed");
    assert!(run.finished_at.is_some());
    assert!(run.error.unwrap().contains("exited"));
    let rows = engine.store().task_runs_of_flow_run(&flow_run_id).await.unwrap();
    let statuses: Vec<_> = rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [TaskRunStatus::Success, TaskRunStatus::Crashed]);
    assert!(rows[1].finished_at.is_some());
    assert_eq!(engine.store().integrity_check().await.unwrap(), "ok");

    // A crashed run can be restarted: the completed step is reused, the crashed one runs.
    let fast = {
        let quick = double();
        Flow::new("doomed", move |ctx: FlowContext, _: serde_json::Value| {
            let quick = quick.clone();
            async move {
                ctx.run(&Task::new(&quick), Num { n: 1 }).await?;
                ctx.run(&Task::new(&quick).named("sleeper"), Num { n: 5 }).await
            }
        })
    };
    let mut reg = Registry::new();
    reg.add_flow(&fast);
    drop(engine);
    let engine = Engine::builder(dir.path()).registry(reg).open().await.unwrap();
    let out = engine.restart_flow_run(&flow_run_id, RunOptions::new("restart", "test")).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed);
    let rows = engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.status).collect::<Vec<_>>(),
        [TaskRunStatus::Cached, TaskRunStatus::Success]
    );
}
