//! Deployments (scheduled flows): list, pause, resume, run now, and a schedule preview for the
//! editor.

use chrono::{DateTime, Utc};
use jobhunter_engine::schedule::{
    parse_duration, parse_timezone, CatchupPolicy, Deployment, DeploymentSpec, DeploymentUpdate,
    OverlapPolicy, Schedule,
};
use jobhunter_engine::RunOptions;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{parse_json_arg, CommandError, CommandResult};
use crate::hunt::{plan_daily_hunt, DAILY_HUNT_FLOW};
use crate::Api;

/// How many upcoming fire times a deployment carries.
pub const NEXT_RUNS: usize = 5;
/// The most fire times a preview computes.
pub const MAX_PREVIEW: u32 = 50;

/// Which kind of schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    Cron,
    Interval,
}

/// One schedule of a deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDto {
    pub kind: ScheduleKind,
    /// `cron 0 9 * * * (Europe/Berlin)`, `every 15m (UTC)`.
    pub description: String,
    /// The cron expression (cron schedules).
    pub expr: Option<String>,
    /// The period in seconds (interval schedules).
    pub every_secs: Option<f64>,
    pub timezone: String,
}

impl From<&Schedule> for ScheduleDto {
    fn from(s: &Schedule) -> Self {
        let description = s.describe();
        match s {
            Schedule::Cron { expr, timezone } => Self {
                kind: ScheduleKind::Cron,
                description,
                expr: Some(expr.clone()),
                every_secs: None,
                timezone: timezone.clone(),
            },
            Schedule::Interval { every_secs, timezone, .. } => Self {
                kind: ScheduleKind::Interval,
                description,
                expr: None,
                every_secs: Some(*every_secs as f64),
                timezone: timezone.clone(),
            },
        }
    }
}

/// A deployment: a flow with parameters, schedules and policies. Times are RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentDto {
    pub id: String,
    pub name: String,
    pub flow_name: String,
    /// The flow's title for people ("Daily job hunt"), from its registration.
    pub flow_title: String,
    pub parameters: Value,
    pub schedules: Vec<ScheduleDto>,
    pub catchup: CatchupPolicy,
    pub catchup_window_secs: f64,
    pub overlap: OverlapPolicy,
    pub paused: bool,
    /// Labels its runs carry (`scheduled`, `production`, ...); runs can be filtered by them.
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The next 5 fire times (none while paused).
    pub next_runs: Vec<String>,
}

pub(crate) fn deployment_dto(api: &Api, d: Deployment, now: DateTime<Utc>) -> DeploymentDto {
    let flow_title = api.engine.registry().flow(&d.flow_name).map(|f| f.meta().title.clone());
    let next_runs =
        d.next_runs(now, NEXT_RUNS).unwrap_or_default().into_iter().map(|t| t.to_rfc3339()).collect();
    DeploymentDto {
        schedules: d.schedules.iter().map(ScheduleDto::from).collect(),
        catchup: d.catchup,
        catchup_window_secs: d.catchup_window_secs as f64,
        overlap: d.overlap,
        paused: d.paused,
        tags: d.tags,
        created_at: d.created_at.to_rfc3339(),
        updated_at: d.updated_at.to_rfc3339(),
        next_runs,
        id: d.id,
        name: d.name,
        flow_title: flow_title.unwrap_or_else(|| d.flow_name.clone()),
        flow_name: d.flow_name,
        parameters: d.parameters,
    }
}

/// The command's logic, without Tauri. A deployment whose stored schedule is refused today
/// (e.g. an interval out of bounds stored by an older build) is listed with no next runs; a
/// row that cannot be read at all is left out with a warning in the log.
pub async fn list(state: &Api) -> CommandResult<Vec<DeploymentDto>> {
    let now = state.engine.clock().now();
    let (deployments, unreadable) = state.engine.deployments_with_errors().await?;
    for bad in unreadable {
        tracing::warn!(deployment = %bad.name, deployment_id = %bad.id, error = %bad.error, "unreadable deployment row; not listed");
    }
    Ok(deployments.into_iter().map(|d| deployment_dto(state, d, now)).collect())
}

/// The command's logic, without Tauri.
pub async fn pause(state: &Api, id: &str) -> CommandResult<DeploymentDto> {
    let d = state.engine.pause_deployment(id).await?;
    Ok(deployment_dto(state, d, state.engine.clock().now()))
}

/// The command's logic, without Tauri.
pub async fn resume(state: &Api, id: &str) -> CommandResult<DeploymentDto> {
    let d = state.engine.resume_deployment(id).await?;
    Ok(deployment_dto(state, d, state.engine.clock().now()))
}

/// The command's logic, without Tauri.
pub async fn run_now(state: &Api, id: &str) -> CommandResult<String> {
    let handle = state.engine.run_deployment_now(id, RunOptions::new("manual", "desktop")).await?;
    tracing::info!(deployment = id, flow_run_id = %handle.flow_run_id, "ran a deployment from the desktop");
    Ok(handle.flow_run_id.clone())
}

