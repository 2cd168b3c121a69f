//! Deployments and the scheduler with an injected clock: scheduled runs go through the engine
//! (same states and TaskRun trail as manual runs), catch-up policies after downtime, overlap
//! policies while a run is still going, pause/resume, once-only handling with two schedulers
//! on one database, and validation.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::*;
use jobhunter_engine::schedule::{
    CatchupPolicy, DeploymentRun, DeploymentSpec, OverlapPolicy, Schedule, Scheduler,
};
use jobhunter_engine::{
    Engine, Flow, FlowContext, ManualClock, OpError, Registry, RunOptions, StateType, Task,
};
use serde_json::json;
use tokio::sync::Semaphore;

const T0: &str = "2026-01-05T10:00:00Z";

fn t0() -> DateTime<Utc> {
    T0.parse().unwrap()
}

/// `hold {n}`: runs `double` (a TaskRun), then waits for a permit of `gate`.
fn hold_flow(gate: Arc<Semaphore>) -> Flow<Num, Num> {
    Flow::new("hold", move |ctx: FlowContext, p: Num| {
        let gate = gate.clone();
        async move {
            let doubled = ctx.run(&Task::new(&double()), p).await?;
            gate.acquire().await.map_err(|e| OpError::internal(e.to_string()))?.forget();
            Ok(doubled)
        }
    })
}

struct Setup {
    t: TestEngine,
    clock: Arc<ManualClock>,
    gate: Arc<Semaphore>,
}

async fn setup(open_gate: bool) -> Setup {
    let gate = Arc::new(Semaphore::new(if open_gate { 10_000 } else { 0 }));
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&hold_flow(gate.clone()));
    let clock = Arc::new(ManualClock::new(t0()));
    let t = open_with_clock(registry, clock.clone()).await;
    Setup { t, clock, gate }
}

fn hourly() -> Schedule {
    Schedule::interval(Duration::from_secs(3600), t0(), "Europe/Berlin").unwrap()
}

fn spec(catchup: CatchupPolicy, overlap: OverlapPolicy) -> DeploymentSpec {
    DeploymentSpec {
        parameters: json!({ "n": 21 }),
        catchup,
        overlap,
        ..DeploymentSpec::new("hourly-hold", "hold", vec![hourly()])
    }
}

fn hours(h: i64) -> chrono::Duration {
    chrono::Duration::hours(h)
}

async fn wait_running(engine: &Engine, id: &str) {
    for _ in 0..500 {
        if engine.store().get_flow_run(id).await.unwrap().state_type == StateType::Running {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("flow run {id} did not start");
}

/// The deployment's runs, oldest slot first.
async fn runs(engine: &Engine, dep: &str) -> Vec<DeploymentRun> {
    let mut runs = engine.deployment_runs(dep, 1000).await.unwrap();
    runs.sort_by_key(|r| (r.expected_start_time, r.run.created_at));
    runs
}

fn names(runs: &[DeploymentRun]) -> Vec<String> {
    runs.iter().map(|r| r.run.state_name.clone()).collect()
}

#[tokio::test]
async fn a_scheduled_run_goes_through_the_engine_and_leaves_a_taskrun_trail() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Skip)).await.unwrap();
    assert_eq!(dep.parameters, json!({ "n": 21 }));
    assert_eq!(dep.next_runs(t0(), 2).unwrap(), [t0() + hours(1), t0() + hours(2)]);

    let mut scheduler = Scheduler::new(engine);
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty());
    assert_eq!(tick.next_due, Some(t0() + hours(1)));

    s.clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    let id = &tick.started[0];
    assert_eq!(wait_terminal(engine, id).await, StateType::Completed);

    let run = engine.store().get_flow_run(id).await.unwrap();
    assert_eq!(run.trigger, "schedule");
    assert_eq!(run.deployment_id.as_deref(), Some(dep.id.as_str()));
    assert_eq!(run.result, Some(json!({ "n": 42 })));
    let (expected, message) = engine.scheduling_columns(id).await.unwrap();
    assert_eq!(expected, Some(t0() + hours(1)));
    assert_eq!(message, None);
    let trail = engine.store().task_runs_of_flow_run(id).await.unwrap();
    assert_eq!(trail.len(), 1);
    assert!(trail[0].orchestrated);

    // Nothing more is due at the same instant: a slot is handled once.
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.skipped == 0);
    assert_eq!(tick.next_due, Some(t0() + hours(2)));
}

