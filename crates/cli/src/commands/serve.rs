//! `jobhunter serve`: the scheduler (and the notification rules) headless, until SIGINT or
//! SIGTERM. On the signal no new run is created or started; runs in progress get `--grace` to
//! finish and are then cancelled (they end Cancelled, with their TaskRuns finalised), so
//! nothing is left Running.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use jobhunter_engine::schedule::{parse_duration, Scheduler};
use jobhunter_engine::Engine;
use serde_json::json;
use tokio::signal::unix::{signal, SignalKind};

use super::deployments::flag_err;
use crate::output::{out, print_json, CliError, CliResult};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// How long runs in progress may take to finish after SIGINT/SIGTERM before they are
    /// cancelled.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub grace: String,
}

pub async fn run(engine: &Engine, args: ServeArgs, json: bool) -> CliResult<ExitCode> {
    let grace = parse_duration(&args.grace).map_err(flag_err("--grace"))?;
    let mut term =
        signal(SignalKind::terminate()).map_err(|e| CliError::new(format!("cannot handle SIGTERM: {e}")))?;
    let mut int =
        signal(SignalKind::interrupt()).map_err(|e| CliError::new(format!("cannot handle SIGINT: {e}")))?;
    let deployments = engine.deployments().await?;
    let active = deployments.iter().filter(|d| !d.paused).count();
    let rules = jobhunter_ops::notify::start_rules(engine, jobhunter_ops::notify::NotifyDeps::default());
    let scheduler = Scheduler::spawn(engine);
    tracing::info!(deployments = active, "serving; stop with SIGINT or SIGTERM");
    if !json {
        out(format_args!(
            "serving {active} active deployment(s) (of {}) from {}; stop with Ctrl-C",
            deployments.len(),
            engine.data_dir().display()
        ))?;
    }
    let received = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    tracing::info!(signal = received, "stopping");
    scheduler.shutdown().await?;

    // Runs in progress: let them finish within the grace period, then cancel them.
    let deadline = Instant::now() + grace;
    while !engine.active_flow_runs().is_empty() && Instant::now() < deadline {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(50)) => {}
            _ = term.recv() => break,
            _ = int.recv() => break,
        }
    }
    let cancelled = engine.active_flow_runs();
    for id in &cancelled {
        tracing::warn!(flow_run_id = %id, "cancelling a run still in progress at shutdown");
        engine.cancel_flow_run(id).await?;
    }
    let stop_deadline = Instant::now() + Duration::from_secs(30);
    while !engine.active_flow_runs().is_empty() && Instant::now() < stop_deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    rules.stop().await;
    if json {
        print_json(&json!({ "stopped": true, "signal": received, "cancelled": cancelled }))?;
    } else {
        out(format_args!("stopped on {received}; {} run(s) cancelled", cancelled.len()))?;
    }
    Ok(ExitCode::SUCCESS)
}