/// A schedule as the editor shows it while it is typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePreview {
    /// `cron 0 9 * * 1-5 (Europe/Berlin)`, `every 6h (UTC)`.
    pub description: String,
    /// The next fire times, RFC 3339 with the zone's offset.
    pub next_runs: Vec<String>,
}

/// The command's logic, without Tauri.
pub fn preview(
    cron_or_interval: &str,
    tz: &str,
    count: u32,
    now: DateTime<Utc>,
) -> CommandResult<SchedulePreview> {
    let text = cron_or_interval.trim();
    if text.is_empty() {
        return Err(CommandError::invalid(
            "cron_or_interval",
            "a cron expression or an interval is required",
        ));
    }
    let zone = parse_timezone(tz.trim()).map_err(|e| CommandError::invalid("tz", e))?;
    let schedule = match parse_duration(text) {
        Ok(every) => Schedule::interval(every, now, tz.trim()),
        Err(_) => Schedule::cron(text, tz.trim()),
    }
    .map_err(|e| CommandError::invalid("cron_or_interval", e))?;
    let compiled = schedule.compile()?;
    let next_runs = compiled
        .upcoming(now, count.clamp(1, MAX_PREVIEW) as usize)
        .into_iter()
        .map(|t| t.with_timezone(&zone).to_rfc3339())
        .collect();
    Ok(SchedulePreview { description: schedule.describe(), next_runs })
}

/// A deployment as the editor submits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentInput {
    pub name: String,
    pub flow_name: String,
    /// The flow's parameters as a JSON object (absent or blank: the flow's defaults; a hunt
    /// without job sites gets the saved ones, see [`with_hunt_defaults`]).
    pub parameters_json: Option<String>,
    /// A cron expression (5 or 6 fields) or an interval (`15m`, `6h`, `1d`).
    pub schedule: String,
    /// IANA time zone of the schedule.
    pub timezone: String,
    /// `skip`, `latest_once` or `all`.
    pub catchup: String,
    /// `skip`, `queue_one`, `allow` or `cancel_previous`.
    pub overlap: String,
    pub paused: bool,
    /// Labels its runs carry; absent: none when created, unchanged when edited.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
}

/// The parts of a [`DeploymentInput`], checked; errors name the field.
struct CheckedInput {
    parameters: Value,
    schedule: Schedule,
    catchup: CatchupPolicy,
    overlap: OverlapPolicy,
}

fn check(state: &Api, input: &DeploymentInput, now: DateTime<Utc>) -> CommandResult<CheckedInput> {
    if input.name.trim().is_empty() {
        return Err(CommandError::invalid("name", "is required"));
    }
    let parameters = match parse_json_arg("parametersJson", input.parameters_json.as_deref())? {
        None => Value::Object(Default::default()),
        Some(v @ Value::Object(_)) => v,
        Some(_) => return Err(CommandError::invalid("parametersJson", "must be a JSON object")),
    };
    check_parameters(&state.engine, input.flow_name.trim(), &parameters, ("flowName", "parametersJson"))?;
    let text = input.schedule.trim();
    if text.is_empty() {
        return Err(CommandError::invalid("schedule", "a cron expression or an interval is required"));
    }
    let tz = input.timezone.trim();
    parse_timezone(tz).map_err(|e| CommandError::invalid("timezone", e))?;
    let schedule = match parse_duration(text) {
        Ok(every) => Schedule::interval(every, now, tz),
        Err(_) => Schedule::cron(text, tz),
    }
    .map_err(|e| CommandError::invalid("schedule", e))?;
    schedule.compile().map_err(|e| CommandError::invalid("schedule", e))?;
    Ok(CheckedInput {
        parameters,
        schedule,
        catchup: CatchupPolicy::parse(input.catchup.trim())
            .map_err(|e| CommandError::invalid("catchup", e))?,
        overlap: OverlapPolicy::parse(input.overlap.trim())
            .map_err(|e| CommandError::invalid("overlap", e))?,
    })
}

/// Checks a deployment's `parameters` against flow `flow`'s parameter type. Errors name the
/// front end's own fields, `fields = (flow field, parameters field)`: `("flowName",
/// "parametersJson")` in the app, `("--flow", "--params")` in the CLI.
pub fn check_parameters(
    engine: &jobhunter_engine::Engine,
    flow: &str,
    parameters: &Value,
    fields: (&str, &str),
) -> CommandResult<()> {
    let erased = engine.registry().flow(flow).ok_or_else(|| {
        CommandError::invalid(fields.0, format!("unknown flow '{flow}' (see `flows list`)"))
    })?;
    erased.normalize(parameters).map_err(|e| CommandError::invalid(fields.1, e.message))?;
    Ok(())
}

/// The flows that search job sites: a schedule of one without any could only fail.
pub const HUNT_FLOWS: [&str; 2] = [DAILY_HUNT_FLOW, "scrape_and_process"];

/// Whether `parameters[key]` says something: a non-empty list, or a non-blank string (a
/// keyword as older seeds wrote it).
fn has_values(parameters: &Value, key: &str) -> bool {
    match parameters.get(key) {
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::String(text)) => !text.trim().is_empty(),
        _ => false,
    }
}