#[tokio::test]
async fn catchup_latest_once_runs_the_latest_missed_slot_late_and_records_the_others_skipped() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Skip)).await.unwrap();
    // The laptop was off for 5 h 10 min.
    s.clock.advance(hours(5) + chrono::Duration::minutes(10));
    let mut scheduler = Scheduler::new(engine);
    let tick = scheduler.tick().await.unwrap();
    assert_eq!((tick.started.len(), tick.skipped), (1, 4), "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;

    let runs = runs(engine, &dep.id).await;
    assert_eq!(names(&runs), ["Skipped", "Skipped", "Skipped", "Skipped", "Completed"]);
    for skipped in &runs[..4] {
        assert_eq!(skipped.run.state_type, StateType::Cancelled);
        let msg = skipped.state_message.as_deref().unwrap();
        assert!(msg.contains("while the scheduler was not running") && msg.contains("latest_once"), "{msg}");
    }
    let late = &runs[4];
    assert_eq!(late.expected_start_time, Some(t0() + hours(5)));
    assert!(late.state_message.as_deref().unwrap().contains("started late"));
}

#[tokio::test]
async fn catchup_skip_runs_nothing_and_records_every_missed_slot() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::Skip, OverlapPolicy::Skip)).await.unwrap();
    s.clock.advance(hours(3) + chrono::Duration::minutes(30));
    let tick = Scheduler::new(engine).tick().await.unwrap();
    assert_eq!((tick.started.len(), tick.skipped), (0, 3));
    let runs = runs(engine, &dep.id).await;
    assert_eq!(names(&runs), ["Skipped", "Skipped", "Skipped"]);
    assert!(runs[0].state_message.as_deref().unwrap().contains("catch-up policy skip"));
}

#[tokio::test]
async fn catchup_all_runs_every_missed_slot_in_the_window_one_after_another() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let spec = DeploymentSpec {
        catchup_window: Duration::from_secs(3 * 3600 + 60),
        ..spec(CatchupPolicy::All, OverlapPolicy::Skip)
    };
    let dep = engine.create_deployment(spec).await.unwrap();
    s.clock.advance(hours(5) + chrono::Duration::minutes(10));
    let mut scheduler = Scheduler::new(engine);
    let tick = scheduler.tick().await.unwrap();
    // Slots at +1h and +2h are older than the window; +3h, +4h, +5h are made up.
    // Three runs are created; the first starts, the others wait their turn (the next may
    // already start in the same tick when the first was quick).
    assert_eq!((tick.queued.len(), tick.skipped), (2, 2), "{tick:?}");
    assert!(!tick.started.is_empty());
    let mut started = tick.started.clone();
    for _ in 0..20 {
        for id in &started {
            wait_terminal(engine, id).await;
        }
        started = scheduler.tick().await.unwrap().started;
        if started.is_empty() {
            break;
        }
    }
    let runs = runs(engine, &dep.id).await;
    assert_eq!(names(&runs), ["Skipped", "Skipped", "Completed", "Completed", "Completed"]);
    assert!(runs[0].state_message.as_deref().unwrap().contains("catch-up window"));
    // One after another: each started after the previous one finished.
    for pair in runs[2..].windows(2) {
        assert!(pair[1].run.started_at.unwrap() >= pair[0].run.finished_at.unwrap());
    }
}

#[tokio::test]
async fn overlap_skip_records_the_new_slot_as_skipped_while_the_previous_run_goes_on() {
    let s = setup(false).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Skip)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    s.clock.advance(hours(1));
    let first = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &first).await;
    s.clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!((tick.started.len(), tick.skipped), (0, 1));
    s.gate.add_permits(1);
    assert_eq!(wait_terminal(engine, &first).await, StateType::Completed);
    let runs = runs(engine, &dep.id).await;
    assert_eq!(names(&runs), ["Completed", "Skipped"]);
    assert!(runs[1].state_message.as_deref().unwrap().contains("overlap policy skip"));
}

