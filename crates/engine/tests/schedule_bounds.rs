//! Issue #10: schedules are bounded (an interval between 1 s and 366 days, a cron expression
//! that parses and fires), every date computation is checked (no overflow panic, however far
//! in time), a row stored with a bad schedule by an older build does not break listing or the
//! scheduler, and the scheduler copes with the clock going back.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use common::*;
use jobhunter_engine::schedule::{
    CatchupPolicy, DeploymentSpec, OverlapPolicy, Schedule, Scheduler, MAX_INTERVAL,
};
use jobhunter_engine::{Engine, Flow, FlowContext, ManualClock, Registry, StateType, Task};
use serde_json::json;

const DAY: u64 = 86_400;

fn t0() -> DateTime<Utc> {
    "2026-01-05T10:00:00Z".parse().unwrap()
}

fn hours(h: i64) -> chrono::Duration {
    chrono::Duration::hours(h)
}

fn minutes(m: i64) -> chrono::Duration {
    chrono::Duration::minutes(m)
}

/// `quick {n}`: doubles `n` in a TaskRun and ends.
fn quick_flow() -> Flow<Num, Num> {
    Flow::new("quick", |ctx: FlowContext, p: Num| async move { ctx.run(&Task::new(&double()), p).await })
}

async fn setup() -> (TestEngine, Arc<ManualClock>) {
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&quick_flow());
    let clock = Arc::new(ManualClock::new(t0()));
    (open_with_clock(registry, clock.clone()).await, clock)
}

fn hourly() -> Schedule {
    Schedule::interval(Duration::from_secs(3600), t0(), "UTC").unwrap()
}

fn spec(name: &str, catchup: CatchupPolicy) -> DeploymentSpec {
    DeploymentSpec {
        parameters: json!({ "n": 1 }),
        catchup,
        overlap: OverlapPolicy::Allow,
        ..DeploymentSpec::new(name, "quick", vec![hourly()])
    }
}

/// The schedule an older build stored for `--interval 9000000000000s`.
fn huge_interval() -> Schedule {
    Schedule::Interval { every_secs: 9_000_000_000_000, anchor: t0(), timezone: "UTC".into() }
}

