//! The notification operations: `notify {message, title?, level}` (every enabled channel, or
//! the named ones), `notify_high_match {jobs}` (the `high_match` rules) and `notify_digest
//! {hours}` (the `digest` rules). They use the dependencies installed for the engine
//! ([`super::install`]); a channel that fails is reported in the output, never as an error of
//! the operation, so a notification never fails the flow that sends it.

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{OpContext, OpError, Operation};
use serde::{Deserialize, Serialize};

use super::{Digest, HighMatch, Level, Notice, NotificationRecord, Notifier, Status};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotifyInput {
    /// The text of the notification.
    #[schemars(title = "Message")]
    pub message: String,
    /// Defaults to "JobHunter".
    #[serde(default)]
    #[schemars(title = "Title")]
    pub title: Option<String>,
    /// How important it is: `info`, `success`, `warning` or `error`.
    #[serde(default)]
    #[schemars(title = "Importance")]
    pub level: Level,
    /// Only these channels (by name); default: every enabled channel.
    #[serde(default)]
    #[schemars(title = "Channels")]
    pub channels: Option<Vec<String>>,
}

/// One delivery attempt, as the operations report it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct DeliveryReport {
    pub notification_id: String,
    pub channel: String,
    /// sent | failed | skipped
    pub status: String,
    pub reason: Option<String>,
    pub error: Option<String>,
}

impl From<&NotificationRecord> for DeliveryReport {
    fn from(r: &NotificationRecord) -> Self {
        Self {
            notification_id: r.id.clone(),
            channel: r.channel.clone(),
            status: r.status.as_str().to_owned(),
            reason: r.reason.clone(),
            error: r.error.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct NotifyOutput {
    pub sent: u32,
    pub failed: u32,
    pub skipped: u32,
    pub deliveries: Vec<DeliveryReport>,
}

impl NotifyOutput {
    fn from_records(records: &[NotificationRecord]) -> Self {
        let count = |s| records.iter().filter(|r| r.status == s).count() as u32;
        Self {
            sent: count(Status::Sent),
            failed: count(Status::Failed),
            skipped: count(Status::Skipped),
            deliveries: records.iter().map(DeliveryReport::from).collect(),
        }
    }
}

/// `notify {message, title?, level, channels?}` -> what each channel did.
pub fn notify() -> Operation<NotifyInput, NotifyOutput> {
    Operation::new("notify", run_notify)
        .description("Send a notification through the configured channels (desktop, email, webhook); records every attempt")
        .category("notify")
        .tags(["notify"])
}

async fn run_notify(ctx: OpContext, input: NotifyInput) -> Result<NotifyOutput, OpError> {
    if input.message.trim().is_empty() {
        return Err(OpError::invalid("message: must not be empty"));
    }
    let notifier = Notifier::for_engine(ctx.engine());
    let title = input.title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "JobHunter".to_owned());
    let mut notice = Notice::new(title, input.message, input.level, "notify");
    if let Some(id) = ctx.flow_run_id() {
        notice.flow_run_id = Some(id.to_owned());
        if let Ok(run) = ctx.engine().store().get_flow_run(id).await {
            // A click opens what the run is about: the jobs a hunt found, else the run.
            notice.route = Some(if super::delivery::is_hunt(&run.flow_name) {
                super::message::route::hunt_jobs(id)
            } else {
                super::message::route::run(id)
            });
            notice.flow_name = Some(run.flow_name);
            notice.deployment_id = run.deployment_id;
        }
    }
    let records = notifier.notify(&notice, input.channels.as_deref()).await.map_err(|e| match e {
        crate::Error::NotFound(what) => OpError::invalid(format!("channels: {what} not found")),
        other => other.into(),
    })?;
    Ok(NotifyOutput::from_records(&records))
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HighMatchInput {
    /// The strong matches to report, each with its score (0..1).
    #[schemars(title = "Jobs")]
    pub jobs: Vec<HighMatch>,
}

/// `notify_high_match {jobs}` -> what the `high_match` rules did.
pub fn notify_high_match() -> Operation<HighMatchInput, NotifyOutput> {
    Operation::new("notify_high_match", |ctx: OpContext, input: HighMatchInput| async move {
        for (i, job) in input.jobs.iter().enumerate() {
            if !(0.0..=1.0).contains(&job.score) {
                return Err(OpError::invalid(format!(
                    "jobs[{i}].score: must be between 0 and 1, got {}",
                    job.score
                )));
            }
        }
        let notifier = Notifier::for_engine(ctx.engine());
        let records = notifier.high_matches(&input.jobs, ctx.flow_run_id()).await?;
        Ok(NotifyOutput::from_records(&records))
    })
    .description("Report jobs above the match threshold to the high_match notification rules")
    .category("notify")
    .tags(["notify"])
}

fn default_hours() -> u32 {
    24
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DigestInput {
    /// The period the digest covers, in hours before now (1..=168).
    #[serde(default = "default_hours")]
    #[schemars(title = "Hours covered")]
    pub hours: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct DigestOutput {
    pub title: String,
    pub message: String,
    pub runs: std::collections::BTreeMap<String, i64>,
    pub failures: usize,
    pub delivery: NotifyOutput,
}

/// `notify_digest {hours}` -> the digest and what the `digest` rules did with it.
pub fn notify_digest() -> Operation<DigestInput, DigestOutput> {
    Operation::new("notify_digest", |ctx: OpContext, input: DigestInput| async move {
        if !(1..=168).contains(&input.hours) {
            return Err(OpError::invalid(format!("hours: must be between 1 and 168, got {}", input.hours)));
        }
        let notifier = Notifier::for_engine(ctx.engine());
        let (digest, records): (Digest, _) = notifier.digest(input.hours).await?;
        Ok(DigestOutput {
            title: digest.title,
            message: digest.message,
            runs: digest.runs,
            failures: digest.failures.len(),
            delivery: NotifyOutput::from_records(&records),
        })
    })
    .description("Compose the digest of the last N hours and deliver it through the digest rules")
    .category("notify")
    .tags(["notify"])
}
