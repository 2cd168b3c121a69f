//! `jobhunter taskruns list | show | replay | stats`.

use jobhunter_api::ErrorCode;
use std::process::ExitCode;

use jobhunter_engine::{CallStatsFilter, Engine, StatsGroupBy, TaskRunFilter, TaskRunStatus};

use super::ops::report_call;
use super::{parse_object, parse_time, ACTOR};
use crate::args::TaskrunsCommand;
use crate::output::{ms, opt, out, print_json, print_table, time, CliError, CliResult};

pub async fn run(engine: &Engine, cmd: TaskrunsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        TaskrunsCommand::List { flow_run, status, operation, since, until, page, after } => {
            let status = status
                .map(|s| {
                    TaskRunStatus::parse(&s).ok_or_else(|| {
                        let all: Vec<_> = TaskRunStatus::ALL.iter().map(|s| s.as_str()).collect();
                        CliError::new(format!("--status: unknown status '{s}' (one of {})", all.join(", ")))
                    })
                })
                .transpose()?;
            let filter = TaskRunFilter {
                flow_run_id: flow_run,
                status,
                operation,
                since: since.map(|s| parse_time("--since", &s)).transpose()?,
                until: until.map(|s| parse_time("--until", &s)).transpose()?,
                limit: page.limit,
                offset: page.offset,
                after,
                before: None,
            };
            let runs = engine.store().list_task_runs(&filter).await?;
            if json {
                print_json(&runs)?;
            } else {
                let rows = runs
                    .iter()
                    .map(|t| {
                        vec![
                            t.id.clone(),
                            t.operation_name.clone(),
                            t.status.to_string(),
                            t.attempt.to_string(),
                            time(&t.started_at),
                            ms(t.duration_ms),
                            if t.orchestrated { opt(&t.flow_run_id) } else { "(direct)".into() },
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(
                    &["ID", "OPERATION", "STATUS", "ATTEMPT", "STARTED (UTC)", "DURATION", "FLOW RUN"],
                    &rows,
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TaskrunsCommand::Show { id } => {
            let run = engine.store().get_task_run(&id).await?;
            if json {
                print_json(&run)?;
            } else {
                let text = serde_json::to_string_pretty(&run)
                    .map_err(|e| CliError::coded(ErrorCode::Internal, e.to_string()))?;
                out(text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TaskrunsCommand::Replay { id, input } => {
            let input = input.map(|i| parse_object("--input", &i)).transpose()?;
            let outcome = engine.replay(&id, input, ACTOR).await?;
            report_call(&outcome, json)
        }
        TaskrunsCommand::Stats { by, orchestrated, since } => {
            let by = StatsGroupBy::parse(by.trim()).ok_or_else(|| {
                CliError::new(format!("--by: unknown grouping '{by}' (operation or actor)"))
            })?;
            let filter = CallStatsFilter {
                by,
                orchestrated,
                since: since.map(|s| parse_time("--since", &s)).transpose()?,
                ..Default::default()
            };
            let stats = engine.store().call_stats(&filter).await?;
            if json {
                print_json(&stats)?;
            } else {
                let rows = stats
                    .iter()
                    .map(|s| {
                        vec![
                            s.group.clone(),
                            s.calls.to_string(),
                            s.attempts.to_string(),
                            s.successes.to_string(),
                            s.failures.to_string(),
                            format!("{:.1}%", s.success_rate * 100.0),
                            s.avg_duration_ms.map(|v| format!("{v:.1}ms")).unwrap_or_else(|| "-".into()),
                            ms(s.p95_duration_ms),
                            ms(Some(s.total_duration_ms)),
                        ]
                    })
                    .collect::<Vec<_>>();
                let group = if by == StatsGroupBy::Actor { "ACTOR" } else { "OPERATION" };
                print_table(
                    &[group, "CALLS", "ATTEMPTS", "OK", "FAILED", "SUCCESS", "AVG", "P95", "TOTAL"],
                    &rows,
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
