//! A deployment is not blocked by a run that a dead process left Running: before the overlap
//! policy skips a slot because a run is still going, the scheduler checks that the run's
//! process is alive. A dead one's run becomes Crashed and the slot runs.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::*;
use jobhunter_engine::schedule::{DeploymentSpec, OverlapPolicy, Schedule, Scheduler};
use jobhunter_engine::{Flow, FlowContext, ManualClock, Registry, StateType, Task};
use serde_json::json;

fn t0() -> DateTime<Utc> {
    "2026-01-05T10:00:00Z".parse().unwrap()
}

fn quick_flow() -> Flow<Num, Num> {
    Flow::new("quick", |ctx: FlowContext, p: Num| async move { ctx.run(&Task::new(&double()), p).await })
}

#[tokio::test]
async fn a_slot_is_not_skipped_behind_the_run_of_a_dead_process() {
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&quick_flow());
    let clock = Arc::new(ManualClock::new(t0()));
    let t = open_with_clock(registry, clock.clone()).await;
    let engine = &t.engine;
    let every = Schedule::interval(Duration::from_secs(3600), t0(), "UTC").unwrap();
    let spec = DeploymentSpec {
        parameters: json!({ "n": 1 }),
        overlap: OverlapPolicy::Skip,
        ..DeploymentSpec::new("hourly", "quick", vec![every])
    };
    let dep = engine.create_deployment(spec).await.unwrap();
    // What a process killed while running the deployment's previous run leaves behind.
    sqlx::query(
        "INSERT INTO flow_runs (id, flow_name, deployment_id, trigger, actor, parameters, state_type, \
         state_name, created_at, started_at, owner) VALUES ('previous', 'quick', ?, 'schedule', 'scheduler', \
         '{\"n\": 1}', 'RUNNING', 'Running', '2026-01-05T09:00:00.000000Z', '2026-01-05T09:00:00.000000Z', \
         'killed-process')",
    )
    .bind(&dep.id)
    .execute(engine.store().pool())
    .await
    .unwrap();
    let mut events = engine.subscribe();

    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    clock.advance(chrono::Duration::hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "the slot runs instead of being skipped: {tick:?}");
    assert_eq!(wait_terminal(engine, &tick.started[0]).await, StateType::Completed);
    let previous = engine.store().get_flow_run("previous").await.unwrap();
    assert_eq!(previous.state_type, StateType::Crashed);
    // The crash was announced (so `crashed` notification rules fire).
    let mut announced = false;
    while let Ok(event) = events.try_recv() {
        if let jobhunter_engine::EngineEvent::FlowRunState { flow_run_id, state, .. } = event {
            announced |= flow_run_id == "previous" && state.kind == StateType::Crashed;
        }
    }
    assert!(announced, "no Crashed event for the dead process's run");
}
