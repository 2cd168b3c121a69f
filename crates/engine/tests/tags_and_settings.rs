//! Flow-level settings as data (retries, time limit, tags) and tags on deployments and runs:
//! a failed flow run is tried again as a new try of the same run, a run over its time limit
//! ends TimedOut with a state message saying so, and every run carries its deployment's tags
//! then its flow's (started now, by the scheduler, or restarted) and can be filtered by tag.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::*;
use jobhunter_engine::schedule::{DeploymentSpec, DeploymentUpdate, Schedule, Scheduler};
use jobhunter_engine::{
    Flow, FlowContext, FlowRunFilter, ManualClock, OpError, Registry, RunOptions, StateType, Task,
};
use serde_json::json;

fn opts() -> RunOptions {
    RunOptions::new("manual", "test")
}

/// Fails (transiently) on its first `failures` tries, then doubles n; tagged like the seed's hunt.
fn tiny(failures: usize, tries: Arc<AtomicUsize>) -> Flow<Num, Num> {
    Flow::new("tiny", move |ctx: FlowContext, p: Num| {
        let tries = tries.clone();
        async move {
            let doubled = ctx.run(&Task::new(&double()), p).await?;
            if tries.fetch_add(1, Ordering::SeqCst) < failures {
                return Err(OpError::transient("the board was down"));
            }
            Ok(doubled)
        }
    })
    .retries(1, Duration::from_millis(10))
    .timeout(Duration::from_secs(3600))
    .tags(["production", " scheduled ", "production", ""])
}

#[tokio::test]
async fn flow_settings_are_listed_with_the_flow() {
    let mut registry = Registry::new();
    registry.add_flow(&tiny(0, counter()));
    let info = registry.flows().into_iter().find(|f| f.name == "tiny").unwrap();
    assert_eq!(info.retries, 1);
    assert_eq!(info.timeout_secs, Some(3600.0));
    assert_eq!(info.tags, ["production", "scheduled"], "trimmed, no blanks or repeats");
}

#[tokio::test]
async fn a_failed_run_is_tried_once_more_then_fails() {
    let t = open(Registry::new()).await;
    let tries = counter();
    let out = t.engine.run_flow(&tiny(1, tries.clone()), Num { n: 2 }, opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    assert_eq!(out.result, Some(json!({ "n": 4 })));
    let run = t.engine.store().get_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(run.run_count, 2, "the retry is a second try of the same run");

    let tries = counter();
    let out = t.engine.run_flow(&tiny(5, tries.clone()), Num { n: 2 }, opts()).await.unwrap();
    assert_eq!((out.state.kind, out.state.name.as_str()), (StateType::Failed, "Failed"));
    assert_eq!(get(&tries), 2, "one retry, not more");
    assert_eq!(out.error.as_deref(), Some("the board was down"));
    assert_eq!(t.engine.store().get_flow_run(&out.flow_run_id).await.unwrap().run_count, 2);
}

#[tokio::test]
async fn bad_input_is_not_retried() {
    let tries = counter();
    let c = tries.clone();
    let flow = Flow::new("picky", move |_ctx: FlowContext, _: Num| {
        let c = c.clone();
        async move {
            c.fetch_add(1, Ordering::SeqCst);
            Err::<Num, _>(OpError::invalid("n: must be even"))
        }
    })
    .retries(1, Duration::from_secs(60));
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Num { n: 1 }, opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Failed);
    assert_eq!(get(&tries), 1, "a retry would fail the same way");
}

#[tokio::test]
async fn a_run_over_its_time_limit_ends_timed_out_with_a_state_message() {
    let (started, dropped) = (counter(), counter());
    let op = sleeper(started.clone(), dropped.clone());
    let flow = Flow::new("slow", move |ctx: FlowContext, _: Num| {
        let op = op.clone();
        async move { ctx.run(&Task::new(&op), Num { n: 30_000 }).await }
    })
    .retries(1, Duration::from_millis(10))
    .timeout(Duration::from_millis(150));
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Num { n: 0 }, opts()).await.unwrap();
    assert_eq!((out.state.kind, out.state.name.as_str()), (StateType::Failed, "TimedOut"));
    assert_eq!(get(&started), 1, "a timed-out run is not retried: the limit covers every try");
    assert_eq!(get(&dropped), 1, "its task was stopped");
    let message = "stopped: it ran longer than its time limit of 150ms";
    assert_eq!(out.error.as_deref(), Some(message));
    let (_, state_message) = t.engine.scheduling_columns(&out.flow_run_id).await.unwrap();
    assert_eq!(state_message.as_deref(), Some(message));
}

