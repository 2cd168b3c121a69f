//! Engine overhead with durable TaskRun writes (every task's final row is committed before its
//! flow sees the result):
//!   1. 1,000 sequential trivial orchestrated tasks -> per-task overhead (µs)
//!   2. 10,000 fanned-out trivial tasks -> tasks per second
//!   3. `taskruns list --flow-run` (TaskRunFilter by flow run, first page) on 1,000,000 rows
//!   4. SQLite's floor for a task's durable work, in the same run and through the same SQLite
//!      build (`support/floor.rs`): two committed writes per task, rows of the same size. Its
//!      rounds alternate with the sequential rounds, so both see the same machine load.
//!
//! Run: `cargo bench -p jobhunter-engine --bench overhead`. Ends with `name=value` lines:
//! `per_task_overhead_us`, `fanout_tasks_per_s`, `query_1m_ms`, `sqlite_floor_us`,
//! `per_task_vs_floor` (per task / floor; target <= 1.5) and `fanout_vs_commit_rate` (fan-out
//! rate / the one-commit-per-task rate 1e6 / floor, each fan-out round against a floor round
//! run just before it, median of 5; target >= 4, from group commit), and
//! `sqlite_group_commit_tasks_per_s` (SQLite alone, the same two statements per task committed
//! 512 tasks at a time: the ceiling group commit approaches) with its ratio to the same rate.

#[path = "support/floor.rs"]
mod floor;

/// The allocator the app and the CLI use (their `main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use floor::Checkpoints;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

