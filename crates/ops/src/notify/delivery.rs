//! Delivery: sending a notice through a channel (desktop, webhook, email with a timeout),
//! applying the rules (quiet hours, cooldowns, once per key) to finished flow runs, high
//! matches and the digest, and recording every attempt in `notifications`.

use std::time::Instant;

use jobhunter_engine::{FlowRunRecord, StateType};

use super::{
    digest, email, reason, secrets, store, webhook, Channel, ChannelConfig, Digest, HighMatch, Level, Notice,
    NotificationRecord, Notifier, Rule, Status, Trigger,
};
use crate::error::{Error, Result};

impl Notifier {
    // -----------------------------------------------------------------------------------------
    // Delivery
    // -----------------------------------------------------------------------------------------

    /// Sends a test notification through the channel `name` (recorded with trigger `test`).
    pub async fn send_test(&self, name: &str) -> Result<NotificationRecord> {
        let channel = store::get_channel(self.pool(), name).await?;
        let notice = Notice::new(
            "JobHunter test notification",
            format!(
                "This is a test of the {} channel '{}'. If you can read it, it works.",
                channel.kind().as_str(),
                name
            ),
            Level::Info,
            "test",
        );
        self.deliver(&channel, &notice, None, None, true).await
    }

    /// Delivers `notice` to every enabled channel, or to the channels named in `only`
    /// (no rules, cooldowns or quiet hours: this is the `notify` operation).
    pub async fn notify(&self, notice: &Notice, only: Option<&[String]>) -> Result<Vec<NotificationRecord>> {
        let channels = store::list_channels(self.pool()).await?;
        if let Some(names) = only {
            if let Some(missing) = names.iter().find(|n| !channels.iter().any(|c| &c.name == *n)) {
                return Err(Error::NotFound(format!("channel '{missing}'")));
            }
        }
        let mut out = Vec::new();
        for channel in channels {
            let wanted = match only {
                Some(names) => names.contains(&channel.name),
                None => channel.enabled,
            };
            if wanted {
                out.push(self.deliver(&channel, notice, None, None, false).await?);
            }
        }
        Ok(out)
    }

    /// Applies the rules to a flow run that reached a terminal state (the rules loop calls it;
    /// so does `jobhunter flows run` for the run it executed). Non-terminal runs and runs a
    /// rule already handled produce nothing.
    pub async fn on_flow_run_finished(&self, flow_run_id: &str) -> Result<Vec<NotificationRecord>> {
        let run = self.engine.store().get_flow_run(flow_run_id).await?;
        let triggers: &[&str] = match run.state_type {
            StateType::Completed => &["completed"],
            StateType::Failed => &["failed", "consecutive_failures"],
            StateType::Crashed => &["crashed", "consecutive_failures"],
            _ => &[],
        };
        let mut out = Vec::new();
        for trigger in triggers {
            for rule in store::rules_for(self.pool(), trigger).await? {
                if !rule.applies_to(run.deployment_id.as_deref()) {
                    continue;
                }
                let notice = match rule.trigger {
                    Trigger::ConsecutiveFailures(n) => {
                        let streak = store::failure_streak(
                            self.pool(),
                            run.deployment_id.as_deref(),
                            &run.flow_name,
                            n + 1,
                        )
                        .await?;
                        if streak != n {
                            continue;
                        }
                        streak_notice(&run, n)
                    }
                    _ => run_notice(&run),
                };
                let key = format!("flow_run:{}", run.id);
                if let Some(record) = self.apply_rule(&rule, &notice, &key).await? {
                    out.push(record);
                }
            }
        }
        Ok(out)
    }