fn t0() -> DateTime<Utc> {
    "2026-01-05T10:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn runs_carry_their_deployments_and_flows_tags_and_filter_by_tag() {
    let mut registry = Registry::new();
    registry.add_operation(&double()).add_flow(&tiny(0, counter()));
    let clock = Arc::new(ManualClock::new(t0()));
    let t = open_with_clock(registry, clock.clone()).await;
    let engine = &t.engine;
    let hourly = Schedule::interval(Duration::from_secs(3600), t0(), "UTC").unwrap();
    let spec = DeploymentSpec {
        parameters: json!({ "n": 1 }),
        ..DeploymentSpec::new("hourly", "tiny", vec![hourly])
    }
    .with_tags(["scheduled", "scraping", "scheduled"]);
    let dep = engine.create_deployment(spec).await.unwrap();
    assert_eq!(dep.tags, ["scheduled", "scraping"]);
    assert_eq!(engine.deployment("hourly").await.unwrap().tags, ["scheduled", "scraping"]);

    // Run now: the deployment's tags, then the flow's.
    let now = engine.run_deployment_now("hourly", opts()).await.unwrap().wait().await;
    let run = engine.store().get_flow_run(&now.flow_run_id).await.unwrap();
    assert_eq!(run.tags, ["scheduled", "scraping", "production"]);

    // A run the scheduler creates carries them from the moment it is Scheduled.
    let mut scheduler = Scheduler::new(engine);
    scheduler.tick().await.unwrap();
    clock.advance(chrono::Duration::hours(1));
    let tick = scheduler.tick().await.unwrap();
    assert_eq!(tick.started.len(), 1, "{tick:?}");
    assert_eq!(wait_terminal(engine, &tick.started[0]).await, StateType::Completed);
    let scheduled = engine.store().get_flow_run(&tick.started[0]).await.unwrap();
    assert_eq!(scheduled.tags, ["scheduled", "scraping", "production"]);

    // A run without a deployment carries its flow's tags only.
    let alone = engine.run_flow_json("tiny", json!({ "n": 3 }), opts()).await.unwrap();
    assert_eq!(
        engine.store().get_flow_run(&alone.flow_run_id).await.unwrap().tags,
        ["production", "scheduled"]
    );

    // Edited tags apply to runs created from then on; past runs keep theirs.
    let update = DeploymentUpdate { tags: Some(vec!["maintenance".into()]), ..Default::default() };
    assert_eq!(engine.update_deployment("hourly", update).await.unwrap().tags, ["maintenance"]);
    let later = engine.run_deployment_now("hourly", opts()).await.unwrap().wait().await;
    let later_run = engine.store().get_flow_run(&later.flow_run_id).await.unwrap();
    assert_eq!(later_run.tags, ["maintenance", "production", "scheduled"]);
    assert_eq!(engine.store().get_flow_run(&now.flow_run_id).await.unwrap().tags[1], "scraping");

    let tagged = |tag: &str| {
        let filter = FlowRunFilter { tag: Some(tag.into()), ..Default::default() };
        async move {
            let mut ids: Vec<String> =
                engine.store().list_flow_runs(&filter).await.unwrap().into_iter().map(|r| r.id).collect();
            ids.sort();
            ids
        }
    };
    let mut scraping = vec![now.flow_run_id.clone(), tick.started[0].clone()];
    scraping.sort();
    assert_eq!(tagged("scraping").await, scraping);
    assert_eq!(tagged("maintenance").await, vec![later.flow_run_id.clone()]);
    assert_eq!(tagged("production").await.len(), 4);
    assert!(tagged("scrap").await.is_empty(), "a tag matches whole, not in part");

    let in_use = engine.store().tags_in_use().await.unwrap();
    assert_eq!(in_use, ["maintenance", "production", "scheduled", "scraping"]);

    // Tags a person typed are checked.
    let bad = DeploymentUpdate { tags: Some(vec!["a,b".into()]), ..Default::default() };
    let e = engine.update_deployment("hourly", bad).await.unwrap_err();
    assert!(e.to_string().contains("tags:"), "{e}");
    let long = DeploymentUpdate { tags: Some(vec!["x".repeat(41)]), ..Default::default() };
    assert!(engine.update_deployment("hourly", long).await.is_err());
}

#[tokio::test]
async fn a_restarted_run_keeps_the_tags_it_had() {
    let mut registry = Registry::new();
    let tries = counter();
    let failing = Flow::new("tiny", {
        let tries = tries.clone();
        move |ctx: FlowContext, p: Num| {
            let tries = tries.clone();
            async move {
                let doubled = ctx.run(&Task::new(&double()), p).await?;
                if tries.fetch_add(1, Ordering::SeqCst) < 1 {
                    return Err(OpError::transient("down"));
                }
                Ok(doubled)
            }
        }
    })
    .tags(["production"]);
    registry.add_operation(&double()).add_flow(&failing);
    let t = open(registry).await;
    let engine = &t.engine;
    let hourly = Schedule::interval(Duration::from_secs(3600), Utc::now(), "UTC").unwrap();
    let spec =
        DeploymentSpec { parameters: json!({ "n": 1 }), ..DeploymentSpec::new("d", "tiny", vec![hourly]) }
            .with_tags(["scheduled"]);
    engine.create_deployment(spec).await.unwrap();
    let first = engine.run_deployment_now("d", opts()).await.unwrap().wait().await;
    assert_eq!(first.state.kind, StateType::Failed);
    engine.delete_deployment("d").await.unwrap();
    let again = engine.restart_flow_run(&first.flow_run_id, opts()).await.unwrap();
    assert_eq!(again.state.kind, StateType::Completed, "{:?}", again.error);
    let run = engine.store().get_flow_run(&again.flow_run_id).await.unwrap();
    assert_eq!(run.tags, ["scheduled", "production"]);
}
