//! Layer 3: flows: context detection, fan-out and join, branching, states, flow retries and
//! timeout, cancellation (local and from another engine instance), captured logs, restart
//! from failure.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{
    CacheKeyPolicy, CancelOutcome, Engine, Flow, FlowContext, OpError, Operation, Registry, RunOptions,
    StateType, Task, TaskRunStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
struct Params {
    values: Vec<i64>,
    threshold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
struct Summary {
    doubled: Vec<i64>,
    big: usize,
    branch: String,
}

fn opts() -> RunOptions {
    RunOptions::new("manual", "test")
}

/// Fans out `double` over the values, then branches on the results.
fn fan_out_flow() -> Flow<Params, Summary> {
    Flow::new("fan_out", |ctx: FlowContext, p: Params| async move {
        let task = Task::new(&double());
        let futures: Vec<_> = p.values.iter().map(|&n| ctx.submit(&task, Num { n })).collect();
        let mut doubled = Vec::new();
        for r in futures::future::join_all(futures).await {
            doubled.push(r?.n);
        }
        let big = doubled.iter().filter(|&&d| d >= p.threshold).count();
        let branch = if big > 0 {
            ctx.run(&task, Num { n: big as i64 }).await?;
            "some_big".to_string()
        } else {
            "none_big".to_string()
        };
        Ok(Summary { doubled, big, branch })
    })
    .description("test fan-out")
}

#[tokio::test]
async fn fan_out_join_and_branch_with_orchestrated_taskruns() {
    let mut reg = Registry::new();
    reg.add_flow(&fan_out_flow());
    let t = open(reg).await;
    let out = t
        .engine
        .run_flow_json("fan_out", json!({"values": [1, 2, 3, 4], "threshold": 6}), opts())
        .await
        .unwrap();
    assert_eq!(out.state.kind, StateType::Completed);
    assert_eq!(out.state.name, "Completed");
    let result: Summary = serde_json::from_value(out.result.unwrap()).unwrap();
    assert_eq!(result, Summary { doubled: vec![2, 4, 6, 8], big: 2, branch: "some_big".into() });

    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows.len(), 5, "4 fanned out + 1 on the branch");
    for row in &rows {
        assert!(row.orchestrated);
        assert_eq!(row.flow_run_id.as_deref(), Some(out.flow_run_id.as_str()));
        assert_eq!(row.status, TaskRunStatus::Success);
        assert_eq!(row.actor, "test");
    }
    let run = t.engine.store().get_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(run.state_type, StateType::Completed);
    assert_eq!(run.run_count, 1);
    assert!(run.duration_ms.is_some() && run.finished_at.is_some());
    assert_eq!(run.parameters, json!({"values": [1, 2, 3, 4], "threshold": 6}));

    let out =
        t.engine.run_flow_json("fan_out", json!({"values": [1], "threshold": 6}), opts()).await.unwrap();
    assert_eq!(out.result.unwrap()["branch"], "none_big");
}

#[tokio::test]
async fn bad_parameters_name_the_field_and_create_no_run() {
    let mut reg = Registry::new();
    reg.add_flow(&fan_out_flow());
    let t = open(reg).await;
    let err = t.engine.run_flow_json("fan_out", json!({"values": [1, "x"]}), opts()).await.unwrap_err();
    assert!(err.to_string().starts_with("values[1]: invalid type"), "{err}");
    let err = t.engine.run_flow_json("missing", json!({}), opts()).await.unwrap_err();
    assert_eq!(err.code(), "unknown_flow");
    let runs = t.engine.store().list_flow_runs(&Default::default()).await.unwrap();
    assert!(runs.is_empty());
}

#[tokio::test]
async fn nested_operation_calls_inherit_the_flow_context() {
    // An operation that calls another operation through the engine: the inner one is
    // orchestrated too, found through the task-local context.
    let inner = double();
    let outer = Operation::new("outer", move |ctx: jobhunter_engine::OpContext, input: Num| {
        let inner = inner.clone();
        async move { Task::new(&inner).call(ctx.engine(), input).await }
    });
    let flow = Flow::new("nested", move |ctx: FlowContext, _: Params| {
        let outer = outer.clone();
        async move { ctx.run(&Task::new(&outer), Num { n: 3 }).await }
    });
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    assert_eq!(out.result, Some(json!({"n": 6})));
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.orchestrated));

    // The same task called directly, outside any flow: not orchestrated.
    let direct = Task::new(&double()).call(&t.engine, Num { n: 1 }).await.unwrap();
    assert_eq!(direct.n, 2);
    let all = all_task_runs(&t.engine).await;
    let last = all.last().unwrap();
    assert!(!last.orchestrated);
    assert_eq!(last.flow_run_id, None);
}

