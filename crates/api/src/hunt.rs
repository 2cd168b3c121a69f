//! "Hunt now" and "pause all": which deployment's parameters a hand-started daily hunt uses,
//! the one rule for whether it may start (it needs a profile to score against and sources to
//! search), and pausing or resuming every schedule at once. The tray, the Dashboard and the
//! CLI call these, so a button is disabled for the same reason everywhere.

use chrono::{DateTime, TimeZone, Utc};
use jobhunter_engine::schedule::Deployment;
use jobhunter_engine::{Engine, RunOptions};
use jobhunter_flows::daily::DailyJobHuntParams;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The flow that "Run daily hunt now" starts.
pub const DAILY_HUNT_FLOW: &str = "daily_job_hunt";

/// The text of the schedules item: what clicking it will do.
pub fn schedules_label(paused: bool) -> &'static str {
    if paused {
        "Resume schedules"
    } else {
        "Pause schedules"
    }
}

/// Whether the schedules count as paused: there is at least one deployment and every one is
/// paused.
pub fn all_paused(deployments: &[Deployment]) -> bool {
    !deployments.is_empty() && deployments.iter().all(|d| d.paused)
}

/// What "Run daily hunt now" runs.
#[derive(Debug, Clone, PartialEq)]
pub struct HuntPlan {
    pub parameters: Value,
    /// The deployment whose parameters these are (its id), when there is one.
    pub deployment_id: Option<String>,
    pub deployment_name: Option<String>,
}

impl HuntPlan {
    /// A hunt scrapes its sources: without any it can only fail.
    pub fn has_sources(&self) -> bool {
        self.parameters.get("sources").and_then(Value::as_array).is_some_and(|s| !s.is_empty())
    }
}

/// The parameters of the first deployment of `daily_job_hunt` (in the engine's order, by
/// name), else the flow's defaults.
pub fn plan_daily_hunt(deployments: &[Deployment]) -> HuntPlan {
    match deployments.iter().find(|d| d.flow_name == DAILY_HUNT_FLOW) {
        Some(d) => HuntPlan {
            parameters: d.parameters.clone(),
            deployment_id: Some(d.id.clone()),
            deployment_name: Some(d.name.clone()),
        },
        None => HuntPlan {
            parameters: serde_json::to_value(DailyJobHuntParams::default())
                .expect("the daily hunt's defaults serialize"),
            deployment_id: None,
            deployment_name: None,
        },
    }
}

/// What a hunt still needs before it can start, in the order the setup asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum HuntNeed {
    /// A profile (the CV) to score the jobs against.
    Profile,
    /// At least one job source to search.
    Sources,
}

impl HuntNeed {
    /// What a refused start was missing (`None` for a start that happened).
    pub fn of_start(start: &HuntStart) -> Option<Self> {
        match start {
            HuntStart::NeedsProfile => Some(Self::Profile),
            HuntStart::NeedsSources => Some(Self::Sources),
            HuntStart::Started { .. } => None,
        }
    }

    /// Why the hunt cannot start, in plain words (the Dashboard's line under its button).
    pub fn reason(self) -> &'static str {
        match self {
            Self::Profile => "Add your CV first: the hunt scores every job against it.",
            Self::Sources => "Choose where to search first: the hunt needs at least one job source.",
        }
    }

    /// The same, short enough for a menu item ("Run daily hunt now (add your CV first)").
    pub fn short(self) -> &'static str {
        match self {
            Self::Profile => "add your CV first",
            Self::Sources => "choose where to search first",
        }
    }
}

/// The tray's "Run daily hunt now" item: the reason is in its text while it is disabled.
pub fn run_hunt_label(need: Option<HuntNeed>) -> String {
    match need {
        None => "Run daily hunt now".to_owned(),
        Some(need) => format!("Run daily hunt now ({})", need.short()),
    }
}

/// Whether "Run daily hunt now" can start, and if not, why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HuntReadiness {
    pub ready: bool,
    /// The first thing missing, when not ready.
    pub need: Option<HuntNeed>,
    /// [`HuntNeed::reason`] of `need`.
    pub reason: Option<String>,
}

