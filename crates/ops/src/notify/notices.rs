//! The notices the rules send: a finished flow run, a streak of failures, high-match jobs.
//!
//! Why a module of its own: composing what a notification says (title, message, level, the
//! page it opens) is pure and independent of how it is delivered and recorded (`delivery`).

use jobhunter_engine::{FlowRunRecord, StateType};

use super::message::route;
use super::{HighMatch, Level, Notice};

pub(super) fn run_notice(run: &FlowRunRecord) -> Notice {
    let (title, level, message) = match run.state_type {
        StateType::Completed => (
            format!("{} completed", run.flow_name),
            Level::Success,
            format!("The flow run completed{}.", took(run)),
        ),
        StateType::Crashed => (
            format!("{} crashed", run.flow_name),
            Level::Error,
            format!(
                "The process running it stopped while it ran{}. It can be restarted from failure.",
                run.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
            ),
        ),
        _ => {
            let what = if run.state_name == "TimedOut" { "timed out" } else { "failed" };
            let retries =
                if run.run_count > 1 { format!(" after {} attempts", run.run_count) } else { String::new() };
            (
                format!("{} {what}", run.flow_name),
                Level::Error,
                format!(
                    "The flow run {what}{retries}: {}",
                    run.error.as_deref().unwrap_or("no error message")
                ),
            )
        }
    };
    let route = match run.state_type {
        StateType::Completed if is_hunt(&run.flow_name) => route::hunt_jobs(&run.id),
        _ => route::run(&run.id),
    };
    Notice {
        flow_run_id: Some(run.id.clone()),
        flow_name: Some(run.flow_name.clone()),
        deployment_id: run.deployment_id.clone(),
        route: Some(route),
        ..Notice::new(title, message, level, run.state_type.as_str())
    }
}

pub(super) fn streak_notice(run: &FlowRunRecord, n: u32) -> Notice {
    let whose = match &run.deployment_id {
        Some(d) => format!("deployment {d}"),
        None => format!("flow {}", run.flow_name),
    };
    let message = format!(
        "The last {n} runs of {whose} failed. Latest error: {}",
        run.error.as_deref().unwrap_or("no error message")
    );
    Notice {
        flow_run_id: Some(run.id.clone()),
        flow_name: Some(run.flow_name.clone()),
        deployment_id: run.deployment_id.clone(),
        route: Some(route::run(&run.id)),
        ..Notice::new(
            format!("{}: {n} failures in a row", run.flow_name),
            message,
            Level::Error,
            "consecutive_failures",
        )
    }
}

/// Whether `flow` is a job hunt: its runs' results are the jobs it found.
pub(crate) fn is_hunt(flow: &str) -> bool {
    matches!(flow, "daily_job_hunt" | "scrape_and_process")
}

/// The notice listing `jobs`: one job opens its page, several the jobs of the hunt
/// `flow_run_id` (or the jobs list).
pub(super) fn high_match_notice(jobs: &[HighMatch], flow_run_id: Option<&str>) -> Notice {
    let title = match jobs.len() {
        1 => format!("High match: {}", jobs[0].title),
        n => format!("{n} high-match jobs found"),
    };
    let lines: Vec<String> = jobs
        .iter()
        .map(|j| {
            let company = j.company.as_deref().map(|c| format!(" at {c}")).unwrap_or_default();
            let url = j.url.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            format!("- {}{company} ({:.0}% match){url}", j.title, j.score * 100.0)
        })
        .collect();
    let route = match (jobs, flow_run_id) {
        ([one], _) => route::job(&one.job_id),
        (_, Some(run)) => route::hunt_jobs(run),
        _ => "/jobs".to_owned(),
    };
    Notice::new(title, lines.join("\n"), Level::Info, "high_match").with_route(route)
}

fn took(run: &FlowRunRecord) -> String {
    match run.duration_ms {
        Some(ms) if ms >= 1000 => format!(" in {:.1}s", ms as f64 / 1000.0),
        Some(ms) => format!(" in {ms}ms"),
        None => String::new(),
    }
}
