//! The guided first-run setup's state and the steps that write schedules: which steps are
//! done (read from what is stored, so the checklist is true whatever screen did the work),
//! "Where to search" (the daily hunt's sources, kept on its deployment), and "When to hunt"
//! (a time of day, every day or weekdays, in the user's zone; the every-6-hours scrape if
//! wanted). The CV and "what I'm looking for" steps save through the profile.

use jobhunter_engine::schedule::{DeploymentSpec, DeploymentUpdate, Schedule};
use jobhunter_engine::{FlowRunFilter, StateType};
use jobhunter_ops::settings;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{CommandError, CommandResult};
use crate::hunt::{plan_daily_hunt, DAILY_HUNT_FLOW};
use crate::schedules::{deployment_dto, DeploymentDto};
use crate::Api;

/// The setting that says the user skipped or closed the setup.
pub const SETUP_DISMISSED: &str = "setup.dismissed";
/// The daily hunt's deployment, as the Schedules screen shows it.
pub const DAILY_HUNT_NAME: &str = "Daily job hunt";
/// The optional scrape between hunts.
pub const SCRAPE_NAME: &str = "Job scrape every 6 hours";
/// The daily hunt's default time of day.
pub const DEFAULT_TIME: &str = "09:00";

/// Which setup steps are done, from what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SetupStatus {
    /// A profile (CV) is stored.
    pub cv: bool,
    /// The profile has search phrases.
    pub looking_for: bool,
    /// The daily hunt has at least one source.
    pub sources: bool,
    /// The daily hunt is scheduled (its deployment is active).
    pub schedule: bool,
    /// A daily hunt has completed once.
    pub first_hunt: bool,
    /// The user skipped or closed the setup.
    pub dismissed: bool,
    /// Every step is done.
    pub done: bool,
}

/// The state of the setup.
pub async fn status(api: &Api) -> CommandResult<SetupStatus> {
    let pool = api.engine.store().pool();
    let profile = jobhunter_ops::profile::get(pool, None).await.ok();
    let cv = profile.is_some();
    let looking_for =
        profile.is_some_and(|p| p.profile.preferences.keywords.iter().any(|k| !k.trim().is_empty()));
    let deployments = api.engine.deployments().await?;
    let hunt = deployments.iter().find(|d| d.flow_name == DAILY_HUNT_FLOW);
    let sources = plan_daily_hunt(&deployments).has_sources();
    let schedule = hunt.is_some_and(|d| !d.paused);
    let filter = FlowRunFilter {
        flow_name: Some(DAILY_HUNT_FLOW.into()),
        state_type: Some(StateType::Completed),
        limit: 1,
        ..Default::default()
    };
    let first_hunt = !api.engine.store().list_flow_runs(&filter).await?.is_empty();
    let dismissed = settings::get::<bool>(pool, SETUP_DISMISSED).await?.unwrap_or(false);
    let done = cv && looking_for && sources && schedule && first_hunt;
    Ok(SetupStatus { cv, looking_for, sources, schedule, first_hunt, dismissed, done })
}

/// Skips (or reopens, with `false`) the setup.
pub async fn set_dismissed(api: &Api, dismissed: bool) -> CommandResult<SetupStatus> {
    let now = api.engine.clock().now();
    settings::set(api.engine.store().pool(), SETUP_DISMISSED, &dismissed, now).await?;
    status(api).await
}

/// "Where to search": the daily hunt searches `sources` (specs, each checked). The first
/// daily hunt deployment keeps them; without one, the deployment is made now, paused, at the
/// default time: the "When" step sets the time and starts it.
pub async fn save_sources(api: &Api, sources: Vec<String>, timezone: &str) -> CommandResult<DeploymentDto> {
    let mut clean: Vec<String> = Vec::new();
    for spec in sources.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let parsed = jobhunter_jobs::sources::SourceSpec::parse(spec)
            .map_err(|e| CommandError::invalid("sources", e))?;
        if !clean.contains(&parsed.label()) {
            clean.push(parsed.label());
        }
    }
    if clean.is_empty() {
        return Err(CommandError::invalid("sources", "choose at least one place to search"));
    }
    let now = api.engine.clock().now();
    let deployments = api.engine.deployments().await?;
    let d = match deployments.iter().find(|d| d.flow_name == DAILY_HUNT_FLOW) {
        Some(d) => {
            let mut parameters = d.parameters.clone();
            parameters["sources"] = json!(clean);
            let update = DeploymentUpdate { parameters: Some(parameters), ..Default::default() };
            api.engine.update_deployment(&d.id, update).await?
        }
        None => {
            let schedule = Schedule::cron(&cron_for(DEFAULT_TIME, false)?, timezone)
                .map_err(|e| CommandError::invalid("timezone", e))?;
            let mut spec = DeploymentSpec::new(DAILY_HUNT_NAME, DAILY_HUNT_FLOW, vec![schedule])
                .with_tags(crate::defaults::DAILY_HUNT_TAGS);
            spec.parameters = json!({ "sources": clean });
            spec.paused = true;
            api.engine.create_deployment(spec).await?
        }
    };
    Ok(deployment_dto(api, d, now))
}

/// "When to hunt".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HuntSchedule {
    /// `HH:MM`, 24-hour.
    pub time: String,
    pub weekdays_only: bool,
    /// IANA time zone.
    pub timezone: String,
    /// Also scrape (without matching or CVs) every 6 hours. (No digit in the name: serde and
    /// the TypeScript bindings would spell `6h` differently.)
    pub scrape_every_six_hours: bool,
}

