//! Delivery: sending a notice through a channel (desktop, webhook, email with a timeout),
//! applying the rules (quiet hours, cooldowns, once per key) to finished flow runs, high
//! matches and the digest, and recording every attempt in `notifications`. What the notices
//! say is composed in `notices`.

use std::time::Instant;

use jobhunter_engine::{FlowRunRecord, StateType};

pub(crate) use super::notices::is_hunt;
use super::notices::{high_match_notice, run_notice, streak_notice};
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
    /// threshold: one notification per rule listing the jobs that rule has not told the user
    /// about yet. A job counts as told by its cross-board identity (`jobs.dedupe_key`), so it
    /// is not announced again by the next hunt, when reposted under a new board id, or when a
    /// duplicate turns up on another board (see [`Self::high_match_rule`]). `flow_run_id` (when
    /// called inside a flow) lets a rule notify once per run and filters by the run's
    /// deployment.
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
        let key = match &run {
            Some(run) => format!("flow_run:{}", run.id),
            None => {
                let mut ids: Vec<&str> = jobs.iter().map(|j| j.job_id.as_str()).collect();
                ids.sort_unstable();
                format!("jobs:{}", ids.join(","))
            }
        };
        // One entry per identity: the first of the jobs sharing one (they come best first).
        let identities = store::job_identities(self.pool(), jobs.iter().map(|j| j.job_id.as_str())).await?;
        let mut keyed: Vec<(String, HighMatch)> = Vec::with_capacity(jobs.len());
        for job in jobs {
            let identity =
                identities.get(&job.job_id).cloned().unwrap_or_else(|| format!("job:{}", job.job_id));
            if !keyed.iter().any(|(k, _)| *k == identity) {
                keyed.push((identity, job.clone()));
            }
        }
        let deployment_id = run.as_ref().and_then(|r| r.deployment_id.clone());
        let mut out = Vec::new();
        for rule in store::rules_for(self.pool(), "high_match").await? {
            if rule.applies_to(deployment_id.as_deref()) {
                if let Some(record) = self.high_match_rule(&rule, &keyed, run.as_ref(), &key).await? {
                    out.push(record);
                }
            }
        }
        Ok(out)
    }

    /// One `high_match` rule over `keyed` (identity, job): the jobs the rule has not announced
    /// are claimed in `notified_jobs` in the same transaction that writes the notification row
    /// (outbox style: two hunts finishing together cannot both announce a job), then the notice
    /// is delivered and the row completed with the outcome. A delivery that does not reach the
    /// user (failed, channel disabled, no desktop) gives its claims back, and so do quiet hours
    /// and cooldowns (nothing is claimed then): the next hunt announces those jobs.
    async fn high_match_rule(
        &self,
        rule: &Rule,
        keyed: &[(String, HighMatch)],
        run: Option<&FlowRunRecord>,
        key: &str,
    ) -> Result<Option<NotificationRecord>> {
        if store::already_handled(self.pool(), rule.id, key).await? {
            return Ok(None);
        }
        let told =
            store::notified_identities(self.pool(), rule.id, keyed.iter().map(|(k, _)| k.as_str())).await?;
        let fresh: Vec<&(String, HighMatch)> = keyed.iter().filter(|(k, _)| !told.contains(k)).collect();
        if fresh.is_empty() {
            return Ok(None);
        }
        let channel = store::get_channel_by_id(self.pool(), rule.channel_id).await?;
        let now = self.engine.clock().now();
        let compose = |jobs: &[&(String, HighMatch)]| {
            let jobs: Vec<HighMatch> = jobs.iter().map(|(_, j)| j.clone()).collect();
            let mut notice = high_match_notice(&jobs, run.map(|r| r.id.as_str()));
            if let Some(run) = run {
                notice.flow_run_id = Some(run.id.clone());
                notice.flow_name = Some(run.flow_name.clone());
                notice.deployment_id = run.deployment_id.clone();
            }
            notice.trigger = rule.trigger.name().to_owned();
            notice
        };
        let skip = if rule.quiet_hours.is_some_and(|q| q.contains(now)) {
            Some(reason::QUIET_HOURS)
        } else if rule.cooling_down(store::last_sent(self.pool(), rule.id).await?, now) {
            Some(reason::COOLDOWN)
        } else {
            None
        };
        if let Some(why) = skip {
            let notice = compose(&fresh);
            let record =
                self.record(&channel, &notice, Some(rule.id), Some(key), Outcome::Skipped(why), None).await?;
            return Ok(Some(record));
        }

        // Claim and write the row in one transaction; only what this call claimed is sent.
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.pool().begin().await?;
        let mut claimed = Vec::with_capacity(fresh.len());
        for entry in &fresh {
            if store::claim_job(&mut *tx, rule.id, &entry.0, &entry.1.job_id, &id, now).await? {
                claimed.push(*entry);
            }
        }
        if claimed.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        let notice = compose(&claimed);
        let mut record = self.record_of(
            &channel,
            &notice,
            Some(rule.id),
            Some(key),
            Outcome::Failed("interrupted before the delivery ended".into()),
            None,
        );
        record.id = id;
        store::insert_notification(&mut *tx, &record).await?;
        tx.commit().await?;

        let (outcome, duration_ms) = self.send(&channel, &notice, false).await;
        let done = self.record_of(&channel, &notice, Some(rule.id), Some(key), outcome, duration_ms);
        let record = NotificationRecord { id: record.id, created_at: record.created_at, ..done };
        store::finish_notification(self.pool(), &record).await?;
        if record.status != Status::Sent {
            store::release_claims(self.pool(), &record.id).await?;
        }
        Ok(Some(record))
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
        let (outcome, duration_ms) = self.send(channel, notice, force).await;
        self.record(channel, notice, rule_id, key, outcome, duration_ms).await
    }

    /// Sends `notice` through `channel`: the outcome and, when it was attempted, how long it
    /// took. Never fails: a channel's error is the `Failed` outcome.
    async fn send(&self, channel: &Channel, notice: &Notice, force: bool) -> (Outcome, Option<i64>) {
        if !channel.enabled && !force {
            return (Outcome::Skipped(reason::DISABLED), None);
        }
        let started = Instant::now();
        let timeout = self.deps.timeout;
        let result = match &channel.config {
            ChannelConfig::Desktop => match &self.deps.desktop {
                None => return (Outcome::Skipped(reason::NO_DESKTOP), None),
                // Notification daemons may render markup in the body: keep it literal.
                Some(desktop) => {
                    let body = super::markup::escape(&notice.body_text());
                    let shown = desktop.show_routed(&notice.title, &body, notice.route.as_deref());
                    match tokio::time::timeout(timeout, shown).await {
                        Ok(r) => r,
                        Err(_) => Err(Error::transient(format!(
                            "the desktop did not take the notification within {timeout:?}"
                        ))),
                    }
                }
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
        (outcome, ms)
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
        let record = self.record_of(channel, notice, rule_id, key, outcome, duration_ms);
        store::insert_notification(self.pool(), &record).await?;
        Ok(record)
    }

    /// The row recording `outcome` (a new id, created now).
    fn record_of(
        &self,
        channel: &Channel,
        notice: &Notice,
        rule_id: Option<i64>,
        key: Option<&str>,
        outcome: Outcome,
        duration_ms: Option<i64>,
    ) -> NotificationRecord {
        let (status, reason, error) = match outcome {
            Outcome::Sent => (Status::Sent, None, None),
            Outcome::Failed(e) => (Status::Failed, None, Some(e)),
            Outcome::Skipped(r) => (Status::Skipped, Some(r.to_owned()), None),
        };
        NotificationRecord {
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
        }
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