/// What the next hand-started hunt still needs (`None`: it can start). The profile comes
/// first, as in the setup.
pub async fn hunt_need(engine: &Engine) -> jobhunter_engine::Result<Option<HuntNeed>> {
    Ok(need_and_plan(engine).await?.0)
}

/// [`hunt_need`] and the plan it was decided on, from one read of the deployments.
async fn need_and_plan(engine: &Engine) -> jobhunter_engine::Result<(Option<HuntNeed>, HuntPlan)> {
    let plan = plan_daily_hunt(&engine.deployments().await?);
    let need = if !jobhunter_ops::profile::exists(engine.store().pool()).await? {
        Some(HuntNeed::Profile)
    } else if !plan.has_sources() {
        Some(HuntNeed::Sources)
    } else {
        None
    };
    Ok((need, plan))
}

/// [`hunt_need`] as the front ends show it.
pub async fn readiness(api: &crate::Api) -> crate::CommandResult<HuntReadiness> {
    let need = hunt_need(&api.engine).await?;
    Ok(HuntReadiness { ready: need.is_none(), need, reason: need.map(|n| n.reason().to_owned()) })
}

/// What "Run daily hunt now" did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum HuntStart {
    /// The run exists and runs in the background.
    #[serde(rename_all = "camelCase")]
    Started { flow_run_id: String, deployment_name: Option<String> },
    /// Nothing was started: there is no profile to score against.
    NeedsProfile,
    /// Nothing was started: the parameters have no sources.
    NeedsSources,
}

/// Starts the daily hunt (see [`plan_daily_hunt`]) as `actor` (`desktop`, `cli`) when
/// [`hunt_need`] says it can; a run started with a deployment's parameters is tagged with that
/// deployment, like "run now" of the deployment.
pub async fn run_daily_hunt(engine: &Engine, actor: &str) -> jobhunter_engine::Result<HuntStart> {
    let plan = match need_and_plan(engine).await? {
        (Some(HuntNeed::Profile), _) => return Ok(HuntStart::NeedsProfile),
        (Some(HuntNeed::Sources), _) => return Ok(HuntStart::NeedsSources),
        (None, plan) => plan,
    };
    let opts = RunOptions { deployment_id: plan.deployment_id, ..RunOptions::new("manual", actor) };
    let handle = engine.start_flow_json(DAILY_HUNT_FLOW, plan.parameters, opts).await?;
    Ok(HuntStart::Started { flow_run_id: handle.flow_run_id, deployment_name: plan.deployment_name })
}

/// "Run daily hunt now" from the app: [`run_daily_hunt`] as the desktop user. The Dashboard and
/// the tray both start the hunt through this one rule (it needs sources).
pub async fn hunt_now(api: &crate::Api) -> crate::CommandResult<HuntStart> {
    Ok(run_daily_hunt(&api.engine, "desktop").await?)
}

/// Pauses every deployment (`paused`), or resumes every one; returns whether the schedules
/// are paused afterwards.
pub async fn set_schedules_paused(engine: &Engine, paused: bool) -> jobhunter_engine::Result<bool> {
    for d in engine.deployments().await?.iter().filter(|d| d.paused != paused) {
        if paused {
            engine.pause_deployment(&d.id).await?;
        } else {
            engine.resume_deployment(&d.id).await?;
        }
    }
    schedules_paused(engine).await
}

/// Whether every deployment is paused (see [`all_paused`]).
pub async fn schedules_paused(engine: &Engine) -> jobhunter_engine::Result<bool> {
    Ok(all_paused(&engine.deployments().await?))
}

/// Pauses every deployment, or resumes every one when all are paused already (the stored
/// state decides, not the menu's text, so that pauses made elsewhere count). Returns whether
/// the schedules are paused afterwards.
pub async fn toggle_schedules(engine: &Engine) -> jobhunter_engine::Result<bool> {
    let resume = all_paused(&engine.deployments().await?);
    set_schedules_paused(engine, !resume).await
}

/// The flows whose runs are hunts (what the tray's "Next hunt" item looks at).
const HUNT_FLOWS: [&str; 2] = [DAILY_HUNT_FLOW, "scrape_and_process"];

