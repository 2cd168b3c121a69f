//! `jobhunter flows list | run`.

use jobhunter_api::ErrorCode;
use std::process::ExitCode;

use jobhunter_engine::{Engine, FlowRunOutcome, RunOptions, StateType};
use serde_json::json;

use super::{parse_object, ACTOR};
use crate::args::FlowsCommand;
use crate::output::{out, print_json, print_table, CliError, CliResult};

pub async fn run(engine: &Engine, cmd: FlowsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        FlowsCommand::List => {
            let flows = engine.registry().flows();
            if json {
                print_json(&flows)?;
            } else {
                let rows = flows
                    .iter()
                    .map(|f| vec![f.name.clone(), f.retries.to_string(), f.description.clone()])
                    .collect::<Vec<_>>();
                print_table(&["NAME", "RETRIES", "DESCRIPTION"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        FlowsCommand::Run { name, params } => {
            let params = parse_object("--params", &params)?;
            let outcome = engine.run_flow_json(&name, params, RunOptions::new("cli", ACTOR)).await?;
            deliver_rule_notifications(engine, &outcome.flow_run_id).await;
            report_flow_run(&outcome, None, json)
        }
    }
}

/// Prints `{flow_run_id, state, result}` and maps the state to the exit code.
pub fn report_flow_run(
    outcome: &FlowRunOutcome,
    restarted_from: Option<&str>,
    json: bool,
) -> CliResult<ExitCode> {
    if json {
        let mut doc = json!({
            "flow_run_id": outcome.flow_run_id,
            "state": outcome.state.name,
            "state_type": outcome.state.kind,
            "result": outcome.result,
            "error": outcome.error,
        });
        if let Some(from) = restarted_from {
            doc["restarted_from"] = json!(from);
        }
        print_json(&doc)?;
    } else {
        out(format_args!("flow run {}  {}", outcome.flow_run_id, outcome.state.name))?;
        if let Some(result) = &outcome.result {
            out(serde_json::to_string_pretty(result).unwrap_or_default())?;
        }
    }
    if outcome.state.kind == StateType::Completed {
        return Ok(ExitCode::SUCCESS);
    }
    Err(CliError::coded(
        ErrorCode::OperationFailed,
        format!(
            "flow run {} ended {}: {}",
            outcome.flow_run_id,
            outcome.state.name,
            outcome.error.as_deref().unwrap_or("no error message")
        ),
    ))
}

/// Applies the notification rules to a run this process executed, before it exits (no rules
/// loop runs in the CLI): `flows run`, `runs restart`. A failing channel is recorded, never
/// an error of the command.
pub async fn deliver_rule_notifications(engine: &Engine, flow_run_id: &str) {
    let notifier = jobhunter_ops::notify::Notifier::for_engine(engine);
    if let Err(e) = notifier.on_flow_run_finished(flow_run_id).await {
        tracing::warn!(flow_run_id, error = %e, "could not apply the notification rules");
    }
}
