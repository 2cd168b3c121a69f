//! Scheduler cost:
//!   1. fire-to-run-start latency: a 1 s interval deployment fires 10 times; for each run, the
//!      time from its slot (`expected_start_time`) to the run being recorded Running;
//!   2. idle CPU with 1,000 deployments scheduled (none due during the measurement): process
//!      CPU time (user + system, getrusage) over 5 s of idling, per second; printed beside
//!      the same process idling without the scheduler.
//!
//! Run: `cargo bench -p jobhunter-engine --bench scheduler`. Ends with two lines:
//! `fire_to_start_ms=N` (median; the max is printed above) and `idle_cpu_ms_per_s=N`.

use std::time::Duration;

use chrono::Utc;
use jobhunter_engine::schedule::{DeploymentSpec, Schedule, Scheduler};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Engine, Flow, FlowContext, Registry, StateType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
struct Empty {}

fn noop() -> Flow<Empty, u64> {
    Flow::new("noop", |_ctx: FlowContext, _p: Empty| async move { Ok(0) })
}

fn cpu_time() -> Duration {
    // SAFETY: getrusage fills the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv =
        |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

async fn open() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut registry = Registry::new();
    registry.add_flow(&noop());
    let engine = Engine::builder(dir.path()).registry(registry).open().await.unwrap();
    (engine, dir)
}

async fn fire_to_start() -> (f64, f64) {
    let (engine, _dir) = open().await;
    let every_second = Schedule::interval(Duration::from_secs(1), Utc::now(), "UTC").unwrap();
    let dep =
        engine.create_deployment(DeploymentSpec::new("fast", "noop", vec![every_second])).await.unwrap();
    let scheduler = Scheduler::spawn(&engine);
    let mut latencies = Vec::new();
    while latencies.len() < 10 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        latencies.clear();
        for run in engine.deployment_runs(&dep.id, 100).await.unwrap() {
            if run.run.state_type != StateType::Completed {
                continue;
            }
            let (Some(expected), Some(started)) = (run.expected_start_time, run.run.started_at) else {
                continue;
            };
            latencies.push((started - expected).num_microseconds().unwrap() as f64 / 1000.0);
        }
    }
    scheduler.shutdown().await.unwrap();
    engine.close().await.unwrap();
    latencies.sort_by(f64::total_cmp);
    (latencies[latencies.len() / 2], latencies[latencies.len() - 1])
}

async fn idle_cpu() -> (f64, f64) {
    let (engine, _dir) = open().await;
    let now = Utc::now();
    for i in 0..1000 {
        // Daily, at times spread over the day but none in the next hour.
        let anchor = now + chrono::Duration::minutes(60 + i as i64);
        let daily = Schedule::interval(Duration::from_secs(86_400), anchor, "Europe/Berlin").unwrap();
        engine
            .create_deployment(DeploymentSpec::new(&format!("d{i:04}"), "noop", vec![daily]))
            .await
            .unwrap();
    }
    // Baseline: the same process and engine, no scheduler.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = cpu_time();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let baseline = cpu_time() - before;

    let scheduler = Scheduler::spawn(&engine);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = cpu_time();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let used = cpu_time() - before;
    scheduler.shutdown().await.unwrap();
    engine.close().await.unwrap();
    (baseline.as_secs_f64() * 1000.0 / 5.0, used.as_secs_f64() * 1000.0 / 5.0)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (median, max) = rt.block_on(fire_to_start());
    println!("fire-to-start over 10 runs: median {median:.2} ms, max {max:.2} ms");
    let (baseline, idle) = rt.block_on(idle_cpu());
    println!(
        "idle with 1,000 deployments: {idle:.3} ms CPU per second (engine without scheduler: {baseline:.3})"
    );
    println!("fire_to_start_ms={median:.2}");
    println!("idle_cpu_ms_per_s={idle:.3}");
}