use std::time::{Duration, Instant};

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{
    Engine, Flow, FlowContext, Operation, Registry, RunOptions, StateType, Task, TaskRunFilter,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
struct N {
    n: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
struct Count {
    tasks: u64,
}

fn trivial() -> Operation<N, N> {
    Operation::new("trivial", |_ctx, input: N| async move { Ok(input) })
}

fn sequential_flow() -> Flow<Count, u64> {
    Flow::new("sequential", |ctx: FlowContext, p: Count| async move {
        let task = Task::new(&trivial());
        let mut sum = 0;
        for n in 0..p.tasks {
            sum += ctx.run(&task, N { n }).await?.n;
        }
        Ok(sum)
    })
}

fn fanout_flow() -> Flow<Count, u64> {
    Flow::new("fanout", |ctx: FlowContext, p: Count| async move {
        let task = Task::new(&trivial());
        let futures: Vec<_> = (0..p.tasks).map(|n| ctx.submit(&task, N { n })).collect();
        let mut sum = 0;
        for r in futures::future::join_all(futures).await {
            sum += r?.n;
        }
        Ok(sum)
    })
}

async fn run(engine: &Engine, flow: &Flow<Count, u64>, tasks: u64) -> Duration {
    let started = Instant::now();
    let out = engine.run_flow(flow, Count { tasks }, RunOptions::new("bench", "bench")).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    assert_eq!(out.result, Some(serde_json::json!((0..tasks).sum::<u64>())));
    elapsed
}

/// Fills the database with `rows` TaskRuns spread over flow runs of 100 tasks each.
async fn populate(engine: &Engine, rows: u64) -> Vec<String> {
    let pool = engine.store().pool();
    let flows = rows / 100;
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO flow_runs (id, flow_name, trigger, actor, parameters, state_type, state_name, created_at) \
         SELECT printf('bench-flow-%08d', i), 'bench', 'bench', 'bench', '{}', 'COMPLETED', 'Completed', \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds') FROM s",
    )
    .bind(flows as i64)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, duration_ms, actor, \
         orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, output, owner) \
         SELECT printf('bench-task-%09d', i), 'op_' || (i % 7), 'op_' || (i % 7), \
         CASE WHEN i % 13 = 0 THEN 'failed' ELSE 'success' END, \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), i % 500, 'bench', 1, \
         printf('bench-flow-%08d', i / 100), printf('bench-call-%09d', i), 1, \
         '{\"n\":' || i || '}', hex(randomblob(16)), '{\"n\":' || i || '}', 'bench' FROM s",
    )
    .bind(rows as i64)
    .execute(pool)
    .await
    .unwrap();
    // What the audit writer does every few dozen TaskRuns it records itself.
    engine.store().sweep_audit_keys().await.unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    (0..flows).step_by((flows / 200).max(1) as usize).map(|i| format!("bench-flow-{i:08}")).collect()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut registry = Registry::new();
        registry.add_flow(&sequential_flow()).add_flow(&fanout_flow());
        let engine = Engine::builder(dir.path()).registry(registry).open().await.unwrap();

        let t0 = Instant::now();
        for _ in 0..2000 {
            engine.store().flush().await.unwrap();
        }
        println!("audit writer round trip without SQL: {:.1} µs", t0.elapsed().as_secs_f64() * 1e6 / 2000.0);
        let op = trivial();
        let t0 = Instant::now();
        for n in 0..1000 {
            Task::new(&op).call(&engine, N { n }).await.unwrap();
        }
        println!(
            "direct (not orchestrated) trivial task call: {:.1} µs",
            t0.elapsed().as_secs_f64() * 1e6 / 1000.0
        );
        // Warm up (connections, statement caches, allocator).
        run(&engine, &sequential_flow(), 200).await;
        // For `perf record`: only the sequential path (`OVERHEAD_PROFILE=<rounds>`), or only
        // fan-out (`OVERHEAD_PROFILE=fanout:<rounds>`).
        if let Ok(profile) = std::env::var("OVERHEAD_PROFILE") {
            let (flow, tasks, rounds) = match profile.strip_prefix("fanout:") {
                Some(r) => (fanout_flow(), 10_000, r.parse::<u32>().unwrap_or(1)),
                None => (sequential_flow(), 1_000, profile.parse::<u32>().unwrap_or(1)),
            };
            for _ in 0..rounds {
                let took = run(&engine, &flow, tasks).await;
                eprintln!("round {:.1} ms", took.as_secs_f64() * 1e3);
            }
            return;
        }
        run(&engine, &fanout_flow(), 1_000).await;

        let page_size: i64 =
            sqlx::query_scalar("PRAGMA page_size").fetch_one(engine.store().pool()).await.unwrap();
        let mut inline = floor::Floor::open(&dir.path().join("floor.db"), page_size, Checkpoints::Inline);
        let mut background =
            floor::Floor::open(&dir.path().join("floor-bg.db"), page_size, Checkpoints::Background);
        inline.run(200);
        background.run(200);
        let (mut per_task, mut floor_us, mut floor_bg_us) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..5 {
            floor_us.push(inline.run(1_000));
            floor_bg_us.push(background.run(1_000));
            per_task.push(run(&engine, &sequential_flow(), 1_000).await.as_secs_f64() * 1e6 / 1_000.0);
        }
        let per_task_us = median(&mut per_task);
        let sqlite_floor_us = median(&mut floor_us);
        let sqlite_floor_bg_us = median(&mut floor_bg_us);
        println!("sequential: 1,000 tasks, per task (median of 5): {per_task_us:.1} µs  all: {per_task:.1?}");
        println!("SQLite floor, {}, two committed writes per task (median of 5):", inline.settings());
        println!(
            "  checkpoints inside commits (SQLite's default): {sqlite_floor_us:.1} µs  all: {floor_us:.1?}"
        );
        println!(
            "  checkpoints on a thread (as the engine): {sqlite_floor_bg_us:.1} µs  all: {floor_bg_us:.1?}"
        );
        // SQLite's own rate when tasks share commits (what group commit can reach at most
        // here, with nothing but the two statements per task), batches of 64 and 512.
        let grouped: Vec<f64> = [64, 512].iter().map(|&b| inline.run_grouped(10_000, b)).collect();
        println!(
            "SQLite group-committed tasks, batches of 64 / 512: {:.0} / {:.0} tasks/s",
            grouped[0], grouped[1]
        );
        drop(background);

        // Fan-out rounds alternate with floor rounds too: each round's rate is set against the
        // one-commit rate measured beside it, so a slow spell of the machine slows both.
        let (mut fanout, mut fanout_vs_floor) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            let floor_us = inline.run(1_000);
            let rate = 10_000.0 / run(&engine, &fanout_flow(), 10_000).await.as_secs_f64();
            fanout.push(rate);
            fanout_vs_floor.push(rate / (1e6 / floor_us));
        }
        drop(inline);
        let tasks_per_s = median(&mut fanout);
        let fanout_vs_commit_rate = median(&mut fanout_vs_floor);
        println!("fan-out: 10,000 tasks, tasks/s (median of 5): {tasks_per_s:.0}  all: {fanout:.0?}");
        println!(
            "  each against the floor round beside it (median of 5): {fanout_vs_commit_rate:.2}  all: {fanout_vs_floor:.2?}"
        );
        engine.close().await.unwrap();
        drop(engine);

        let qdir = tempfile::tempdir().unwrap();
        let engine = Engine::builder(qdir.path()).open().await.unwrap();
        let fill = Instant::now();
        let sample = populate(&engine, 1_000_000).await;
        println!("populated 1,000,000 TaskRuns in {:.1} s", fill.elapsed().as_secs_f64());
        let mut latencies = Vec::new();
        for (i, flow_run_id) in sample.iter().cycle().take(400).enumerate() {
            let filter =
                TaskRunFilter { flow_run_id: Some(flow_run_id.clone()), limit: 50, ..Default::default() };
            let started = Instant::now();
            let rows = engine.store().list_task_runs(&filter).await.unwrap();
            let elapsed = started.elapsed().as_secs_f64() * 1e3;
            assert_eq!(rows.len(), 50);
            if i >= 20 {
                latencies.push(elapsed);
            }
        }
        latencies.sort_by(f64::total_cmp);
        let median = latencies[latencies.len() / 2];
        let p99 = latencies[latencies.len() * 99 / 100];
        println!(
            "query by flow run on 1M TaskRuns (first page of 50): median {median:.3} ms, p99 {p99:.3} ms"
        );

        println!("per_task_overhead_us={per_task_us:.1}");
        println!("fanout_tasks_per_s={tasks_per_s:.0}");
        println!("query_1m_ms={median:.3}");
        println!("sqlite_floor_us={sqlite_floor_us:.1}");
        println!("per_task_vs_floor={:.2}", per_task_us / sqlite_floor_us);
        println!("sqlite_floor_bg_checkpoint_us={sqlite_floor_bg_us:.1}");
        println!("per_task_vs_floor_bg_checkpoint={:.2}", per_task_us / sqlite_floor_bg_us);
        println!("fanout_vs_commit_rate={fanout_vs_commit_rate:.1}");
        println!("sqlite_group_commit_tasks_per_s={:.0}", grouped[1]);
        println!("sqlite_group_commit_vs_commit_rate={:.1}", grouped[1] / (1e6 / sqlite_floor_us));
    });
}