#[tokio::test]
async fn flow_retries_reuse_completed_task_calls() {
    let calls = counter();
    let fail_once = Arc::new(AtomicBool::new(true));
    let step = counted_double(calls.clone());
    let f = fail_once.clone();
    let flow = Flow::new("retrying", move |ctx: FlowContext, _: Params| {
        let (step, f) = (step.clone(), f.clone());
        async move {
            let a = ctx.run(&Task::new(&step), Num { n: 1 }).await?;
            if f.swap(false, Ordering::SeqCst) {
                return Err(OpError::transient("the flow body failed after step a"));
            }
            Ok(a)
        }
    })
    .retries(1, Duration::from_millis(10));
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed);
    assert_eq!(get(&calls), 1, "the completed step was reused on the flow retry");
    let run = t.engine.store().get_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(run.run_count, 2);
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.status).collect::<Vec<_>>(),
        [TaskRunStatus::Success, TaskRunStatus::Cached]
    );
    assert_eq!(rows[1].metadata["reused_from"], rows[0].id.as_str());
}

/// A flow that submits `calls` 30-second sleepers and joins them, timing out after 200 ms.
fn timed_out_sleepers(
    started: &Arc<std::sync::atomic::AtomicUsize>,
    dropped: &Arc<std::sync::atomic::AtomicUsize>,
    calls: usize,
) -> Flow<Params, Num> {
    let op = sleeper(started.clone(), dropped.clone());
    Flow::new("slow", move |ctx: FlowContext, _: Params| {
        let op = op.clone();
        async move {
            let task = Task::new(&op);
            let calls: Vec<_> = (0..calls).map(|_| ctx.submit(&task, Num { n: 30_000 })).collect();
            let _ = futures::future::join_all(calls).await;
            Ok(Num { n: 0 })
        }
    })
    .timeout(Duration::from_millis(200))
}

#[tokio::test]
async fn flow_timeout_cancels_in_flight_tasks() {
    let (started, dropped) = (counter(), counter());
    let flow = timed_out_sleepers(&started, &dropped, 2);
    let t = open(Registry::new()).await;
    let began = Instant::now();
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    assert!(began.elapsed() < Duration::from_secs(5));
    assert_eq!(out.state.kind, StateType::Failed);
    assert_eq!(out.state.name, "TimedOut");
    assert_eq!(get(&started), 2);
    assert_eq!(get(&dropped), 2);
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.status == TaskRunStatus::Cancelled && r.finished_at.is_some()), "{rows:?}");
}

/// An operation that sleeps `n` ms and records how many of its calls ran at once, at most.
fn counted_sleeper(
    now: Arc<std::sync::atomic::AtomicUsize>,
    most: Arc<std::sync::atomic::AtomicUsize>,
) -> Operation<Num, Num> {
    Operation::new("counted_sleeper", move |_ctx, input: Num| {
        let (now, most) = (now.clone(), most.clone());
        async move {
            let running = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(running, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(input.n as u64)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            Ok(input)
        }
    })
}

#[tokio::test]
async fn a_run_executes_at_most_its_task_concurrency_of_submitted_calls_at_once() {
    let (now, most) = (counter(), counter());
    let op = counted_sleeper(now, most.clone());
    let flow = Flow::new("bounded", move |ctx: FlowContext, _: Params| {
        let op = op.clone();
        async move {
            let task = Task::new(&op);
            let calls: Vec<_> = (0..6).map(|_| ctx.submit(&task, Num { n: 30 })).collect();
            let done = futures::future::join_all(calls).await.into_iter().filter(|r| r.is_ok()).count();
            Ok(Num { n: done as i64 })
        }
    })
    .task_concurrency(2);
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    assert_eq!(out.result, Some(json!({ "n": 6 })));
    assert_eq!(get(&most), 2);
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.status == TaskRunStatus::Success));
}

#[tokio::test]
async fn calls_waiting_for_a_task_slot_end_at_once_when_the_run_is_cancelled() {
    let (started, dropped) = (counter(), counter());
    let flow = timed_out_sleepers(&started, &dropped, 3).task_concurrency(1);
    let t = open(Registry::new()).await;
    let began = Instant::now();
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    assert!(began.elapsed() < Duration::from_secs(5));
    assert_eq!(out.state.name, "TimedOut");
    // Only the call holding the slot started; the two waiting never ran and left no row.
    assert_eq!(get(&started), 1);
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, TaskRunStatus::Cancelled);
}

fn slow_flow(
    started: Arc<std::sync::atomic::AtomicUsize>,
    dropped: Arc<std::sync::atomic::AtomicUsize>,
) -> Flow<Params, Num> {
    let op = sleeper(started, dropped);
    Flow::new("slow", move |ctx: FlowContext, _: Params| {
        let op = op.clone();
        async move {
            ctx.run(&Task::new(&op), Num { n: 30_000 }).await?;
            Ok(Num { n: 0 })
        }
    })
}

