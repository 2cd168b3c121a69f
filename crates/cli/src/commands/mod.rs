//! One module per command group; each takes the opened engine and the parsed arguments.

mod flows;
mod ops;
mod runs;
mod taskruns;
// Notifications (channels, rules, the record).
pub mod channels;
pub mod rules;
// Deployments, schedules and the headless scheduler.
pub mod deployments;
pub mod schedule;
pub mod serve;
// The job hunt: profile, jobs, documents, applications.
pub mod applications;
pub mod backup;
pub mod documents;
pub mod jobs;
pub mod profile;
pub mod sources;

use std::process::ExitCode;

use jobhunter_api::Api;
use jobhunter_engine::{resolve_data_dir, Engine};
use serde_json::Value;

use crate::args::{Cli, Command};
use crate::output::{CliError, CliResult};

/// Who the CLI's runs are recorded as.
pub const ACTOR: &str = "cli";

pub async fn run(cli: Cli) -> CliResult<ExitCode> {
    let data_dir = resolve_data_dir(cli.data_dir.clone());
    let engine =
        Engine::builder(&data_dir).registry(jobhunter_flows::registry()).open().await.map_err(|e| {
            CliError::coded(e.code(), format!("cannot open the data dir {}: {e}", data_dir.display()))
        })?;
    let json = cli.json;
    let api = Api::new(engine.clone());
    let result = match cli.command {
        Command::Ops(cmd) => ops::run(&engine, cmd, json).await,
        Command::Flows(cmd) => flows::run(&engine, cmd, json).await,
        Command::Runs(cmd) => runs::run(&engine, cmd, json).await,
        Command::Taskruns(cmd) => taskruns::run(&engine, cmd, json).await,
        Command::Channels(cmd) => channels::run(&engine, cmd, json).await,
        Command::Rules(cmd) => rules::run(&engine, cmd, json).await,
        Command::Notifications(cmd) => rules::run_notifications(&engine, cmd, json).await,
        Command::Deployments(cmd) => deployments::run(&engine, cmd, json).await,
        Command::Schedule(cmd) => schedule::run(&engine, cmd, json).await,
        Command::Serve(args) => serve::run(&engine, args, json).await,
        Command::Profile(cmd) => profile::run(&engine, cmd, json).await,
        Command::Jobs(cmd) => jobs::run(&engine, cmd, json).await,
        Command::Applications(cmd) => applications::run(&api, cmd, json).await,
        Command::Documents(cmd) => documents::run(&api, cmd, json).await,
        Command::Sources(cmd) => sources::run(&engine, cmd, json).await,
        Command::Backup(args) => backup::backup(&api, args, json).await,
        Command::Restore(args) => backup::restore(&api, args, json).await,
    };
    engine.close().await?;
    result
}

/// Parses a `--input` / `--params` argument, naming the flag when it is not a JSON object.
pub fn parse_object(flag: &str, text: &str) -> CliResult<Value> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| CliError::new(format!("{flag}: not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(CliError::new(format!("{flag}: expected a JSON object like '{{\"key\": 1}}'")));
    }
    Ok(value)
}

pub fn parse_time(flag: &str, text: &str) -> CliResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| CliError::new(format!("{flag}: not an RFC 3339 time (e.g. 2026-11-26T09:00:00Z): {e}")))
}

/// Exit code of a finished run or call: 0 only on success.
pub fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
