//! `jobhunter serve`: the scheduler (and the notification rules) headless, until SIGINT or
//! SIGTERM. On the signal no new run is created or started; runs in progress get `--grace` to
//! finish and are then cancelled (they end Cancelled, with their TaskRuns finalised), so
//! nothing is left Running.

use jobhunter_api::ErrorCode;
use std::process::ExitCode;

use clap::Args;
use jobhunter_api::services::Services;
use jobhunter_engine::schedule::parse_duration;
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
    let mut term = signal(SignalKind::terminate())
        .map_err(|e| CliError::coded(ErrorCode::Io, format!("cannot handle SIGTERM: {e}")))?;
    let mut int = signal(SignalKind::interrupt())
        .map_err(|e| CliError::coded(ErrorCode::Io, format!("cannot handle SIGINT: {e}")))?;
    let deployments = engine.deployments().await?;
    let active = deployments.iter().filter(|d| !d.paused).count();
    let services = Services::start(engine, jobhunter_ops::notify::NotifyDeps::default());
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
    // Runs in progress: let them finish within the grace period (a second signal cuts it
    // short), then cancel them.
    let second_signal = async {
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
    };
    let cancelled = services.stop(engine, grace, second_signal).await?;
    if json {
        print_json(&json!({ "stopped": true, "signal": received, "cancelled": cancelled }))?;
    } else {
        out(format_args!("stopped on {received}; {} run(s) cancelled", cancelled.len()))?;
    }
    Ok(ExitCode::SUCCESS)
}