/// Overwrites a deployment's stored schedules with raw JSON, as an older build could have.
async fn store_raw_schedules(engine: &Engine, name: &str, schedules: &str) {
    let done = sqlx::query("UPDATE deployments SET schedules = ? WHERE name = ?")
        .bind(schedules)
        .bind(name)
        .execute(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

#[test]
fn intervals_are_between_one_second_and_366_days() {
    assert_eq!(MAX_INTERVAL, Duration::from_secs(366 * DAY));
    for ok in [1, 3600, 366 * DAY] {
        Schedule::interval(Duration::from_secs(ok), t0(), "UTC").unwrap();
    }
    for bad in [0, 366 * DAY + 1, 9_000_000_000_000, 10_000_000_000_000_000, u64::MAX] {
        let e = Schedule::interval(Duration::from_secs(bad), t0(), "UTC").unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad}: {e}");
        assert!(e.to_string().contains("between 1s and 366d"), "{bad}: {e}");
    }
    // A schedule built without the constructor (or read from the database) is checked too.
    let e = huge_interval().compile().unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
}

#[test]
fn a_cron_expression_that_never_fires_is_refused() {
    let e = Schedule::cron("0 0 30 2 *", "UTC").unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    assert!(e.to_string().contains("never fires"), "{e}");
    Schedule::cron("0 0 29 2 *", "UTC").unwrap();
}

#[test]
fn computations_at_the_ends_of_time_give_no_next_run_instead_of_panicking() {
    let end = DateTime::<Utc>::MAX_UTC;
    let start = DateTime::<Utc>::MIN_UTC;
    let near_end = end - chrono::Duration::days(100);
    let yearly = Schedule::Interval { every_secs: 366 * DAY, anchor: near_end, timezone: "UTC".into() }
        .compile()
        .unwrap();
    assert_eq!(yearly.next_after(near_end), None);
    assert_eq!(yearly.next_after(end), None);
    assert!(yearly.upcoming(start, 3).is_empty());
    let hourly = hourly().compile().unwrap();
    assert_eq!(hourly.next_after(end), None);
    assert!(hourly.next_after(start).is_some_and(|t| t > start && t <= start + hours(1)));
    assert_eq!(hourly.next_after(t0()), Some(t0() + hours(1)));
    let cron = Schedule::cron("0 9 * * *", "Europe/Berlin").unwrap().compile().unwrap();
    assert_eq!(cron.next_after(end), None);
    assert!(cron.upcoming(near_end, 3).is_empty());
    assert!(cron.next_after(start).is_some_and(|t| t.year() == 1), "{:?}", cron.next_after(start));
}

#[tokio::test]
async fn a_deployment_with_an_interval_out_of_bounds_is_refused_and_not_stored() {
    let (t, _clock) = setup().await;
    let engine = &t.engine;
    let spec = DeploymentSpec {
        parameters: json!({ "n": 1 }),
        ..DeploymentSpec::new("big", "quick", vec![huge_interval()])
    };
    let e = engine.create_deployment(spec).await.unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    assert!(engine.deployments().await.unwrap().is_empty());

    let dep = engine.create_deployment(spec_named("ok")).await.unwrap();
    let update = jobhunter_engine::schedule::DeploymentUpdate {
        schedules: Some(vec![huge_interval()]),
        ..Default::default()
    };
    let e = engine.update_deployment(&dep.id, update).await.unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    assert_eq!(engine.deployment(&dep.id).await.unwrap().schedules, vec![hourly()]);
}

fn spec_named(name: &str) -> DeploymentSpec {
    spec(name, CatchupPolicy::LatestOnce)
}

#[tokio::test]
async fn a_stored_bad_interval_reports_an_error_for_its_next_runs_and_breaks_nothing_else() {
    let (t, _clock) = setup().await;
    let engine = &t.engine;
    engine.create_deployment(spec_named("big")).await.unwrap();
    engine.create_deployment(spec_named("good")).await.unwrap();
    store_raw_schedules(engine, "big", &serde_json::to_string(&vec![huge_interval()]).unwrap()).await;

    let all = engine.deployments().await.unwrap();
    assert_eq!(all.len(), 2);
    let big = all.iter().find(|d| d.name == "big").unwrap();
    let e = big.next_runs(t0(), 3).unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    let good = all.iter().find(|d| d.name == "good").unwrap();
    assert_eq!(good.next_runs(t0(), 2).unwrap(), [t0() + hours(1), t0() + hours(2)]);
}

#[tokio::test]
async fn the_scheduler_leaves_out_a_stored_bad_interval_and_keeps_firing_the_others() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    let big = engine.create_deployment(spec_named("big")).await.unwrap();
    let good = engine.create_deployment(spec_named("good")).await.unwrap();
    store_raw_schedules(engine, "big", &serde_json::to_string(&vec![huge_interval()]).unwrap()).await;

    let mut scheduler = Scheduler::new(engine);
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.rejected.len(), 1, "{tick:?}");
    assert!(tick.rejected[0].starts_with("big ("), "{tick:?}");
    assert_eq!(tick.next_due, Some(t0() + hours(1)));

    clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    assert_eq!(wait_terminal(engine, &tick.started[0]).await, StateType::Completed);
    let run = engine.store().get_flow_run(&tick.started[0]).await.unwrap();
    assert_eq!(run.deployment_id.as_deref(), Some(good.id.as_str()));
    assert!(engine.deployment_runs(&big.id, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_scheduler_survives_an_unreadable_row_and_keeps_firing_the_others() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    engine.create_deployment(spec_named("broken")).await.unwrap();
    let good = engine.create_deployment(spec_named("good")).await.unwrap();
    store_raw_schedules(engine, "broken", "not json").await;

    let (readable, bad) = engine.deployments_with_errors().await.unwrap();
    assert_eq!(readable.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["good"]);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].name, "broken");

    let mut scheduler = Scheduler::new(engine);
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.rejected.len(), 1, "{tick:?}");
    assert!(tick.rejected[0].starts_with("broken ("), "{tick:?}");
    clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;
    let run = engine.store().get_flow_run(&tick.started[0]).await.unwrap();
    assert_eq!(run.deployment_id.as_deref(), Some(good.id.as_str()));
}

