//! `jobhunter deployments create | list | show | edit | pause | resume | delete | run`.

use jobhunter_api::ErrorCode;
use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::{Args, Subcommand};
use jobhunter_engine::schedule::{
    check_interval, check_tags, format_duration, parse_duration, CatchupPolicy, Deployment, DeploymentSpec,
    DeploymentUpdate, OverlapPolicy, Schedule,
};
use jobhunter_engine::{Engine, EngineError, RunOptions};
use serde_json::{json, Value};

use super::flows::report_flow_run;
use super::{parse_object, parse_time, ACTOR};
use crate::output::{out, print_json, print_table, time, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum DeploymentsCommand {
    /// Create a deployment: a flow with parameters on a cron or interval schedule.
    Create {
        /// The flow to run (see `flows list`).
        #[arg(long)]
        flow: String,
        /// A unique name for the deployment.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        schedule: ScheduleArgs,
        /// Parameters as a JSON object, checked against the flow's parameter schema.
        #[arg(long, default_value = "{}")]
        params: String,
        #[command(flatten)]
        policies: PolicyArgs,
        /// Create it paused.
        #[arg(long)]
        paused: bool,
        /// A tag its runs carry (repeat for more), e.g. --tag scheduled --tag production.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// List deployments with their schedule and next run.
    List,
    /// A deployment with its next runs and its recent runs.
    Show {
        /// Deployment id or name.
        id: String,
        /// How many recent runs to show.
        #[arg(long, default_value_t = 20)]
        runs: u32,
    },
    /// Change a deployment's schedule, parameters or policies.
    Edit {
        /// Deployment id or name.
        id: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        schedule: OptionalScheduleArgs,
        /// New parameters (a JSON object).
        #[arg(long)]
        params: Option<String>,
        /// skip, latest_once or all.
        #[arg(long, value_name = "POLICY")]
        catchup: Option<String>,
        /// Missed runs older than this are not made up (e.g. 24h).
        #[arg(long, value_name = "DURATION")]
        catchup_window: Option<String>,
        /// skip, queue_one, allow or cancel_previous.
        #[arg(long, value_name = "POLICY")]
        overlap: Option<String>,
        /// Replace the tags with these (repeat for more); runs created from now on carry them.
        #[arg(long = "tag", value_name = "TAG", conflicts_with = "no_tags")]
        tags: Vec<String>,
        /// Remove every tag.
        #[arg(long)]
        no_tags: bool,
    },
    /// Stop scheduling a deployment (runs in progress go on).
    Pause { id: String },
    /// Schedule a paused deployment again, from now on.
    Resume { id: String },
    /// Delete a deployment (its past runs stay).
    Delete { id: String },
    /// Run a deployment now and wait for the end.
    Run { id: String },
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// A cron expression: 5 fields, or 6 with leading seconds (e.g. "0 9 * * 1-5").
    #[arg(long, value_name = "EXPR", required_unless_present = "interval", conflicts_with = "interval")]
    pub cron: Option<String>,
    /// An interval like 90s, 15m, 6h, 1d.
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,
    /// IANA time zone of the schedule (default: $TZ when set, else UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// For --interval: the instant the intervals count from (RFC 3339; default now).
    #[arg(long, value_name = "RFC3339")]
    pub anchor: Option<String>,
}

#[derive(Debug, Args)]
pub struct OptionalScheduleArgs {
    /// A new cron schedule (replaces the current schedules).
    #[arg(long, value_name = "EXPR", conflicts_with = "interval")]
    pub cron: Option<String>,
    /// A new interval schedule (replaces the current schedules).
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,
    /// Time zone of the new schedule.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// For --interval: the instant the intervals count from (RFC 3339; default now).
    #[arg(long, value_name = "RFC3339")]
    pub anchor: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// What to do with runs missed while nothing was running: skip, latest_once or all.
    #[arg(long, value_name = "POLICY", default_value = "latest_once")]
    pub catchup: String,
    /// Missed runs older than this are not made up, only recorded as Skipped.
    #[arg(long, value_name = "DURATION", default_value = "24h")]
    pub catchup_window: String,
    /// When the previous run is still going: skip, queue_one, allow or cancel_previous.
    #[arg(long, value_name = "POLICY", default_value = "skip")]
    pub overlap: String,
}

/// The zone used when `--tz` is not given: `$TZ` when it names a zone, else UTC.
pub fn default_tz() -> String {
    std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').to_owned())
        .filter(|tz| jobhunter_engine::schedule::parse_timezone(tz).is_ok())
        .unwrap_or_else(|| "UTC".into())
}

/// Prefixes an engine validation error with the flag it came from.
pub fn flag_err(flag: &str) -> impl Fn(EngineError) -> CliError + '_ {
    move |e| CliError::new(format!("{flag}: {e}"))
}

/// Builds the schedule of `--cron` / `--interval` with `--tz` and `--anchor`.
pub fn build_schedule(
    cron: Option<&str>,
    interval: Option<&str>,
    tz: Option<&str>,
    anchor: Option<&str>,
    default_anchor: DateTime<Utc>,
) -> CliResult<Option<Schedule>> {
    let tz = tz.map(str::to_owned).unwrap_or_else(default_tz);
    jobhunter_engine::schedule::parse_timezone(&tz).map_err(flag_err("--tz"))?;
    if let Some(expr) = cron {
        if anchor.is_some() {
            return Err(CliError::new("--anchor: only applies to --interval"));
        }
        return Ok(Some(Schedule::cron(expr, &tz).map_err(flag_err("--cron"))?));
    }
    if let Some(every) = interval {
        let every = parse_duration(every).map_err(flag_err("--interval"))?;
        if every.is_zero() {
            return Err(CliError::new("--interval: must be at least 1s"));
        }
        check_interval(every).map_err(flag_err("--interval"))?;
        let anchor = anchor.map(|a| parse_time("--anchor", a)).transpose()?.unwrap_or(default_anchor);
        return Ok(Some(Schedule::interval(every, anchor, &tz).map_err(flag_err("--interval"))?));
    }
    Ok(None)
}

fn catchup(text: &str) -> CliResult<CatchupPolicy> {
    CatchupPolicy::parse(text).map_err(flag_err("--catchup"))
}

fn overlap(text: &str) -> CliResult<OverlapPolicy> {
    OverlapPolicy::parse(text).map_err(flag_err("--overlap"))
}

fn window(text: &str) -> CliResult<std::time::Duration> {
    parse_duration(text).map_err(flag_err("--catchup-window"))
}

/// Checks `--params` against the flow's parameter type, naming the flag.
fn check_params(engine: &Engine, flow: &str, params: &Value) -> CliResult<()> {
    Ok(jobhunter_api::schedules::check_parameters(engine, flow, params, ("--flow", "--params"))?)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A deployment's next runs, or (a row stored with a schedule today's checks refuse, e.g. by an
/// older build) none and the reason: one bad row must not break `list` or `show`.
fn next_runs(d: &Deployment, now: DateTime<Utc>, count: usize) -> (Vec<DateTime<Utc>>, Option<String>) {
    match d.next_runs(now, count) {
        Ok(times) => (times, None),
        Err(e) => (Vec::new(), Some(format!("bad schedule, not scheduled: {e}"))),
    }
}

/// The "next run" cell: the time, `-`, or why there is none.
fn next_cell(d: &Deployment, now: DateTime<Utc>) -> String {
    match next_runs(d, now, 1) {
        (_, Some(error)) => error,
        (times, None) => times.first().map(time).unwrap_or_else(|| "-".into()),
    }
}

/// A deployment as printed: every stored field, plus its schedules described and next runs
/// (and `schedule_error` when its schedule is refused).
fn view(d: &Deployment, now: DateTime<Utc>, next: usize) -> CliResult<Value> {
    let mut v = serde_json::to_value(d)
        .map_err(|e| CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}")))?;
    let (times, error) = next_runs(d, now, next);
    v["next_runs"] = json!(times.into_iter().map(rfc3339).collect::<Vec<_>>());
    v["schedule"] = json!(d.schedules.iter().map(Schedule::describe).collect::<Vec<_>>().join("; "));
    if let Some(error) = error {
        v["schedule_error"] = json!(error);
    }
    Ok(v)
}

fn print_one(d: &Deployment, now: DateTime<Utc>, json: bool, verb: &str) -> CliResult<()> {
    if json {
        return print_json(&view(d, now, 3)?);
    }
    let next = next_cell(d, now);
    out(format_args!(
        "deployment {} ({}) {verb}: flow {}, {}, next run {next} UTC{}",
        d.name,
        d.id,
        d.flow_name,
        d.schedules.iter().map(Schedule::describe).collect::<Vec<_>>().join("; "),
        if d.paused { " (paused)" } else { "" }
    ))
}

pub async fn run(engine: &Engine, cmd: DeploymentsCommand, json: bool) -> CliResult<ExitCode> {
    let now = engine.clock().now();
    match cmd {
        DeploymentsCommand::Create { flow, name, schedule, params, policies, paused, tags } => {
            let params = parse_object("--params", &params)?;
            check_params(engine, &flow, &params)?;
            let schedule = build_schedule(
                schedule.cron.as_deref(),
                schedule.interval.as_deref(),
                schedule.tz.as_deref(),
                schedule.anchor.as_deref(),
                now,
            )?;
            let spec = DeploymentSpec {
                name: name.clone(),
                flow_name: flow,
                parameters: params,
                schedules: schedule.into_iter().collect(),
                catchup: catchup(&policies.catchup)?,
                catchup_window: window(&policies.catchup_window)?,
                overlap: overlap(&policies.overlap)?,
                paused,
                tags: check_tags(&tags).map_err(flag_err("--tag"))?,
            };
            let d = engine.create_deployment(spec).await.map_err(|e| match e {
                EngineError::Conflict(_) => CliError::new(format!("--name: {e}")),
                other => other.into(),
            })?;
            print_one(&d, now, json, "created")?;
        }
        DeploymentsCommand::List => {
            let (deployments, unreadable) = engine.deployments_with_errors().await?;
            for bad in &unreadable {
                tracing::warn!(deployment = %bad.name, deployment_id = %bad.id, error = %bad.error, "unreadable deployment row");
            }
            if json {
                let mut docs = deployments.iter().map(|d| view(d, now, 3)).collect::<CliResult<Vec<_>>>()?;
                docs.extend(
                    unreadable.iter().map(|b| json!({ "id": b.id, "name": b.name, "error": b.error })),
                );
                print_json(&docs)?;
            } else {
                let mut rows = Vec::new();
                for d in &deployments {
                    rows.push(vec![
                        d.id.clone(),
                        d.name.clone(),
                        d.flow_name.clone(),
                        d.schedules.iter().map(Schedule::describe).collect::<Vec<_>>().join("; "),
                        next_cell(d, now),
                        if d.paused { "paused".into() } else { "active".into() },
                        super::flows::tags_cell(&d.tags),
                        format!(
                            "{}/{} ({})",
                            d.catchup.as_str(),
                            d.overlap.as_str(),
                            format_duration(d.catchup_window())
                        ),
                    ]);
                }
                for b in &unreadable {
                    rows.push(vec![
                        b.id.clone(),
                        b.name.clone(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        format!("unreadable: {}", b.error),
                        "-".into(),
                        "-".into(),
                    ]);
                }
                print_table(
                    &[
                        "ID",
                        "NAME",
                        "FLOW",
                        "SCHEDULE",
                        "NEXT RUN (UTC)",
                        "STATUS",
                        "TAGS",
                        "CATCHUP/OVERLAP (WINDOW)",
                    ],
                    &rows,
                )?;
            }
        }
        DeploymentsCommand::Show { id, runs } => {
            let d = engine.deployment(&id).await?;
            let history = engine.deployment_runs(&d.id, runs).await?;
            if json {
                let mut doc = view(&d, now, 5)?;
                doc["runs"] = serde_json::to_value(&history)
                    .map_err(|e| CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}")))?;
                print_json(&doc)?;
            } else {
                print_one(&d, now, false, "")?;
                out(format_args!("parameters: {}", d.parameters))?;
                out(format_args!("tags: {}", super::flows::tags_cell(&d.tags)))?;
                let rows = history
                    .iter()
                    .map(|r| {
                        vec![
                            r.run.id.clone(),
                            r.run.state_name.clone(),
                            r.expected_start_time.as_ref().map(time).unwrap_or_else(|| "-".into()),
                            r.run.started_at.as_ref().map(time).unwrap_or_else(|| "-".into()),
                            r.run.trigger.clone(),
                            r.state_message.clone().or_else(|| r.run.error.clone()).unwrap_or_default(),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["RUN", "STATE", "DUE (UTC)", "STARTED (UTC)", "TRIGGER", "NOTE"], &rows)?;
            }
        }
        DeploymentsCommand::Edit {
            id,
            name,
            schedule,
            params,
            catchup: c,
            catchup_window,
            overlap: o,
            tags,
            no_tags,
        } => {
            let current = engine.deployment(&id).await?;
            let parameters = params.map(|p| parse_object("--params", &p)).transpose()?;
            if let Some(p) = &parameters {
                check_params(engine, &current.flow_name, p)?;
            }
            let schedules = if schedule.cron.is_some() || schedule.interval.is_some() {
                build_schedule(
                    schedule.cron.as_deref(),
                    schedule.interval.as_deref(),
                    schedule.tz.as_deref(),
                    schedule.anchor.as_deref(),
                    now,
                )?
                .map(|s| vec![s])
            } else if schedule.tz.is_some() || schedule.anchor.is_some() {
                return Err(CliError::new("--tz: give it with --cron or --interval (the new schedule)"));
            } else {
                None
            };
            let update = DeploymentUpdate {
                name,
                parameters,
                schedules,
                catchup: c.as_deref().map(catchup).transpose()?,
                catchup_window: catchup_window.as_deref().map(window).transpose()?,
                overlap: o.as_deref().map(overlap).transpose()?,
                tags: match (no_tags, tags.is_empty()) {
                    (true, _) => Some(Vec::new()),
                    (false, true) => None,
                    (false, false) => Some(check_tags(&tags).map_err(flag_err("--tag"))?),
                },
            };
            let d = engine.update_deployment(&current.id, update).await?;
            print_one(&d, now, json, "updated")?;
        }
        DeploymentsCommand::Pause { id } => {
            let d = engine.pause_deployment(&id).await?;
            print_one(&d, now, json, "paused")?;
        }
        DeploymentsCommand::Resume { id } => {
            let d = engine.resume_deployment(&id).await?;
            print_one(&d, now, json, "resumed")?;
        }
        DeploymentsCommand::Delete { id } => {
            let d = engine.delete_deployment(&id).await?;
            if json {
                print_json(&json!({ "deleted": d.id, "name": d.name }))?;
            } else {
                out(format_args!("deployment {} ({}) deleted; its past runs are kept", d.name, d.id))?;
            }
        }
        DeploymentsCommand::Run { id } => {
            let handle = engine.run_deployment_now(&id, RunOptions::new("cli", ACTOR)).await?;
            let outcome = handle.wait().await;
            let notifier = jobhunter_ops::notify::Notifier::for_engine(engine);
            if let Err(e) = notifier.on_flow_run_finished(&outcome.flow_run_id).await {
                tracing::warn!(flow_run_id = %outcome.flow_run_id, error = %e, "could not apply the notification rules");
            }
            return report_flow_run(&outcome, None, json);
        }
    }
    Ok(ExitCode::SUCCESS)
}
