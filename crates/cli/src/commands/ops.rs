//! `jobhunter ops list | run`.

use std::process::ExitCode;

use jobhunter_engine::{CallOutcome, Engine};
use serde_json::json;

use super::{exit_code, parse_object, ACTOR};
use crate::args::OpsCommand;
use crate::output::{out, print_json, print_table, CliError, CliResult};

pub async fn run(engine: &Engine, cmd: OpsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        OpsCommand::List => {
            let ops = engine.registry().operations();
            if json {
                print_json(&ops)?;
            } else {
                let rows = ops
                    .iter()
                    .map(|o| {
                        vec![o.name.clone(), o.category.clone(), o.tags.join(","), o.description.clone()]
                    })
                    .collect::<Vec<_>>();
                print_table(&["NAME", "CATEGORY", "TAGS", "DESCRIPTION"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        OpsCommand::Run { name, input } => {
            let input = parse_object("--input", &input)?;
            let outcome = engine.run_operation(&name, input, ACTOR).await?;
            report_call(&outcome, json)
        }
    }
}

/// Prints `{taskrun_id, status, output}` (plus the error) and maps the status to the exit code.
pub fn report_call(outcome: &CallOutcome, json: bool) -> CliResult<ExitCode> {
    let error = outcome.error.as_ref();
    if json {
        print_json(&json!({
            "taskrun_id": outcome.taskrun_id,
            "status": outcome.status,
            "output": outcome.output,
            "attempts": outcome.attempts,
            "error": error.map(|e| json!({"kind": e.kind, "message": e.message})),
        }))?;
    } else {
        out(format_args!("taskrun {}  {}", outcome.taskrun_id, outcome.status))?;
        if let Some(output) = &outcome.output {
            out(serde_json::to_string_pretty(output).unwrap_or_default())?;
        }
    }
    match error {
        None => Ok(exit_code(true)),
        Some(e) => {
            Err(CliError::coded(e.kind.into(), format!("{} ({}): {}", outcome.status, e.kind, e.message)))
        }
    }
}
