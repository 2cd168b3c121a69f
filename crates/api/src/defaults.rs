//! What a fresh data dir gets once, so that the app is sensible from the first start: the
//! nightly maintenance (02:00 in the user's zone, so the retention setting does something) and
//! desktop notifications for failed or crashed runs and for new high matches (so a failed
//! scheduled hunt is never silent). Applied once per data dir: what the user edits or deletes
//! afterwards stays as they left it. The app applies it when it starts; a headless
//! `jobhunter serve` does not (it has no desktop to notify, and its schedules are the ones made
//! with `jobhunter deployments create`).

use jobhunter_engine::schedule::{parse_timezone, DeploymentSpec, Schedule};
use jobhunter_ops::notify::{NewRule, Notifier, Trigger, DESKTOP_CHANNEL};
use jobhunter_ops::settings;
use serde::{Deserialize, Serialize};

use crate::error::CommandResult;
use crate::Api;

/// The setting that records that the defaults were applied (its value: when).
pub const DEFAULTS_APPLIED: &str = "defaults.applied_at";

/// The maintenance deployment's name, as the Schedules screen shows it.
pub const MAINTENANCE_NAME: &str = "Nightly maintenance";

/// Every day at 02:00.
pub const MAINTENANCE_CRON: &str = "0 2 * * *";

/// The seed's deployment tags: runs of the app's own schedules carry them, so they can be
/// told apart and filtered ("production" hunts, "scraping" between hunts, "maintenance").
pub const MAINTENANCE_TAGS: [&str; 2] = ["scheduled", "maintenance"];
/// The daily hunt's schedule (see `setup::save_sources`).
pub const DAILY_HUNT_TAGS: [&str; 2] = ["scheduled", "production"];
/// The every-6-hours scrape (see `setup::save_schedule`).
pub const SCRAPE_TAGS: [&str; 2] = ["scheduled", "scraping"];

/// The triggers of the default desktop rules.
pub const DEFAULT_TRIGGERS: [Trigger; 3] = [Trigger::Failed, Trigger::Crashed, Trigger::HighMatch];

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The defaults had been applied to this data dir before: nothing was done.
    pub already: bool,
    pub deployments: Vec<String>,
    pub rules: Vec<String>,
}

/// The user's IANA time zone: `$TZ` when it names one, else the system's, else UTC.
pub fn local_timezone() -> String {
    let candidates = [
        std::env::var("TZ").ok().map(|tz| tz.trim_start_matches(':').to_owned()),
        iana_time_zone::get_timezone().ok(),
    ];
    candidates.into_iter().flatten().find(|tz| parse_timezone(tz).is_ok()).unwrap_or_else(|| "UTC".into())
}

/// Applies the first-start defaults unless this data dir had them already. A default that
/// exists already (a deployment of the same name, a desktop rule with the same trigger) is not
/// made twice, so a start interrupted half-way completes on the next one.
pub async fn apply(api: &Api, timezone: &str) -> CommandResult<Applied> {
    let pool = api.engine.store().pool();
    if settings::get::<String>(pool, DEFAULTS_APPLIED).await?.is_some() {
        return Ok(Applied { already: true, ..Applied::default() });
    }
    let mut applied = Applied::default();
    let deployments = api.engine.deployments().await?;
    if !deployments.iter().any(|d| d.name == MAINTENANCE_NAME) {
        let schedule = Schedule::cron(MAINTENANCE_CRON, timezone)?;
        let spec =
            DeploymentSpec::new(MAINTENANCE_NAME, "maintenance", vec![schedule]).with_tags(MAINTENANCE_TAGS);
        applied.deployments.push(api.engine.create_deployment(spec).await?.name);
    }
    let notifier = Notifier::for_engine(&api.engine);
    let rules = notifier.rules().await?;
    for trigger in DEFAULT_TRIGGERS {
        let exists = rules.iter().any(|r| r.trigger == trigger && r.channel == DESKTOP_CHANNEL);
        if !exists {
            notifier.add_rule(NewRule::new(trigger, DESKTOP_CHANNEL)).await?;
            applied.rules.push(trigger.to_string());
        }
    }
    let now = api.engine.clock().now();
    settings::set(pool, DEFAULTS_APPLIED, &now.to_rfc3339(), now).await?;
    tracing::info!(?applied, "applied the first-start defaults");
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn a_fresh_data_dir_gets_maintenance_and_desktop_rules_once() {
        let (_dir, api) = state().await;
        let applied = apply(&api, "Europe/Berlin").await.unwrap();
        assert_eq!(applied.deployments, [MAINTENANCE_NAME]);
        assert_eq!(applied.rules, ["failed", "crashed", "high_match"]);

        let deployments = api.engine.deployments().await.unwrap();
        assert_eq!(deployments.len(), 1);
        let d = &deployments[0];
        assert_eq!((d.flow_name.as_str(), d.paused), ("maintenance", false));
        assert_eq!(d.tags, MAINTENANCE_TAGS, "the seed's tags");
        assert_eq!(d.parameters["cleanup_days"], serde_json::Value::Null, "retention comes from the setting");
        match &d.schedules[0] {
            Schedule::Cron { expr, timezone, .. } => {
                assert_eq!((expr.as_str(), timezone.as_str()), (MAINTENANCE_CRON, "Europe/Berlin"))
            }
            other => panic!("expected a cron schedule, got {other:?}"),
        }

        // What the user deletes stays deleted: the defaults are applied once per data dir.
        let notifier = Notifier::for_engine(&api.engine);
        let high =
            notifier.rules().await.unwrap().into_iter().find(|r| r.trigger == Trigger::HighMatch).unwrap();
        notifier.delete_rule(high.id).await.unwrap();
        api.engine.delete_deployment(&d.id).await.unwrap();
        assert!(apply(&api, "UTC").await.unwrap().already);
        assert_eq!(notifier.rules().await.unwrap().len(), 2);
        assert!(api.engine.deployments().await.unwrap().is_empty());
        api.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn an_interrupted_first_start_completes_without_doubles() {
        let (_dir, api) = state().await;
        // As if an earlier start made the deployment and one rule, then stopped.
        let schedule = Schedule::cron(MAINTENANCE_CRON, "UTC").unwrap();
        api.engine
            .create_deployment(DeploymentSpec::new(MAINTENANCE_NAME, "maintenance", vec![schedule]))
            .await
            .unwrap();
        Notifier::for_engine(&api.engine)
            .add_rule(NewRule::new(Trigger::Failed, DESKTOP_CHANNEL))
            .await
            .unwrap();
        let applied = apply(&api, "UTC").await.unwrap();
        assert!(applied.deployments.is_empty());
        assert_eq!(applied.rules, ["crashed", "high_match"]);
        assert_eq!(api.engine.deployments().await.unwrap().len(), 1);
        assert_eq!(Notifier::for_engine(&api.engine).rules().await.unwrap().len(), 3);
        api.engine.close().await.unwrap();
    }

    #[test]
    fn the_local_zone_is_a_valid_zone() {
        assert!(parse_timezone(&local_timezone()).is_ok());
    }
}