/// When the next scheduled hunt fires after `now`: the earliest next run of the hunt
/// deployments that are not paused (`None`: no hunt is scheduled). A deployment whose schedule
/// no longer compiles is left out.
pub async fn next_hunt(
    engine: &Engine,
    now: DateTime<Utc>,
) -> jobhunter_engine::Result<Option<DateTime<Utc>>> {
    let mut next: Option<DateTime<Utc>> = None;
    for d in engine.deployments().await?.iter().filter(|d| HUNT_FLOWS.contains(&d.flow_name.as_str())) {
        match d.next_runs(now, 1) {
            Ok(runs) => {
                if let Some(&at) = runs.first() {
                    next = Some(next.map_or(at, |n| n.min(at)));
                }
            }
            Err(error) => tracing::debug!(deployment = %d.name, %error, "no next run"),
        }
    }
    Ok(next)
}

/// The tray's item for [`next_hunt`] in `zone`: "Next hunt: today 08:00", "Next hunt:
/// tomorrow 08:00", "Next hunt: Mon 14 Dec 08:00", or "No hunt scheduled".
pub fn next_hunt_label<Z: TimeZone>(next: Option<DateTime<Utc>>, now: DateTime<Utc>, zone: &Z) -> String
where
    Z::Offset: std::fmt::Display,
{
    let Some(next) = next else { return "No hunt scheduled".to_owned() };
    let (at, today) = (next.with_timezone(zone), now.with_timezone(zone).date_naive());
    let day = match (at.date_naive() - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        _ => at.format("%a %-d %b").to_string(),
    };
    format!("Next hunt: {day} {}", at.format("%H:%M"))
}