#[tokio::test]
async fn after_the_clock_goes_back_the_schedule_goes_on_from_the_new_now_without_a_burst() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    let dep = engine.create_deployment(spec("hourly", CatchupPolicy::All)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;

    // Ten hours back: nothing runs, nothing counts as missed, and the cursor follows the clock.
    clock.set(t0() - hours(9));
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.queued.is_empty() && tick.skipped == 0, "{tick:?}");
    assert_eq!(tick.next_due, Some(t0() - hours(8)));
    assert_eq!(engine.deployment(&dep.id).await.unwrap().scheduled_until, t0() - hours(9));

    // The next slot after the new "now" fires on time, alone.
    clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    assert!(tick.queued.is_empty() && tick.skipped == 0, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;
    let (expected, message) = engine.scheduling_columns(&tick.started[0]).await.unwrap();
    assert_eq!((expected, message), (Some(t0() - hours(8)), None));
    assert_eq!(engine.deployment_runs(&dep.id, 100).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_slot_that_already_ran_is_not_run_again_when_the_clock_goes_back_over_it() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    let dep = engine.create_deployment(spec("hourly", CatchupPolicy::LatestOnce)).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    clock.advance(hours(1) + minutes(10));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;

    clock.set(t0() + minutes(50));
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.skipped == 0, "{tick:?}");
    assert_eq!(tick.next_due, Some(t0() + hours(1)));
    // The 11:00 slot comes round again: it already has its run.
    clock.set(t0() + hours(1) + minutes(1));
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.queued.is_empty() && tick.skipped == 0, "{tick:?}");
    assert_eq!(engine.deployment_runs(&dep.id, 100).await.unwrap().len(), 1);
    // And the schedule goes on.
    clock.set(t0() + hours(2));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;
    assert_eq!(engine.deployment_runs(&dep.id, 100).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_jump_to_the_far_past_does_not_panic_the_scheduler() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    let dep = engine.create_deployment(spec_named("hourly")).await.unwrap();
    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    let past: DateTime<Utc> = "1971-01-01T00:00:00Z".parse().unwrap();
    clock.set(past);
    let tick = scheduler.tick().await.unwrap();
    assert!(tick.started.is_empty() && tick.skipped == 0, "{tick:?}");
    assert_eq!(tick.next_due, Some(past + hours(1)));
    assert_eq!(engine.deployment(&dep.id).await.unwrap().next_runs(past, 1).unwrap(), [past + hours(1)]);
    clock.advance(hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    wait_terminal(engine, &tick.started[0]).await;
}

#[tokio::test]
async fn a_one_second_interval_after_a_year_away_is_handled_in_a_bounded_walk() {
    let (t, clock) = setup().await;
    let engine = &t.engine;
    let every_second = Schedule::interval(Duration::from_secs(1), t0(), "UTC").unwrap();
    let dep = engine
        .create_deployment(DeploymentSpec {
            parameters: json!({ "n": 1 }),
            catchup: CatchupPolicy::Skip,
            ..DeploymentSpec::new("every-second", "quick", vec![every_second])
        })
        .await
        .unwrap();
    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    // About 34 million missed slots: most are jumped over, and the summary says "at least".
    clock.advance(chrono::Duration::days(400));
    let started = std::time::Instant::now();
    let tick = scheduler.tick().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
    assert!(!tick.started.is_empty(), "the slot on time runs: {tick:?}");
    let runs = engine.deployment_runs(&dep.id, 1000).await.unwrap();
    let summary = runs
        .iter()
        .filter_map(|r| r.state_message.as_deref())
        .find(|m| m.contains("earlier missed slots"))
        .expect("a summary of the slots not recorded one by one");
    assert!(summary.contains("(and at least "), "{summary}");
    for id in &tick.started {
        wait_terminal(engine, id).await;
    }
}