/// `0 9 * * *` for "09:00", `0 9 * * 1-5` on weekdays only.
pub fn cron_for(time: &str, weekdays_only: bool) -> CommandResult<String> {
    let bad = || CommandError::invalid("time", format!("'{time}' is not a time of day such as 09:00"));
    let (h, m) = time.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(format!("{m} {h} * * {}", if weekdays_only { "1-5" } else { "*" }))
}

/// Schedules the daily hunt (it needs its sources first) and starts it; adds or removes the
/// every-6-hours scrape of the same sources.
pub async fn save_schedule(api: &Api, input: HuntSchedule) -> CommandResult<DeploymentDto> {
    let schedule = Schedule::cron(&cron_for(&input.time, input.weekdays_only)?, input.timezone.trim())
        .map_err(|e| CommandError::invalid("timezone", e))?;
    let deployments = api.engine.deployments().await?;
    let Some(hunt) = deployments.iter().find(|d| d.flow_name == DAILY_HUNT_FLOW) else {
        return Err(CommandError::invalid("sources", "choose where to search first"));
    };
    let update = DeploymentUpdate { schedules: Some(vec![schedule]), ..Default::default() };
    api.engine.update_deployment(&hunt.id, update).await?;
    let d = api.engine.resume_deployment(&hunt.id).await?;
    let scrape = deployments.iter().find(|d| d.name == SCRAPE_NAME);
    match (input.scrape_every_six_hours, scrape) {
        (true, None) => {
            let every = Schedule::interval(
                std::time::Duration::from_secs(6 * 3600),
                api.engine.clock().now(),
                input.timezone.trim(),
            )
            .map_err(|e| CommandError::invalid("timezone", e))?;
            let mut spec = DeploymentSpec::new(SCRAPE_NAME, "scrape_and_process", vec![every])
                .with_tags(crate::defaults::SCRAPE_TAGS);
            spec.parameters =
                json!({ "sources": d.parameters.get("sources").cloned().unwrap_or(Value::Null) });
            api.engine.create_deployment(spec).await?;
        }
        (false, Some(s)) => {
            api.engine.delete_deployment(&s.id).await?;
        }
        _ => {}
    }
    Ok(deployment_dto(api, d, api.engine.clock().now()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[test]
    fn the_schedule_arrives_with_the_keys_the_app_sends() {
        let sent =
            json!({"time": "08:30", "weekdaysOnly": true, "timezone": "UTC", "scrapeEverySixHours": true});
        let input: HuntSchedule = serde_json::from_value(sent).unwrap();
        assert!(input.scrape_every_six_hours && input.weekdays_only);
    }

    #[test]
    fn times_become_cron_expressions() {
        assert_eq!(cron_for("09:00", false).unwrap(), "0 9 * * *");
        assert_eq!(cron_for("7:30", true).unwrap(), "30 7 * * 1-5");
        for bad in ["9", "25:00", "09:60", "nine"] {
            assert!(cron_for(bad, false).unwrap_err().message.starts_with("time:"), "{bad}");
        }
    }

    #[tokio::test]
    async fn the_steps_are_read_from_what_is_stored() {
        let (_dir, api) = state().await;
        let empty = status(&api).await.unwrap();
        assert!(!empty.cv && !empty.sources && !empty.schedule && !empty.done && !empty.dismissed);

        let error = save_schedule(
            &api,
            HuntSchedule {
                time: "09:00".into(),
                weekdays_only: false,
                timezone: "UTC".into(),
                scrape_every_six_hours: false,
            },
        )
        .await
        .unwrap_err();
        assert!(error.message.starts_with("sources:"), "{}", error.message);
        assert!(save_sources(&api, vec![" ".into()], "UTC")
            .await
            .unwrap_err()
            .message
            .starts_with("sources:"));
        assert!(save_sources(&api, vec!["monster".into()], "UTC")
            .await
            .unwrap_err()
            .message
            .contains("unknown source"));

        let d = save_sources(
            &api,
            vec!["remoteok".into(), "greenhouse:acme".into(), "remoteok".into()],
            "Europe/Berlin",
        )
        .await
        .unwrap();
        assert_eq!((d.name.as_str(), d.paused), (DAILY_HUNT_NAME, true));
        assert_eq!(d.parameters["sources"], json!(["remoteok", "greenhouse:acme"]));
        assert_eq!(d.tags, crate::defaults::DAILY_HUNT_TAGS, "the seed's tags");
        let s = status(&api).await.unwrap();
        assert!(s.sources && !s.schedule);

        let input = HuntSchedule {
            time: "07:30".into(),
            weekdays_only: true,
            timezone: "Europe/Berlin".into(),
            scrape_every_six_hours: true,
        };
        let d = save_schedule(&api, input.clone()).await.unwrap();
        assert!(!d.paused);
        assert_eq!(d.schedules.len(), 1);
        let all = api.engine.deployments().await.unwrap();
        let scrape = all.iter().find(|d| d.name == SCRAPE_NAME).expect("the 6-hour scrape");
        assert_eq!(scrape.parameters["sources"], json!(["remoteok", "greenhouse:acme"]));
        assert_eq!(scrape.tags, crate::defaults::SCRAPE_TAGS);
        assert!(status(&api).await.unwrap().schedule);

        // Sources saved again keep the schedule; the scrape can be turned off.
        save_sources(&api, vec!["arbeitnow".into()], "UTC").await.unwrap();
        let d = save_schedule(&api, HuntSchedule { scrape_every_six_hours: false, ..input }).await.unwrap();
        assert_eq!(d.parameters["sources"], json!(["arbeitnow"]));
        assert!(api.engine.deployments().await.unwrap().iter().all(|d| d.name != SCRAPE_NAME));

        assert!(set_dismissed(&api, true).await.unwrap().dismissed);
        assert!(!set_dismissed(&api, false).await.unwrap().dismissed);
        api.engine.close().await.unwrap();
    }
}