/// [`next_hunt_label`] of [`next_hunt`] in the user's time zone (the tray shows it).
pub async fn next_hunt_text(engine: &Engine, now: DateTime<Utc>) -> jobhunter_engine::Result<String> {
    let next = next_hunt(engine, now).await?;
    let zone = crate::defaults::local_timezone();
    Ok(match jobhunter_ops::notify::rules::parse_timezone(&zone) {
        Ok(tz) => next_hunt_label(next, now, &tz),
        Err(_) => next_hunt_label(next, now, &Utc),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use jobhunter_engine::schedule::{DeploymentSpec, Schedule};
    use serde_json::json;

    use super::*;

    async fn engine(dir: &tempfile::TempDir) -> Engine {
        Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.expect("engine")
    }

    async fn import_profile(engine: &Engine) {
        let resume = r#"{"basics": {"name": "Ada Lovelace"}, "skills": [{"name": "Rust"}]}"#;
        jobhunter_ops::profile::import(engine.store().pool(), resume, chrono::Utc::now())
            .await
            .expect("profile");
    }

    async fn deploy(engine: &Engine, name: &str, flow: &str, parameters: Value) -> Deployment {
        let every =
            Schedule::interval(Duration::from_secs(3600), chrono::Utc::now(), "UTC").expect("schedule");
        let spec = DeploymentSpec { parameters, ..DeploymentSpec::new(name, flow, vec![every]) };
        engine.create_deployment(spec).await.expect("deployment")
    }

    #[test]
    fn schedules_label_says_what_a_click_does() {
        assert_eq!(schedules_label(false), "Pause schedules");
        assert_eq!(schedules_label(true), "Resume schedules");
        assert!(!all_paused(&[]), "no deployments: nothing to resume");
    }

    #[test]
    fn the_run_item_says_what_is_missing() {
        assert_eq!(run_hunt_label(None), "Run daily hunt now");
        assert_eq!(run_hunt_label(Some(HuntNeed::Profile)), "Run daily hunt now (add your CV first)");
        assert_eq!(
            run_hunt_label(Some(HuntNeed::Sources)),
            "Run daily hunt now (choose where to search first)"
        );
    }

    #[test]
    fn the_next_hunt_reads_in_the_users_day() {
        use chrono::TimeZone as _;
        let berlin = jobhunter_ops::notify::rules::parse_timezone("Europe/Berlin").expect("zone");
        // 22:30 UTC on 1 Dec is 23:30 in Berlin; 07:00 UTC on 2 Dec is 08:00 there: tomorrow.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        let at = |d, h| Some(Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap());
        assert_eq!(next_hunt_label(at(1, 22), now, &berlin), "Next hunt: today 23:00");
        assert_eq!(next_hunt_label(at(2, 7), now, &berlin), "Next hunt: tomorrow 08:00");
        assert_eq!(next_hunt_label(at(7, 7), now, &berlin), "Next hunt: Mon 7 Dec 08:00");
        // In UTC the same 23:00 fire time is still today.
        assert_eq!(next_hunt_label(at(2, 7), now, &Utc), "Next hunt: tomorrow 07:00");
        assert_eq!(next_hunt_label(None, now, &berlin), "No hunt scheduled");
    }

    #[tokio::test]
    async fn the_next_hunt_is_the_earliest_unpaused_hunt_schedule() {
        use jobhunter_engine::schedule::Schedule;
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        let now = chrono::Utc::now();
        assert_eq!(next_hunt(&engine, now).await.expect("next"), None);
        let params = json!({ "sources": ["remoteok"], "keywords": ["rust"] });
        let every = |h: u64| Schedule::interval(Duration::from_secs(h * 3600), now, "UTC").expect("schedule");
        let hourly = |name: &str, h: u64, flow: &str| DeploymentSpec {
            parameters: if flow == "maintenance" { json!({}) } else { params.clone() },
            ..DeploymentSpec::new(name, flow, vec![every(h)])
        };
        // Maintenance is not a hunt, however soon it runs.
        engine.create_deployment(hourly("soon", 1, "maintenance")).await.expect("deploy");
        assert_eq!(next_hunt(&engine, now).await.expect("next"), None);
        let six = engine.create_deployment(hourly("six", 6, DAILY_HUNT_FLOW)).await.expect("deploy");
        let three = engine.create_deployment(hourly("three", 3, DAILY_HUNT_FLOW)).await.expect("deploy");
        let next = next_hunt(&engine, now).await.expect("next").expect("a next hunt");
        assert_eq!(Some(next), three.next_runs(now, 1).expect("runs").first().copied());
        assert!(next <= six.next_runs(now, 1).expect("runs")[0]);
        // Paused hunts are not scheduled.
        set_schedules_paused(&engine, true).await.expect("pause");
        assert_eq!(next_hunt(&engine, now).await.expect("next"), None);
        assert_eq!(next_hunt_text(&engine, now).await.expect("text"), "No hunt scheduled");
        engine.close().await.expect("close");
    }

    #[test]
    fn the_daily_hunt_flow_is_registered() {
        assert!(jobhunter_flows::registry().flow(DAILY_HUNT_FLOW).is_some());
    }

    #[tokio::test]
    async fn without_a_deployment_the_hunt_uses_the_defaults_and_needs_sources() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        deploy(&engine, "nightly-maintenance", "maintenance", json!({})).await;

        let plan = plan_daily_hunt(&engine.deployments().await.expect("deployments"));
        assert_eq!(plan.deployment_id, None);
        assert_eq!(plan.parameters, serde_json::to_value(DailyJobHuntParams::default()).expect("json"));
        assert!(!plan.has_sources());

        // The setup's order: the CV first, then where to search.
        assert_eq!(hunt_need(&engine).await.expect("need"), Some(HuntNeed::Profile));
        assert_eq!(run_daily_hunt(&engine, "desktop").await.expect("run"), HuntStart::NeedsProfile);
        import_profile(&engine).await;
        assert_eq!(hunt_need(&engine).await.expect("need"), Some(HuntNeed::Sources));
        assert_eq!(run_daily_hunt(&engine, "desktop").await.expect("run"), HuntStart::NeedsSources);
        let runs = engine.store().list_flow_runs(&Default::default()).await.expect("runs");
        assert!(runs.is_empty(), "nothing may start without sources: {runs:?}");
        engine.close().await.expect("close");
    }

    #[tokio::test]
    async fn the_hunt_takes_the_first_daily_hunt_deployment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        deploy(&engine, "a-maintenance", "maintenance", json!({})).await;
        let second = deploy(
            &engine,
            "b-hunt",
            DAILY_HUNT_FLOW,
            json!({ "sources": ["greenhouse:acme"], "keywords": ["go"] }),
        )
        .await;
        let first = deploy(
            &engine,
            "a-hunt",
            DAILY_HUNT_FLOW,
            json!({ "sources": ["remoteok"], "keywords": ["rust"] }),
        )
        .await;

        let plan = plan_daily_hunt(&engine.deployments().await.expect("deployments"));
        assert_eq!(plan.deployment_id.as_deref(), Some(first.id.as_str()));
        assert_ne!(plan.deployment_id.as_deref(), Some(second.id.as_str()));
        assert_eq!(plan.deployment_name.as_deref(), Some("a-hunt"));
        assert_eq!(plan.parameters["sources"], json!(["remoteok"]));
        assert_eq!(plan.parameters["keywords"], json!(["rust"]));
        // The stored parameters are normalized: the defaults fill the rest.
        assert_eq!(plan.parameters["limit"], json!(50));
        assert!(plan.has_sources());
        engine.close().await.expect("close");
    }

    #[tokio::test]
    async fn toggling_pauses_every_deployment_then_resumes_every_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = engine(&dir).await;
        assert!(!schedules_paused(&engine).await.expect("paused"));
        assert!(!toggle_schedules(&engine).await.expect("toggle"), "no deployments: nothing to pause");

        deploy(&engine, "one", "maintenance", json!({})).await;
        deploy(&engine, "two", "maintenance", json!({})).await;
        engine.pause_deployment("one").await.expect("pause one");
        assert!(!schedules_paused(&engine).await.expect("paused"), "one of two paused is not paused");

        assert!(toggle_schedules(&engine).await.expect("toggle"));
        assert!(engine.deployments().await.expect("deployments").iter().all(|d| d.paused));
        assert_eq!(schedules_label(schedules_paused(&engine).await.expect("paused")), "Resume schedules");

        assert!(!toggle_schedules(&engine).await.expect("toggle"));
        assert!(engine.deployments().await.expect("deployments").iter().all(|d| !d.paused));
        assert_eq!(schedules_label(schedules_paused(&engine).await.expect("paused")), "Pause schedules");
        engine.close().await.expect("close");
    }

    #[tokio::test]
    async fn hunt_now_follows_the_tray_rule_and_pausing_all_is_idempotent() {
        let dir = tempfile::tempdir().expect("tempdir");
        let api = crate::Api::new(engine(&dir).await);
        let not_ready = readiness(&api).await.expect("readiness");
        assert_eq!((not_ready.ready, not_ready.need), (false, Some(HuntNeed::Profile)));
        assert_eq!(not_ready.reason.as_deref(), Some(HuntNeed::Profile.reason()));
        assert_eq!(hunt_now(&api).await.expect("hunt"), HuntStart::NeedsProfile);
        import_profile(&api.engine).await;
        assert_eq!(readiness(&api).await.expect("readiness").need, Some(HuntNeed::Sources));
        assert_eq!(hunt_now(&api).await.expect("hunt"), HuntStart::NeedsSources);
        // A feed on a closed port of this machine: the hunt starts, and nothing leaves it.
        let sources = json!(["feed:http://127.0.0.1:9/jobs.rss"]);
        deploy(&api.engine, "hunt", DAILY_HUNT_FLOW, json!({ "sources": sources, "keywords": ["rust"] }))
            .await;
        deploy(&api.engine, "nightly", "maintenance", json!({})).await;
        let ready = readiness(&api).await.expect("readiness");
        assert_eq!((ready.ready, ready.need, ready.reason), (true, None, None));
        match hunt_now(&api).await.expect("hunt") {
            HuntStart::Started { flow_run_id, deployment_name } => {
                assert_eq!(deployment_name.as_deref(), Some("hunt"));
                let run = api.engine.store().get_flow_run(&flow_run_id).await.expect("the run exists");
                assert_eq!((run.flow_name.as_str(), run.actor.as_str()), (DAILY_HUNT_FLOW, "desktop"));
            }
            other => panic!("expected a started hunt: {other:?}"),
        }
        assert!(set_schedules_paused(&api.engine, true).await.expect("pause"));
        assert!(set_schedules_paused(&api.engine, true).await.expect("pause again"));
        assert!(!set_schedules_paused(&api.engine, false).await.expect("resume"));
        assert!(api.engine.deployments().await.expect("deployments").iter().all(|d| !d.paused));
        api.engine.wind_down(std::time::Duration::ZERO).await.expect("wind down");
        api.engine.close().await.expect("close");
    }
}
