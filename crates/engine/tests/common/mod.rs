//! Shared fixtures of the engine tests: a real SQLite file in a temp dir and a few test
//! operations whose behaviour the tests control.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{
    Engine, ManualClock, OpError, Operation, Registry, StateType, TaskRunFilter, TaskRunRecord,
};
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

pub struct TestEngine {
    pub engine: Engine,
    pub dir: TempDir,
}

pub async fn open(registry: Registry) -> TestEngine {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(registry).open().await.unwrap();
    TestEngine { engine, dir }
}

pub async fn open_with_clock(registry: Registry, clock: Arc<ManualClock>) -> TestEngine {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(registry).clock(clock).open().await.unwrap();
    TestEngine { engine, dir }
}

/// Captured run logs need a subscriber with the capture layer; one per test binary.
pub fn init_log_capture() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use tracing_subscriber::layer::SubscriberExt;
        let subscriber = tracing_subscriber::registry().with(jobhunter_engine::log_capture_layer());
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

pub async fn all_task_runs(engine: &Engine) -> Vec<TaskRunRecord> {
    let filter = TaskRunFilter { limit: 10_000, ..Default::default() };
    let mut runs = engine.store().list_task_runs(&filter).await.unwrap();
    runs.reverse();
    runs
}

/// The ids of the TaskRuns where `condition` holds, newest recorded first: a plain scan, the
/// answer the audit's lists are compared with.
pub async fn scan(engine: &Engine, condition: &str) -> Vec<String> {
    sqlx::query_scalar(&format!("SELECT id FROM task_runs WHERE {condition} ORDER BY rowid DESC"))
        .fetch_all(engine.store().pool())
        .await
        .unwrap()
}

/// Every page of `filter`, `size` rows at a time by keyset.
pub async fn all_pages(engine: &Engine, filter: TaskRunFilter, size: u32) -> Vec<String> {
    let (mut ids, mut after) = (Vec::new(), None);
    loop {
        let page = TaskRunFilter { limit: size, after: after.clone(), ..filter.clone() };
        let rows = engine.store().list_task_runs(&page).await.unwrap();
        if rows.is_empty() {
            return ids;
        }
        after = rows.last().map(|r| r.id.clone());
        ids.extend(rows.into_iter().map(|r| r.id));
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Num {
    pub n: i64,
}

/// `double {n}` -> `{n: 2n}`.
pub fn double() -> Operation<Num, Num> {
    Operation::new("double", |_ctx, input: Num| async move { Ok(Num { n: input.n * 2 }) })
        .description("doubles n")
        .category("test")
        .tags(["math"])
}

/// Counts executions and doubles n.
pub fn counted_double(counter: Arc<AtomicUsize>) -> Operation<Num, Num> {
    Operation::new("counted_double", move |_ctx, input: Num| {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(Num { n: input.n * 2 })
        }
    })
}

/// Fails with `err` for the first `failures` executions, then returns n.
pub fn flaky(failures: usize, err: OpError, counter: Arc<AtomicUsize>) -> Operation<Num, Num> {
    Operation::new("flaky", move |_ctx, input: Num| {
        let counter = counter.clone();
        let err = err.clone();
        async move {
            let seen = counter.fetch_add(1, Ordering::SeqCst);
            if seen < failures {
                Err(err)
            } else {
                Ok(input)
            }
        }
    })
}

/// Sleeps `n` milliseconds; raises `dropped` when its future is dropped before finishing.
pub fn sleeper(started: Arc<AtomicUsize>, dropped: Arc<AtomicUsize>) -> Operation<Num, Num> {
    Operation::new("sleeper", move |_ctx, input: Num| {
        let started = started.clone();
        let dropped = dropped.clone();
        async move {
            started.fetch_add(1, Ordering::SeqCst);
            let guard = DropFlag(dropped);
            tokio::time::sleep(Duration::from_millis(input.n as u64)).await;
            std::mem::forget(guard);
            Ok(input)
        }
    })
    .tags(["slow"])
}

struct DropFlag(Arc<AtomicUsize>);
impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

pub fn counter() -> Arc<AtomicUsize> {
    Arc::new(AtomicUsize::new(0))
}

pub fn get(c: &AtomicUsize) -> usize {
    c.load(Ordering::SeqCst)
}

/// Waits (at most about 5 s) until flow run `id` has ended; returns its state.
pub async fn wait_terminal(engine: &Engine, id: &str) -> StateType {
    for _ in 0..500 {
        let run = engine.store().get_flow_run(id).await.unwrap();
        if run.state_type.is_terminal() {
            return run.state_type;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("flow run {id} did not end");
}