#[tokio::test]
async fn overlap_queue_one_keeps_one_waiting_run_and_starts_it_after_the_previous_one() {
    let s = setup(false).await;
    let engine = &s.t.engine;
    let dep =
        engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::QueueOne)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    s.clock.advance(hours(1));
    let first = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &first).await;
    s.clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!((tick.started.len(), tick.queued.len()), (0, 1));
    let queued = tick.queued[0].clone();
    s.clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!((tick.started.len(), tick.queued.len(), tick.skipped), (0, 0, 1));
    assert_eq!(engine.store().get_flow_run(&queued).await.unwrap().state_type, StateType::Scheduled);

    s.gate.add_permits(1);
    wait_terminal(engine, &first).await;
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started, std::slice::from_ref(&queued));
    s.gate.add_permits(1);
    wait_terminal(engine, &queued).await;
    let runs = runs(engine, &dep.id).await;
    assert_eq!(names(&runs), ["Completed", "Completed", "Skipped"]);
    assert!(runs[2].state_message.as_deref().unwrap().contains("queue_one"));
}

#[tokio::test]
async fn overlap_allow_runs_side_by_side() {
    let s = setup(false).await;
    let engine = &s.t.engine;
    engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Allow)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    s.clock.advance(hours(1));
    let first = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &first).await;
    s.clock.advance(hours(1));
    let second = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &second).await;
    assert_eq!(engine.active_flow_runs().len(), 2);
    s.gate.add_permits(2);
    assert_eq!(wait_terminal(engine, &first).await, StateType::Completed);
    assert_eq!(wait_terminal(engine, &second).await, StateType::Completed);
}

#[tokio::test]
async fn overlap_cancel_previous_cancels_the_running_one_then_starts_the_new_one() {
    let s = setup(false).await;
    let engine = &s.t.engine;
    engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::CancelPrevious)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    s.clock.advance(hours(1));
    let first = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &first).await;
    s.clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.queued.len(), 1);
    assert_eq!(wait_terminal(engine, &first).await, StateType::Cancelled);
    // The new run starts once the cancelled one has ended (in the same tick if it was quick).
    let tick2 = scheduler.tick().await.unwrap();
    let started: Vec<String> = tick.started.iter().chain(&tick2.started).cloned().collect();
    assert_eq!(started, tick.queued);
    s.gate.add_permits(1);
    assert_eq!(wait_terminal(engine, &tick.queued[0]).await, StateType::Completed);
}

#[tokio::test]
async fn a_paused_deployment_does_not_fire_and_resumes_without_making_up_the_pause() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::All, OverlapPolicy::Skip)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    let paused = engine.pause_deployment(&dep.name).await.unwrap();
    assert!(paused.paused && paused.next_runs(t0(), 3).unwrap().is_empty());
    s.clock.advance(hours(3) + chrono::Duration::minutes(1));
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.skipped == 0 && tick.next_due.is_none());
    engine.resume_deployment(&dep.id).await.unwrap();
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.skipped == 0);
    assert_eq!(tick.next_due, Some(t0() + hours(4)));
    assert!(runs(engine, &dep.id).await.is_empty());
}

#[tokio::test]
async fn two_schedulers_on_one_database_handle_each_slot_once() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&hold_flow(s.gate.clone()));
    let other =
        Engine::builder(s.t.dir.path()).registry(registry).clock(s.clock.clone()).open().await.unwrap();
    let dep = engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Allow)).await.unwrap();
    let (mut a, mut b) = (Scheduler::new(engine), Scheduler::new(&other));
    a.tick().await.unwrap();
    b.tick().await.unwrap();
    s.clock.advance(hours(1));
    let (ta, tb) = tokio::join!(a.tick(), b.tick());
    let started: Vec<String> = ta.unwrap().started.into_iter().chain(tb.unwrap().started).collect();
    assert_eq!(started.len(), 1);
    wait_terminal(engine, &started[0]).await;
    assert_eq!(runs(engine, &dep.id).await.len(), 1);
}

