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
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::test_support::{state, wait_until_finished};

    /// A hunt's schedule made with no job sites, as the app's editor sends it by default.
    fn hunt_input(flow: &str, parameters: Option<&str>) -> DeploymentInput {
        DeploymentInput {
            name: format!("{flow} in words"),
            flow_name: flow.into(),
            parameters_json: parameters.map(str::to_owned),
            schedule: "30 7 * * 1,3,5".into(),
            timezone: "Europe/Berlin".into(),
            catchup: "latest_once".into(),
            overlap: "skip".into(),
            paused: false,
            ..serde_json::from_value(serde_json::json!({
                "name": "", "flowName": "", "schedule": "", "timezone": "", "catchup": "", "overlap": "",
                "paused": false
            }))
            .expect("a DeploymentInput with its defaults")
        }
    }

    #[tokio::test]
    async fn a_hunt_schedule_without_job_sites_takes_what_i_am_looking_for() {
        let (_dir, state) = state().await;
        // Nothing saved yet: refused, saying what is missing and where to choose it.
        for flow in HUNT_FLOWS {
            for params in [None, Some("{}"), Some(r#"{"sources": []}"#)] {
                let e = create(&state, hunt_input(flow, params)).await.unwrap_err();
                assert_eq!(e.code, "invalid_input", "{flow}: {}", e.message);
                assert!(
                    e.message.starts_with("sources: choose at least one job site first"),
                    "{}",
                    e.message
                );
            }
        }
        assert!(list(&state).await.unwrap().is_empty(), "nothing is stored");

        // The setup's "Where to search" and "what I'm looking for" are saved.
        crate::setup::save_sources(&state, vec!["remoteok".into(), "greenhouse:acme".into()], "UTC")
            .await
            .unwrap();
        let resume = r#"{"basics": {"name": "Ada"}, "preferences": {"keywords": ["Rust engineer", " "]}}"#;
        jobhunter_ops::profile::import(state.engine.store().pool(), resume, Utc::now()).await.unwrap();

        let hunt = create(&state, hunt_input("daily_job_hunt", Some("{}"))).await.unwrap();
        assert_eq!(hunt.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));
        // The daily hunt reads the profile's phrases at each run: none are copied.
        assert_eq!(hunt.parameters["keywords"], serde_json::json!([]), "{}", hunt.parameters);
        assert_eq!(hunt.flow_title, "Daily job hunt");

        let scrape = create(&state, hunt_input("scrape_and_process", None)).await.unwrap();
        assert_eq!(scrape.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));
        assert_eq!(scrape.parameters["keywords"], serde_json::json!(["Rust engineer"]));
        assert_eq!(scrape.flow_title, "Scrape and process");

        // What the user chose stays; an edit that clears the sites gets the saved ones back.
        let own = r#"{"sources": ["arbeitnow"], "keywords": ["go"]}"#;
        let mine = create(
            &state,
            DeploymentInput { name: "mine".into(), ..hunt_input("scrape_and_process", Some(own)) },
        )
        .await
        .unwrap();
        assert_eq!(mine.parameters["sources"], serde_json::json!(["arbeitnow"]));
        assert_eq!(mine.parameters["keywords"], serde_json::json!(["go"]));
        let edited = update(
            &state,
            &mine.id,
            DeploymentInput {
                name: "mine".into(),
                ..hunt_input("scrape_and_process", Some(r#"{"sources": []}"#))
            },
        )
        .await
        .unwrap();
        assert_eq!(edited.parameters["sources"], serde_json::json!(["remoteok", "greenhouse:acme"]));

        // Other flows are left as given.
        let maintenance = create(&state, hunt_input("maintenance", Some("{}"))).await.unwrap();
        assert_eq!(maintenance.parameters, serde_json::json!({"cleanup_days": null}));
        assert_eq!(maintenance.flow_title, "Maintenance");
        state.engine.close().await.unwrap();
    }

    #[test]
    fn previews_cron_and_interval_in_the_zone() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap();
        let p = preview("0 9 * * *", "Europe/Berlin", 3, now).unwrap();
        assert_eq!(p.description, "cron 0 9 * * * (Europe/Berlin)");
        assert_eq!(
            p.next_runs,
            ["2026-11-26T09:00:00+01:00", "2026-11-27T09:00:00+01:00", "2026-11-28T09:00:00+01:00"]
        );
        let p = preview("6h", "UTC", 2, now).unwrap();
        assert_eq!(p.description, "every 6h (UTC)");
        assert_eq!(p.next_runs, ["2026-11-26T13:30:00+00:00", "2026-11-26T19:30:00+00:00"]);

        let error = preview("61 * * * *", "UTC", 5, now).unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.starts_with("cron_or_interval:"), "{}", error.message);
        let error = preview("0 9 * * *", "Mars/Olympus", 5, now).unwrap_err();
        assert!(
            error.message.starts_with("tz:") && error.message.contains("Mars/Olympus"),
            "{}",
            error.message
        );
        assert_eq!(preview("", "UTC", 5, now).unwrap_err().code, "invalid_input");
    }

    #[tokio::test]
    async fn pause_resume_and_run_now() {
        let (_dir, state) = state().await;
        assert!(list(&state).await.unwrap().is_empty());
        assert_eq!(pause(&state, "nope").await.unwrap_err().code, "not_found");

        let schedule = Schedule::cron("0 3 * * *", "UTC").unwrap();
        let spec = DeploymentSpec::new("nightly-maintenance", "maintenance", vec![schedule]);
        let created = state.engine.create_deployment(spec).await.unwrap();
        let listed = list(&state).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].next_runs.len(), NEXT_RUNS);
        assert_eq!(listed[0].schedules[0].kind, ScheduleKind::Cron);

        let paused = pause(&state, &created.id).await.unwrap();
        assert!(paused.paused && paused.next_runs.is_empty());
        let resumed = resume(&state, "nightly-maintenance").await.unwrap();
        assert!(!resumed.paused);

        let run_id = run_now(&state, &created.id).await.unwrap();
        let detail = wait_until_finished(&state, &run_id).await;
        assert_eq!(detail.run.state_name, "Completed");
        assert_eq!(detail.deployment_id.as_deref(), Some(created.id.as_str()));
        state.engine.close().await.unwrap();
    }

    #[test]
    fn a_schedule_out_of_bounds_is_refused_by_the_preview() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap();
        for bad in ["10000000000000000s", "9000000000000s", "367d", "0s", "0 0 30 2 *"] {
            let e = preview(bad, "UTC", 5, now).unwrap_err();
            assert_eq!(e.code, "invalid_input", "{bad}: {}", e.message);
            assert!(e.message.starts_with("cron_or_interval:"), "{bad}: {}", e.message);
        }
        assert_eq!(preview("366d", "UTC", 1, now).unwrap().next_runs, ["2027-11-27T07:30:00+00:00"]);
    }

    #[tokio::test]
    async fn a_schedule_out_of_bounds_is_refused_and_a_stored_one_lists_without_next_runs() {
        let (_dir, state) = state().await;
        let input = DeploymentInput {
            name: "big".into(),
            flow_name: "maintenance".into(),
            parameters_json: None,
            schedule: "9000000000000s".into(),
            timezone: "UTC".into(),
            catchup: "skip".into(),
            overlap: "skip".into(),
            paused: false,
            tags: None,
        };
        let e = create(&state, input.clone()).await.unwrap_err();
        assert_eq!(e.code, "invalid_input", "{}", e.message);
        assert!(e.message.starts_with("schedule:"), "{}", e.message);
        assert!(list(&state).await.unwrap().is_empty(), "nothing is stored");

        // Rows an older build stored: one with the huge interval, one unreadable.
        for name in ["big", "broken", "good"] {
            create(&state, DeploymentInput { name: name.into(), schedule: "1h".into(), ..input.clone() })
                .await
                .unwrap();
        }
        let huge = serde_json::json!([{
            "kind": "interval", "every_secs": 9_000_000_000_000u64, "anchor": "2026-01-01T00:00:00Z", "timezone": "UTC"
        }]);
        for (name, schedules) in [("big", huge.to_string()), ("broken", "not json".to_owned())] {
            sqlx::query("UPDATE deployments SET schedules = ? WHERE name = ?")
                .bind(schedules)
                .bind(name)
                .execute(state.engine.store().pool())
                .await
                .unwrap();
        }
        let listed = list(&state).await.unwrap();
        let names: Vec<&str> = listed.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["big", "good"]);
        assert!(listed[0].next_runs.is_empty());
        assert_eq!(listed[1].next_runs.len(), NEXT_RUNS);
        // The unreadable row still holds its name.
        let e = create(&state, DeploymentInput { name: "broken".into(), schedule: "1h".into(), ..input })
            .await
            .unwrap_err();
        assert!(e.message.starts_with("name:"), "{}", e.message);
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn create_edit_and_delete_from_the_editor() {
        let (_dir, state) = state().await;
        let input = DeploymentInput {
            name: "weekday-hunt".into(),
            flow_name: "maintenance".into(),
            parameters_json: Some(r#"{"cleanup_days": 14}"#.into()),
            schedule: "0 9 * * 1-5".into(),
            timezone: "Europe/Berlin".into(),
            catchup: "skip".into(),
            overlap: "queue_one".into(),
            paused: false,
            tags: Some(vec!["weekly".into(), " weekly ".into(), "".into()]),
        };
        let created = create(&state, input.clone()).await.unwrap();
        assert_eq!(created.tags, ["weekly"], "trimmed, without blanks or repeats");
        assert_eq!(created.schedules[0].description, "cron 0 9 * * 1-5 (Europe/Berlin)");
        assert_eq!((created.catchup.as_str(), created.overlap.as_str()), ("skip", "queue_one"));
        assert_eq!(created.parameters["cleanup_days"], 14);
        assert_eq!(created.next_runs.len(), NEXT_RUNS);

        let edited = update(
            &state,
            &created.id,
            DeploymentInput { schedule: "6h".into(), timezone: "UTC".into(), paused: true, ..input.clone() },
        )
        .await
        .unwrap();
        assert_eq!(edited.schedules[0].description, "every 6h (UTC)");
        assert!(edited.paused && edited.next_runs.is_empty());
        assert_eq!(edited.tags, ["weekly"]);
        let untagged = DeploymentInput { tags: None, ..input.clone() };
        assert_eq!(update(&state, &created.id, untagged).await.unwrap().tags, ["weekly"], "absent: kept");
        let retagged = DeploymentInput { tags: Some(vec!["cleanup".into()]), ..input.clone() };
        assert_eq!(update(&state, &created.id, retagged).await.unwrap().tags, ["cleanup"]);
        let bad = DeploymentInput { tags: Some(vec!["a,b".into()]), ..input.clone() };
        let e = update(&state, &created.id, bad).await.unwrap_err();
        assert!(e.message.starts_with("tags:"), "{}", e.message);
        // Back to the 6-hour interval for what follows.
        update(
            &state,
            &created.id,
            DeploymentInput { schedule: "6h".into(), timezone: "UTC".into(), paused: true, ..input.clone() },
        )
        .await
        .unwrap();
        // Saving again without touching the interval keeps its anchor (and so its runs).
        let anchor = |d: &Deployment| match &d.schedules[0] {
            Schedule::Interval { anchor, .. } => *anchor,
            other => panic!("{other:?}"),
        };
        let before = anchor(&state.engine.deployment(&created.id).await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        update(
            &state,
            &created.id,
            DeploymentInput {
                name: "renamed".into(),
                schedule: "6h".into(),
                timezone: "UTC".into(),
                paused: true,
                ..input.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(anchor(&state.engine.deployment(&created.id).await.unwrap()), before);
        // Names stay unique, and the error names the field.
        create(&state, DeploymentInput { name: "other".into(), ..input.clone() }).await.unwrap();
        let e = update(&state, &created.id, DeploymentInput { name: "other".into(), ..input.clone() })
            .await
            .unwrap_err();
        assert!(e.message.starts_with("name:"), "{}", e.message);
        let e =
            create(&state, DeploymentInput { name: "renamed".into(), ..input.clone() }).await.unwrap_err();
        assert!(e.message.starts_with("name:"), "{}", e.message);

        for (bad, field) in [
            (DeploymentInput { name: " ".into(), ..input.clone() }, "name:"),
            (DeploymentInput { flow_name: "nope".into(), ..input.clone() }, "flowName:"),
            (DeploymentInput { parameters_json: Some("[1]".into()), ..input.clone() }, "parametersJson:"),
            (
                DeploymentInput { parameters_json: Some(r#"{"cleanup_days": "x"}"#.into()), ..input.clone() },
                "parametersJson:",
            ),
            (DeploymentInput { schedule: "61 * * * *".into(), ..input.clone() }, "schedule:"),
            (DeploymentInput { timezone: "Mars/Base".into(), ..input.clone() }, "timezone:"),
            (DeploymentInput { catchup: "sometimes".into(), ..input.clone() }, "catchup:"),
            (DeploymentInput { overlap: "never".into(), ..input.clone() }, "overlap:"),
        ] {
            let e = create(&state, bad).await.unwrap_err();
            assert!(e.message.starts_with(field), "{field}: {}", e.message);
        }
        let e = update(&state, &created.id, DeploymentInput { flow_name: "daily_digest".into(), ..input })
            .await
            .unwrap_err();
        assert!(e.message.starts_with("flowName:"), "{}", e.message);

        state.engine.delete_deployment(&created.id).await.unwrap();
        assert_eq!(list(&state).await.unwrap().len(), 1);
        state.engine.close().await.unwrap();
    }
}