/// A schedule made from the app always carries what a hunt needs, defaulting to "what I'm
/// looking for", as the setup's "When to hunt" saves it. A hunt flow (`daily_job_hunt`,
/// `scrape_and_process`) given no job sites searches the daily hunt's saved sites (the setup's
/// "Where to search"); `scrape_and_process`, which does not read the profile, is also given
/// the profile's search phrases when it has no search terms (the daily hunt reads them itself
/// at each run, so an edited profile applies at once). With no saved sites it is refused,
/// naming what is missing. Other flows' parameters pass unchanged.
pub async fn with_hunt_defaults(state: &Api, flow: &str, mut parameters: Value) -> CommandResult<Value> {
    if !HUNT_FLOWS.contains(&flow) {
        return Ok(parameters);
    }
    if !has_values(&parameters, "sources") {
        let plan = plan_daily_hunt(&state.engine.deployments().await?);
        if !plan.has_sources() {
            return Err(CommandError::invalid(
                "sources",
                "choose at least one job site first (Settings → “Open the setup again” → “Where to search”), \
                 or name the job sites here",
            ));
        }
        parameters["sources"] = plan.parameters["sources"].clone();
    }
    if flow == "scrape_and_process" && !has_values(&parameters, "keywords") {
        if let Ok(stored) = jobhunter_ops::profile::get(state.engine.store().pool(), None).await {
            let phrases: Vec<String> = stored
                .profile
                .preferences
                .keywords
                .into_iter()
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect();
            if !phrases.is_empty() {
                parameters["keywords"] = serde_json::json!(phrases);
            }
        }
    }
    Ok(parameters)
}

/// Refuses `name` when another deployment (not `except_id`) has it.
async fn check_name_free(state: &Api, name: &str, except_id: Option<&str>) -> CommandResult<()> {
    let (deployments, unreadable) = state.engine.deployments_with_errors().await?;
    let taken = deployments
        .iter()
        .map(|d| (d.name.as_str(), d.id.as_str()))
        .chain(unreadable.iter().map(|b| (b.name.as_str(), b.id.as_str())))
        .any(|(n, id)| n == name && Some(id) != except_id);
    if taken {
        return Err(CommandError::invalid("name", format!("a deployment named '{name}' already exists")));
    }
    Ok(())
}

/// The command's logic, without Tauri.
pub async fn create(state: &Api, input: DeploymentInput) -> CommandResult<DeploymentDto> {
    let now = state.engine.clock().now();
    let checked = check(state, &input, now)?;
    check_name_free(state, input.name.trim(), None).await?;
    let mut spec = DeploymentSpec::new(input.name.trim(), input.flow_name.trim(), vec![checked.schedule]);
    spec.parameters = with_hunt_defaults(state, input.flow_name.trim(), checked.parameters).await?;
    spec.catchup = checked.catchup;
    spec.overlap = checked.overlap;
    spec.paused = input.paused;
    spec.tags = input.tags.clone().unwrap_or_default();
    let d = state.engine.create_deployment(spec).await?;
    tracing::info!(deployment = %d.name, "deployment created from the desktop");
    Ok(deployment_dto(state, d, now))
}

/// The command's logic, without Tauri.
pub async fn update(state: &Api, id: &str, input: DeploymentInput) -> CommandResult<DeploymentDto> {
    let now = state.engine.clock().now();
    let current = state.engine.deployment(id).await?;
    if current.flow_name != input.flow_name.trim() {
        return Err(CommandError::invalid(
            "flowName",
            format!("a deployment keeps its flow ('{}'); create a new deployment instead", current.flow_name),
        ));
    }
    let checked = check(state, &input, now)?;
    check_name_free(state, input.name.trim(), Some(&current.id)).await?;
    // An unchanged interval keeps its anchor: saving a rename must not move the next runs.
    let schedule = match (&checked.schedule, current.schedules.first()) {
        (
            Schedule::Interval { every_secs, timezone, .. },
            Some(old @ Schedule::Interval { every_secs: old_every, timezone: old_tz, .. }),
        ) if every_secs == old_every && timezone == old_tz => old.clone(),
        _ => checked.schedule,
    };
    let update = DeploymentUpdate {
        name: Some(input.name.trim().to_owned()),
        parameters: Some(with_hunt_defaults(state, &current.flow_name, checked.parameters).await?),
        schedules: Some(vec![schedule]),
        catchup: Some(checked.catchup),
        catchup_window: None,
        overlap: Some(checked.overlap),
        tags: input.tags.clone(),
    };
    let mut d = state.engine.update_deployment(&current.id, update).await?;
    if input.paused != d.paused {
        d = if input.paused {
            state.engine.pause_deployment(&current.id).await?
        } else {
            state.engine.resume_deployment(&current.id).await?
        };
    }
    Ok(deployment_dto(state, d, now))
}

/// Deletes deployment `id` (its past runs stay).
pub async fn delete(api: &Api, id: &str) -> CommandResult<()> {
    api.engine.delete_deployment(id).await?;
    Ok(())
}

#[cfg(test)]
mod tests;