    /// Applies the `high_match` rules to jobs the job-hunt operations found above their
    /// threshold (one notification per rule listing them). `flow_run_id` (when called inside
    /// a flow) lets a rule notify once per run and filters by the run's deployment.
    pub async fn high_matches(
        &self,
        jobs: &[HighMatch],
        flow_run_id: Option<&str>,
    ) -> Result<Vec<NotificationRecord>> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let run = match flow_run_id {
            Some(id) => Some(self.engine.store().get_flow_run(id).await?),
            None => None,
        };
        let mut notice = high_match_notice(jobs);
        if let Some(run) = &run {
            notice.flow_run_id = Some(run.id.clone());
            notice.flow_name = Some(run.flow_name.clone());
            notice.deployment_id = run.deployment_id.clone();
        }
        let key = match &run {
            Some(run) => format!("flow_run:{}", run.id),
            None => {
                let mut ids: Vec<&str> = jobs.iter().map(|j| j.job_id.as_str()).collect();
                ids.sort_unstable();
                format!("jobs:{}", ids.join(","))
            }
        };
        let mut out = Vec::new();
        for rule in store::rules_for(self.pool(), "high_match").await? {
            if rule.applies_to(notice.deployment_id.as_deref()) {
                if let Some(record) = self.apply_rule(&rule, &notice, &key).await? {
                    out.push(record);
                }
            }
        }
        Ok(out)
    }

    /// Composes the digest of the last `hours` and delivers it through the `digest` rules.
    pub async fn digest(&self, hours: u32) -> Result<(Digest, Vec<NotificationRecord>)> {
        let now = self.engine.clock().now();
        let digest = digest::compose(self.pool(), now, hours).await?;
        let notice = Notice::new(digest.title.clone(), digest.message.clone(), Level::Info, "digest");
        let key = format!("digest:{}", now.format("%Y-%m-%dT%H:%M"));
        let mut out = Vec::new();
        for rule in store::rules_for(self.pool(), "digest").await? {
            if let Some(record) = self.apply_rule(&rule, &notice, &key).await? {
                out.push(record);
            }
        }
        Ok((digest, out))
    }

    /// Quiet hours, cooldown, then delivery; `None` when the rule already handled `key`.
    async fn apply_rule(
        &self,
        rule: &Rule,
        notice: &Notice,
        key: &str,
    ) -> Result<Option<NotificationRecord>> {
        if store::already_handled(self.pool(), rule.id, key).await? {
            return Ok(None);
        }
        let channel = store::get_channel_by_id(self.pool(), rule.channel_id).await?;
        let now = self.engine.clock().now();
        let mut notice = notice.clone();
        notice.trigger = rule.trigger.name().to_owned();
        let skip = if rule.quiet_hours.is_some_and(|q| q.contains(now)) {
            Some(reason::QUIET_HOURS)
        } else if rule.cooling_down(store::last_sent(self.pool(), rule.id).await?, now) {
            Some(reason::COOLDOWN)
        } else {
            None
        };
        let record = match skip {
            Some(why) => {
                self.record(&channel, &notice, Some(rule.id), Some(key), Outcome::Skipped(why), None).await?
            }
            None => self.deliver(&channel, &notice, Some(rule.id), Some(key), false).await?,
        };
        Ok(Some(record))
    }

    /// Sends `notice` through `channel` and records the outcome. `force`: deliver even if the
    /// channel is disabled ("send test").
    async fn deliver(
        &self,
        channel: &Channel,
        notice: &Notice,
        rule_id: Option<i64>,
        key: Option<&str>,
        force: bool,
    ) -> Result<NotificationRecord> {
        if !channel.enabled && !force {
            return self
                .record(channel, notice, rule_id, key, Outcome::Skipped(reason::DISABLED), None)
                .await;
        }
        let started = Instant::now();
        let timeout = self.deps.timeout;
        let result = match &channel.config {
            ChannelConfig::Desktop => match &self.deps.desktop {
                None => {
                    return self
                        .record(channel, notice, rule_id, key, Outcome::Skipped(reason::NO_DESKTOP), None)
                        .await
                }
                // Notification daemons may render markup in the body: keep it literal.
                Some(desktop) => desktop.show(&notice.title, &super::markup::escape(&notice.body_text())),
            },
            ChannelConfig::Webhook(config) => match self.http_client() {
                Ok(client) => webhook::send(&client, config, notice, self.engine.clock().now()).await,
                Err(e) => Err(e),
            },
            ChannelConfig::Email(config) => {
                let password = match &config.smtp_user {
                    Some(_) => secrets::smtp_password(&*self.deps.secrets, &channel.name),
                    None => Ok(None),
                };
                match password {
                    Ok(password) => {
                        match tokio::time::timeout(timeout, email::send(config, password, notice, timeout))
                            .await
                        {
                            Ok(r) => r,
                            Err(_) => {
                                Err(Error::transient(format!("SMTP delivery timed out after {timeout:?}")))
                            }
                        }
                    }
                    Err(e) => Err(e),
                }
            }
        };
        let ms = Some(started.elapsed().as_millis() as i64);
        let outcome = match result {
            Ok(()) => Outcome::Sent,
            Err(e) => {
                tracing::warn!(channel = %channel.name, error = %e, "notification not delivered");
                Outcome::Failed(e.to_string())
            }
        };
        self.record(channel, notice, rule_id, key, outcome, ms).await
    }

    async fn record(
        &self,
        channel: &Channel,
        notice: &Notice,
        rule_id: Option<i64>,
        key: Option<&str>,
        outcome: Outcome,
        duration_ms: Option<i64>,
    ) -> Result<NotificationRecord> {
        let (status, reason, error) = match outcome {
            Outcome::Sent => (Status::Sent, None, None),
            Outcome::Failed(e) => (Status::Failed, None, Some(e)),
            Outcome::Skipped(r) => (Status::Skipped, Some(r.to_owned()), None),
        };
        let record = NotificationRecord {
            id: uuid::Uuid::now_v7().to_string(),
            created_at: self.engine.clock().now(),
            channel_id: Some(channel.id),
            channel: channel.name.clone(),
            channel_kind: channel.kind().as_str().to_owned(),
            rule_id,
            trigger: notice.trigger.clone(),
            flow_run_id: notice.flow_run_id.clone(),
            deployment_id: notice.deployment_id.clone(),
            title: notice.title.clone(),
            message: notice.message.clone(),
            level: notice.level.as_str().to_owned(),
            status,
            reason,
            error,
            duration_ms,
            dedupe_key: key.map(str::to_owned),
        };
        store::insert_notification(self.pool(), &record).await?;
        Ok(record)
    }

    fn http_client(&self) -> Result<reqwest::Client> {
        if let Some(c) = self.http.get() {
            return Ok(c.clone());
        }
        let client = webhook::client(self.deps.timeout)?;
        Ok(self.http.get_or_init(|| client).clone())
    }
}

enum Outcome {
    Sent,
    Failed(String),
    Skipped(&'static str),
}

fn run_notice(run: &FlowRunRecord) -> Notice {
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
    Notice {
        flow_run_id: Some(run.id.clone()),
        flow_name: Some(run.flow_name.clone()),
        deployment_id: run.deployment_id.clone(),
        ..Notice::new(title, message, level, run.state_type.as_str())
    }
}

fn streak_notice(run: &FlowRunRecord, n: u32) -> Notice {
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
        ..Notice::new(
            format!("{}: {n} failures in a row", run.flow_name),
            message,
            Level::Error,
            "consecutive_failures",
        )
    }
}

fn high_match_notice(jobs: &[HighMatch]) -> Notice {
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
    Notice::new(title, lines.join("\n"), Level::Info, "high_match")
}

fn took(run: &FlowRunRecord) -> String {
    match run.duration_ms {
        Some(ms) if ms >= 1000 => format!(" in {:.1}s", ms as f64 / 1000.0),
        Some(ms) => format!(" in {ms}ms"),
        None => String::new(),
    }
}