#[tokio::test]
async fn a_deployment_is_validated_against_the_flow_and_named_once() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let bad_flow = DeploymentSpec::new("x", "nope", vec![hourly()]);
    assert_eq!(engine.create_deployment(bad_flow).await.unwrap_err().code(), "unknown_flow");
    let bad_params =
        DeploymentSpec { parameters: json!({ "n": "many" }), ..DeploymentSpec::new("x", "hold", vec![]) };
    let err = engine.create_deployment(bad_params).await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("n: invalid type"), "{err}");
    engine.create_deployment(spec(CatchupPolicy::Skip, OverlapPolicy::Skip)).await.unwrap();
    let dup = engine.create_deployment(spec(CatchupPolicy::Skip, OverlapPolicy::Skip)).await.unwrap_err();
    assert_eq!(dup.code(), "conflict");

    // Run now: a manual run tagged with the deployment.
    let run = engine
        .run_deployment_now("hourly-hold", RunOptions::new("manual", "test"))
        .await
        .unwrap()
        .wait()
        .await;
    assert_eq!(run.state.kind, StateType::Completed);
    let history = engine.deployment_runs("hourly-hold", 10).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].run.trigger, "manual");

    let deleted = engine.delete_deployment("hourly-hold").await.unwrap();
    assert_eq!(engine.deployment(&deleted.id).await.unwrap_err().code(), "not_found");
    // The history survives the deployment.
    assert_eq!(engine.store().get_flow_run(&run.flow_run_id).await.unwrap().deployment_id, Some(deleted.id));
}

#[tokio::test]
async fn the_loop_fires_on_real_time_and_stops_cleanly() {
    let gate = Arc::new(Semaphore::new(10_000));
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&hold_flow(gate));
    let t = open(registry).await;
    let engine = &t.engine;
    let every_second = Schedule::interval(Duration::from_secs(1), Utc::now(), "UTC").unwrap();
    let dep = engine
        .create_deployment(DeploymentSpec {
            parameters: json!({ "n": 1 }),
            ..DeploymentSpec::new("fast", "hold", vec![every_second])
        })
        .await
        .unwrap();
    let handle = Scheduler::spawn(engine);
    let mut completed = 0;
    for _ in 0..300 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        completed = engine
            .deployment_runs(&dep.id, 100)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.run.state_type == StateType::Completed)
            .count();
        if completed >= 2 {
            break;
        }
    }
    assert!(completed >= 2, "only {completed} runs completed");
    handle.shutdown().await.unwrap();
    for id in engine.active_flow_runs() {
        wait_terminal(engine, &id).await;
    }
    let runs = engine.deployment_runs(&dep.id, 100).await.unwrap();
    assert!(runs.iter().all(|r| r.run.state_type != StateType::Running), "{:?}", names(&runs));
}

#[tokio::test]
async fn runs_left_scheduled_by_a_stopped_scheduler_are_adopted_or_skipped_when_too_old() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep = engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Skip)).await.unwrap();
    let opts =
        || RunOptions { deployment_id: Some(dep.id.clone()), ..RunOptions::new("schedule", "scheduler") };
    // Left behind: one recent, one from two days ago.
    let recent = engine.schedule_flow_run("hold", json!({ "n": 1 }), opts(), t0()).await.unwrap();
    let old = engine.schedule_flow_run("hold", json!({ "n": 2 }), opts(), t0() - hours(48)).await.unwrap();
    assert_eq!(engine.store().get_flow_run(&recent).await.unwrap().state_name, "Scheduled");
    // Crash recovery at another engine's start leaves Scheduled rows alone (they have no owner).
    let other = Engine::builder(s.t.dir.path()).open().await.unwrap();
    other.close().await.unwrap();
    drop(other);
    assert_eq!(engine.store().get_flow_run(&recent).await.unwrap().state_type, StateType::Scheduled);
    assert_eq!(engine.store().get_flow_run(&old).await.unwrap().state_type, StateType::Scheduled);
    let tick = Scheduler::new(engine).tick().await.unwrap();
    assert_eq!(tick.started, std::slice::from_ref(&recent));
    assert_eq!(wait_terminal(engine, &recent).await, StateType::Completed);
    let old_run = engine.store().get_flow_run(&old).await.unwrap();
    assert_eq!((old_run.state_type, old_run.state_name.as_str()), (StateType::Cancelled, "Skipped"));
    let (_, message) = engine.scheduling_columns(&old).await.unwrap();
    assert!(message.unwrap().contains("catch-up window"));
}

