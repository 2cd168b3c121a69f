//! `jobhunter flows list | show | run`. A flow's settings (retries, time limit, tags) are
//! listed with it: they decide what a failed or slow run does.

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
                    .map(|f| {
                        vec![
                            f.name.clone(),
                            f.retries.to_string(),
                            time_limit(f.timeout_secs),
                            tags_cell(&f.tags),
                            f.description.clone(),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["NAME", "RETRIES", "TIMEOUT", "TAGS", "DESCRIPTION"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        FlowsCommand::Show { name } => {
            let flow =
                engine.registry().flows().into_iter().find(|f| f.name == name).ok_or_else(|| {
                    CliError::from(jobhunter_engine::EngineError::UnknownFlow(name.clone()))
                })?;
            if json {
                print_json(&flow)?;
            } else {
                out(format_args!("flow {}", flow.name))?;
                out(format_args!("description: {}", flow.description))?;
                out(format_args!("retries: {}", flow.retries))?;
                out(format_args!("timeout: {}", time_limit(flow.timeout_secs)))?;
                out(format_args!("tags: {}", tags_cell(&flow.tags)))?;
                let schema = serde_json::to_string_pretty(&flow.parameters_schema).unwrap_or_default();
                out(format_args!("parameters schema: {schema}"))?;
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

/// A flow's time limit: `1h`, or `-` when it has none.
fn time_limit(secs: Option<f64>) -> String {
    secs.map(|s| jobhunter_engine::schedule::format_duration(std::time::Duration::from_secs_f64(s)))
        .unwrap_or_else(|| "-".into())
}

/// Tags as one cell: `production,scheduled`, or `-`.
pub fn tags_cell(tags: &[String]) -> String {
    if tags.is_empty() {
        "-".into()
    } else {
        tags.join(",")
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
