//! `jobhunter runs list | show | cancel | restart`.

use jobhunter_api::ErrorCode;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jobhunter_engine::{CancelOutcome, Engine, FlowRunFilter, RunOptions, StateType};
use serde_json::json;

use super::flows::report_flow_run;
use super::ACTOR;
use crate::args::RunsCommand;
use crate::output::{ms, out, print_json, print_table, time, CliError, CliResult};

pub async fn run(engine: &Engine, cmd: RunsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        RunsCommand::List { flow, state, deployment, tag, page } => {
            let deployment_id = match deployment {
                Some(d) => Some(
                    engine.deployment(&d).await.map_err(|e| CliError::new(format!("--deployment: {e}")))?.id,
                ),
                None => None,
            };
            let state_type = state
                .map(|s| {
                    StateType::parse(&s).ok_or_else(|| {
                        CliError::new(format!(
                            "--state: unknown state '{s}' (scheduled, pending, running, paused, completed, failed, cancelled, crashed)"
                        ))
                    })
                })
                .transpose()?;
            let filter = FlowRunFilter {
                flow_name: flow,
                state_type,
                deployment_id,
                tag: tag.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
                limit: page.limit,
                offset: page.offset,
                ..Default::default()
            };
            let runs = engine.store().list_flow_runs(&filter).await?;
            if json {
                print_json(&runs)?;
            } else {
                let rows = runs
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.flow_name.clone(),
                            r.state_name.clone(),
                            time(&r.created_at),
                            ms(r.duration_ms),
                            r.trigger.clone(),
                            r.tags.join(","),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["ID", "FLOW", "STATE", "CREATED (UTC)", "DURATION", "TRIGGER", "TAGS"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RunsCommand::Show { id } => {
            let flow_run = engine.store().get_flow_run(&id).await?;
            let task_runs = engine.store().task_runs_of_flow_run(&id).await?;
            let logs = engine.store().logs(Some(&id), None, 0).await?;
            if json {
                print_json(&json!({ "flow_run": flow_run, "task_runs": task_runs, "logs": logs }))?;
            } else {
                out(format_args!(
                    "flow run {}  {}  ({})",
                    flow_run.id, flow_run.state_name, flow_run.flow_name
                ))?;
                out(format_args!("parameters: {}", flow_run.parameters))?;
                if !flow_run.tags.is_empty() {
                    out(format_args!("tags: {}", flow_run.tags.join(", ")))?;
                }
                if let Some(error) = &flow_run.error {
                    out(format_args!("error: {error}"))?;
                }
                let rows = task_runs
                    .iter()
                    .map(|t| {
                        vec![
                            t.id.clone(),
                            t.task_name.clone(),
                            t.attempt.to_string(),
                            t.status.to_string(),
                            ms(t.duration_ms),
                            t.error_message.clone().unwrap_or_default(),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["TASKRUN", "TASK", "ATTEMPT", "STATUS", "DURATION", "ERROR"], &rows)?;
                for line in logs {
                    out(format_args!("{} {:<5} {}", time(&line.ts), line.level, line.message))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        RunsCommand::Cancel { id, wait } => {
            let outcome = engine.cancel_flow_run(&id).await?;
            let deadline = Instant::now() + Duration::from_secs(wait);
            let mut run = engine.store().get_flow_run(&id).await?;
            while matches!(outcome, CancelOutcome::Requested | CancelOutcome::Cancelling)
                && !run.state_type.is_terminal()
                && Instant::now() < deadline
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
                run = engine.store().get_flow_run(&id).await?;
            }
            if json {
                print_json(&json!({ "flow_run_id": id, "outcome": outcome, "state": run.state_name }))?;
            } else {
                out(format_args!("flow run {id}  {}", run.state_name))?;
            }
            if outcome == CancelOutcome::AlreadyFinished {
                return Err(CliError::coded(
                    ErrorCode::Conflict,
                    format!("flow run {id} had already ended ({})", run.state_name),
                ));
            }
            if !run.state_type.is_terminal() {
                return Err(CliError::coded(
                    ErrorCode::TimedOut,
                    format!(
                        "flow run {id} was asked to cancel but is still {} after {wait}s",
                        run.state_name
                    ),
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        RunsCommand::Restart { id } => {
            let outcome = engine.restart_flow_run(&id, RunOptions::new("restart", ACTOR)).await?;
            super::flows::deliver_rule_notifications(engine, &outcome.flow_run_id).await;
            report_flow_run(&outcome, Some(&id), json)
        }
    }
}