#[tokio::test]
async fn a_scheduled_run_cancelled_before_it_starts_is_not_started() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let dep =
        engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::QueueOne)).await.unwrap();
    let opts = RunOptions { deployment_id: Some(dep.id.clone()), ..RunOptions::new("schedule", "scheduler") };
    let id = engine.schedule_flow_run("hold", json!({ "n": 1 }), opts, t0()).await.unwrap();
    assert_eq!(engine.cancel_flow_run(&id).await.unwrap(), jobhunter_engine::CancelOutcome::Cancelled);
    let err = engine.start_scheduled(&id).await.err().expect("a cancelled run does not start");
    assert_eq!(err.code(), "conflict");
    assert_eq!(engine.store().get_flow_run(&id).await.unwrap().state_type, StateType::Cancelled);
    assert!(engine.store().task_runs_of_flow_run(&id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_half_past_two_berlin_deployment_fires_once_on_both_dst_nights() {
    let s = setup(true).await;
    let engine = &s.t.engine;
    let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
    s.clock.set(at("2026-03-28T12:00:00Z"));
    let cron = Schedule::cron("30 2 * * *", "Europe/Berlin").unwrap();
    let dep = engine
        .create_deployment(DeploymentSpec {
            parameters: json!({ "n": 1 }),
            ..DeploymentSpec::new("berlin", "hold", vec![cron])
        })
        .await
        .unwrap();
    let mut scheduler = Scheduler::new(engine);
    // Spring-forward: 02:30 does not exist; the run is at 03:00 CEST (01:00Z), once.
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.next_due, Some(at("2026-03-29T01:00:00Z")));
    let mut fired = Vec::new();
    for now in
        ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"]
    {
        s.clock.set(at(now));
        fired.extend(scheduler.tick().await.unwrap().started);
    }
    assert_eq!(fired.len(), 1);
    wait_terminal(engine, &fired[0]).await;
    // Fall-back: 02:30 happens twice (00:30Z and 01:30Z); the run is at the first, once.
    s.clock.set(at("2026-10-24T12:00:00Z"));
    // (Paused over the summer: nothing to make up.)
    engine.pause_deployment(&dep.id).await.unwrap();
    engine.resume_deployment(&dep.id).await.unwrap();
    let mut fired = Vec::new();
    for now in
        ["2026-10-24T12:00:01Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"]
    {
        s.clock.set(at(now));
        fired.extend(scheduler.tick().await.unwrap().started);
    }
    assert_eq!(fired.len(), 1);
    wait_terminal(engine, &fired[0]).await;
    let (expected, _) = engine.scheduling_columns(&fired[0]).await.unwrap();
    assert_eq!(expected, Some(at("2026-10-25T00:30:00Z")));
}

#[tokio::test]
async fn wind_down_lets_quick_runs_finish_and_cancels_the_rest() {
    let s = setup(false).await;
    let engine = &s.t.engine;
    engine.create_deployment(spec(CatchupPolicy::LatestOnce, OverlapPolicy::Allow)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    s.clock.advance(hours(1));
    let stuck = scheduler.tick().await.unwrap().started.remove(0);
    wait_running(engine, &stuck).await;
    let cancelled = engine.wind_down(Duration::from_millis(100)).await.unwrap();
    assert_eq!(cancelled, std::slice::from_ref(&stuck));
    assert!(engine.active_flow_runs().is_empty());
    assert_eq!(engine.store().get_flow_run(&stuck).await.unwrap().state_type, StateType::Cancelled);
    for tr in engine.store().task_runs_of_flow_run(&stuck).await.unwrap() {
        assert_ne!(tr.status, jobhunter_engine::TaskRunStatus::Running);
    }
    // Nothing in progress: returns at once.
    assert!(engine.wind_down(Duration::from_secs(30)).await.unwrap().is_empty());
}
