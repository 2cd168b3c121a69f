//! Notification rules on the Settings screen: which events reach which channel, with
//! cooldown and quiet hours.

use jobhunter_ops::notify::rules::{format_duration, parse_timezone};
use jobhunter_ops::notify::{parse_duration, NewRule, Notifier, QuietHours, Rule, Trigger};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// The longest cooldown a rule may have.
pub const MAX_COOLDOWN: std::time::Duration = std::time::Duration::from_secs(365 * 86_400);

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleDto {
    pub id: f64,
    /// `completed`, `failed`, `crashed`, `high_match`, `digest` or `consecutive_failures:N`.
    pub trigger: String,
    pub channel: String,
    /// Only runs of this deployment (`null`: every run).
    pub deployment_id: Option<String>,
    /// `30m`; `null` without a cooldown.
    pub cooldown: Option<String>,
    /// `22:00-07:00`.
    pub quiet_hours: Option<String>,
    /// The quiet hours' zone.
    pub timezone: Option<String>,
}

impl From<Rule> for RuleDto {
    fn from(r: Rule) -> Self {
        Self {
            id: r.id as f64,
            trigger: r.trigger.to_string(),
            channel: r.channel,
            deployment_id: r.deployment_id,
            cooldown: (!r.cooldown.is_zero()).then(|| format_duration(r.cooldown)),
            quiet_hours: r.quiet_hours.map(|q| q.range()),
            timezone: r.quiet_hours.map(|q| q.timezone.name().to_owned()),
        }
    }
}

/// A rule to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleInput {
    pub trigger: String,
    pub channel: String,
    pub deployment_id: Option<String>,
    pub cooldown: Option<String>,
    pub quiet_hours: Option<String>,
    /// The quiet hours' zone (default UTC).
    pub timezone: Option<String>,
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The command's logic, without Tauri.
pub async fn add(state: &Api, input: RuleInput) -> CommandResult<RuleDto> {
    let trigger = Trigger::parse(input.trigger.trim()).map_err(|e| CommandError::invalid("trigger", e))?;
    let notifier = Notifier::for_engine(&state.engine);
    notifier.channel(input.channel.trim()).await.map_err(|e| CommandError::invalid("channel", e))?;
    let mut rule = NewRule::new(trigger, input.channel.trim());
    rule.deployment_id = blank_to_none(&input.deployment_id).map(str::to_owned);
    if let Some(cooldown) = blank_to_none(&input.cooldown) {
        rule.cooldown = parse_duration(cooldown).map_err(|e| CommandError::invalid("cooldown", e))?;
        if rule.cooldown > MAX_COOLDOWN {
            return Err(CommandError::invalid("cooldown", format!("'{cooldown}' is longer than 365 days")));
        }
    }
    let tz = blank_to_none(&input.timezone).unwrap_or("UTC");
    parse_timezone(tz).map_err(|e| CommandError::invalid("timezone", e))?;
    if let Some(range) = blank_to_none(&input.quiet_hours) {
        rule.quiet_hours =
            Some(QuietHours::parse(range, tz).map_err(|e| CommandError::invalid("quietHours", e))?);
    }
    Ok(notifier.add_rule(rule).await?.into())
}

/// Every notification rule.
pub async fn list(api: &Api) -> CommandResult<Vec<RuleDto>> {
    Ok(Notifier::for_engine(&api.engine).rules().await?.into_iter().map(RuleDto::from).collect())
}

/// Deletes rule `id`.
pub async fn delete(api: &Api, id: i64) -> CommandResult<()> {
    Ok(Notifier::for_engine(&api.engine).delete_rule(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn add_list_and_refuse_bad_fields() {
        let (_dir, state) = state().await;
        let input = RuleInput {
            trigger: "consecutive_failures:3".into(),
            channel: "desktop".into(),
            deployment_id: None,
            cooldown: Some("30m".into()),
            quiet_hours: Some("22:00-07:00".into()),
            timezone: Some("Europe/Berlin".into()),
        };
        let rule = add(&state, input.clone()).await.unwrap();
        assert_eq!(rule.trigger, "consecutive_failures:3");
        assert_eq!(rule.cooldown.as_deref(), Some("30m"));
        assert_eq!(rule.quiet_hours.as_deref(), Some("22:00-07:00"));
        assert_eq!(rule.timezone.as_deref(), Some("Europe/Berlin"));

        for (bad, field) in [
            (RuleInput { trigger: "sometimes".into(), ..input.clone() }, "trigger:"),
            (RuleInput { channel: "nope".into(), ..input.clone() }, "channel:"),
            (RuleInput { cooldown: Some("soon".into()), ..input.clone() }, "cooldown:"),
            (RuleInput { quiet_hours: Some("22-7".into()), ..input.clone() }, "quietHours:"),
            (RuleInput { timezone: Some("Mars/Base".into()), ..input.clone() }, "timezone:"),
            (RuleInput { cooldown: Some("100000000d".into()), ..input.clone() }, "cooldown:"),
        ] {
            let e = add(&state, bad).await.unwrap_err();
            assert!(e.message.starts_with(field), "{field} {}", e.message);
        }
        let notifier = Notifier::for_engine(&state.engine);
        assert_eq!(notifier.rules().await.unwrap().len(), 1);
        notifier.delete_rule(rule.id as i64).await.unwrap();
        assert!(notifier.rules().await.unwrap().is_empty());
        state.engine.close().await.unwrap();
    }
}