/// Waits until the flow's task row is `running` and the operation's body has started.
async fn wait_for_running_task(engine: &Engine, flow_run_id: &str, started: &std::sync::atomic::AtomicUsize) {
    for _ in 0..200 {
        let rows = engine.store().task_runs_of_flow_run(flow_run_id).await.unwrap();
        if rows.iter().any(|r| r.status == TaskRunStatus::Running) && get(started) > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no task started");
}

#[tokio::test]
async fn cancelling_a_running_flow_cancels_its_tasks() {
    let (started, dropped) = (counter(), counter());
    let mut reg = Registry::new();
    reg.add_flow(&slow_flow(started.clone(), dropped.clone()));
    let t = open(reg).await;
    let handle = t.engine.start_flow_json("slow", json!({}), opts()).await.unwrap();
    wait_for_running_task(&t.engine, &handle.flow_run_id, &started).await;
    assert_eq!(t.engine.cancel_flow_run(&handle.flow_run_id).await.unwrap(), CancelOutcome::Cancelling);
    let out = handle.wait().await;
    assert_eq!(out.state.kind, StateType::Cancelled);
    assert_eq!(get(&dropped), 1);
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    assert_eq!(rows[0].status, TaskRunStatus::Cancelled);
    assert_eq!(t.engine.cancel_flow_run(&out.flow_run_id).await.unwrap(), CancelOutcome::AlreadyFinished);
}

#[tokio::test]
async fn another_process_can_cancel_a_run() {
    // Two engine instances on one data dir stand for the desktop app and the CLI.
    let (started, dropped) = (counter(), counter());
    let mut reg = Registry::new();
    reg.add_flow(&slow_flow(started.clone(), dropped.clone()));
    let t = open(reg.clone()).await;
    let other = Engine::builder(t.dir.path()).registry(reg).open().await.unwrap();
    let handle = t.engine.start_flow_json("slow", json!({}), opts()).await.unwrap();
    wait_for_running_task(&t.engine, &handle.flow_run_id, &started).await;
    assert_eq!(other.cancel_flow_run(&handle.flow_run_id).await.unwrap(), CancelOutcome::Requested);
    let out =
        tokio::time::timeout(Duration::from_secs(5), handle.wait()).await.expect("cancelled within 5 s");
    assert_eq!(out.state.kind, StateType::Cancelled);
    assert_eq!(get(&dropped), 1);
}

#[tokio::test]
async fn a_second_live_process_does_not_crash_running_runs() {
    let (started, dropped) = (counter(), counter());
    let mut reg = Registry::new();
    reg.add_flow(&slow_flow(started.clone(), dropped));
    let t = open(reg.clone()).await;
    let handle = t.engine.start_flow_json("slow", json!({}), opts()).await.unwrap();
    wait_for_running_task(&t.engine, &handle.flow_run_id, &started).await;
    let _other = Engine::builder(t.dir.path()).registry(reg).open().await.unwrap();
    let run = t.engine.store().get_flow_run(&handle.flow_run_id).await.unwrap();
    assert_eq!(run.state_type, StateType::Running, "the owner is alive; recovery must leave it alone");
    t.engine.cancel_flow_run(&handle.flow_run_id).await.unwrap();
    handle.wait().await;
}

#[tokio::test]
async fn logs_inside_runs_are_captured_per_flow_and_task_run() {
    init_log_capture();
    let noisy = Operation::new("noisy", |_ctx, input: Num| async move {
        tracing::info!(n = input.n, "working on it");
        tracing::debug!("not captured below INFO");
        Ok(input)
    });
    let flow = Flow::new("logging", move |ctx: FlowContext, _: Params| {
        let noisy = noisy.clone();
        async move {
            tracing::warn!("flow-level line");
            ctx.run(&Task::new(&noisy), Num { n: 9 }).await
        }
    });
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, Params::default(), opts()).await.unwrap();
    t.engine.store().flush().await.unwrap();
    let logs = t.engine.store().logs(Some(&out.flow_run_id), None, 0).await.unwrap();
    let messages: Vec<_> = logs.iter().map(|l| l.message.as_str()).collect();
    assert!(messages.contains(&"flow-level line"), "{messages:?}");
    assert!(messages.contains(&"working on it n=9"), "{messages:?}");
    assert!(!messages.iter().any(|m| m.contains("not captured")));
    let rows = t.engine.store().task_runs_of_flow_run(&out.flow_run_id).await.unwrap();
    let task_logs = t.engine.store().logs(None, Some(&rows[0].id), 0).await.unwrap();
    assert!(task_logs.iter().any(|l| l.message == "working on it n=9" && l.level == "INFO"));
    let flow_line = logs.iter().find(|l| l.message == "flow-level line").unwrap();
    assert_eq!(flow_line.task_run_id, None);
    assert_eq!(flow_line.level, "WARN");
}

#[tokio::test]
async fn restart_from_failure_reuses_completed_calls() {
    let (a_calls, b_calls) = (counter(), counter());
    let broken = Arc::new(AtomicBool::new(true));
    let a = counted_double(a_calls.clone());
    let b_counter = b_calls.clone();
    let b_broken = broken.clone();
    let b = Operation::new("step_b", move |_ctx, input: Num| {
        let (c, broken) = (b_counter.clone(), b_broken.clone());
        async move {
            c.fetch_add(1, Ordering::SeqCst);
            if broken.load(Ordering::SeqCst) {
                return Err(OpError::permanent("step b is broken"));
            }
            Ok(Num { n: input.n + 1 })
        }
    });
    let flow = Flow::new("two_steps", move |ctx: FlowContext, p: Params| {
        let (a, b) = (a.clone(), b.clone());
        async move {
            let mut total = 0;
            for n in p.values {
                let x = ctx.run(&Task::new(&a), Num { n }).await?;
                total += x.n;
            }
            ctx.run(&Task::new(&b), Num { n: total }).await
        }
    });
    let mut reg = Registry::new();
    reg.add_flow(&flow);
    let t = open(reg).await;
    let failed = t.engine.run_flow_json("two_steps", json!({"values": [1, 2, 1]}), opts()).await.unwrap();
    assert_eq!(failed.state.kind, StateType::Failed);
    assert_eq!(failed.error.as_deref(), Some("step b is broken"));
    assert_eq!((get(&a_calls), get(&b_calls)), (3, 1));

    broken.store(false, Ordering::SeqCst);
    let restarted =
        t.engine.restart_flow_run(&failed.flow_run_id, RunOptions::new("restart", "test")).await.unwrap();
    assert_eq!(restarted.state.kind, StateType::Completed);
    assert_eq!(restarted.result, Some(json!({"n": 9})));
    assert_eq!((get(&a_calls), get(&b_calls)), (3, 2), "only the failed step executed again");

    let run = t.engine.store().get_flow_run(&restarted.flow_run_id).await.unwrap();
    assert_eq!(run.restarted_from.as_deref(), Some(failed.flow_run_id.as_str()));
    let rows = t.engine.store().task_runs_of_flow_run(&restarted.flow_run_id).await.unwrap();
    use TaskRunStatus::*;
    assert_eq!(rows.iter().map(|r| r.status).collect::<Vec<_>>(), [Cached, Cached, Cached, Success]);

    let err = t.engine.restart_flow_run(&restarted.flow_run_id, opts()).await.unwrap_err();
    assert_eq!(err.code(), "conflict");
}

#[tokio::test]
async fn inputs_and_flow_parameters_cache_key_separates_runs() {
    let calls = counter();
    let op = counted_double(calls.clone());
    let flow = Flow::new("cached", move |ctx: FlowContext, _p: Params| {
        let op = op.clone();
        async move {
            let task = Task::new(&op).cache(CacheKeyPolicy::InputsAndFlowParameters, None);
            ctx.run(&task, Num { n: 1 }).await
        }
    });
    let t = open(Registry::new()).await;
    let p1 = Params { values: vec![1], threshold: 0 };
    let p2 = Params { values: vec![2], threshold: 0 };
    t.engine.run_flow(&flow, p1.clone(), opts()).await.unwrap();
    t.engine.run_flow(&flow, p1, opts()).await.unwrap();
    assert_eq!(get(&calls), 1, "same input and parameters: cache hit");
    t.engine.run_flow(&flow, p2, opts()).await.unwrap();
    assert_eq!(get(&calls), 2, "other parameters: other key");
}

#[tokio::test]
async fn live_events_follow_the_run() {
    use jobhunter_engine::EngineEvent;
    let mut reg = Registry::new();
    reg.add_flow(&fan_out_flow());
    let t = open(reg).await;
    let mut events = t.engine.subscribe();
    let out =
        t.engine.run_flow_json("fan_out", json!({"values": [1, 2], "threshold": 100}), opts()).await.unwrap();
    let mut seen = Vec::new();
    while let Ok(ev) = events.try_recv() {
        seen.push(ev);
    }
    let states: Vec<_> = seen
        .iter()
        .filter_map(|e| match e {
            EngineEvent::FlowRunState { flow_run_id, state, .. } if *flow_run_id == out.flow_run_id => {
                Some(state.name.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(states, ["Running", "Completed"]);
    let started = seen.iter().filter(|e| matches!(e, EngineEvent::TaskRunStarted { .. })).count();
    let finished = seen
        .iter()
        .filter(|e| matches!(e, EngineEvent::TaskRunFinished { status: TaskRunStatus::Success, .. }))
        .count();
    assert_eq!((started, finished), (2, 2));
}
