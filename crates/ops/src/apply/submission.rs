//! `apply_job`: submitting an application with an approved CV, by email through a
//! notification channel or by recording the apply URL, behind the guard rails (never twice,
//! the daily cap, dry runs), claimed in the outbox (`outbox`) in one transaction before the
//! send, so that concurrent calls, processes and lost replies never send twice.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, OpContext, OpError, Operation};
use jobhunter_jobs::store as job_store;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::email::{build_email, default_body, ApplicationEmail};
use super::outbox::{self, SendStatus};
use super::smtp::{self, SendOutcome};
use super::tracker::record;
use super::{Stage, DAILY_CAP, DEFAULT_DAILY_CAP, DRY_RUN, EMAIL_CHANNEL};
use crate::notify::{self, Channel, ChannelConfig, ChannelKind, EmailConfig};
use crate::{settings, Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    /// The job to apply to.
    #[schemars(title = "Job")]
    pub job_id: String,
    /// An approved CV document (kind `cv`, format `pdf`).
    #[schemars(title = "CV")]
    pub cv_id: String,
    /// Record what would happen without sending (also on when the setting `apply.dry_run` is).
    #[serde(default)]
    #[schemars(title = "Practice run (send nothing)")]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplyOutput {
    pub success: bool,
    pub application_id: String,
    /// `email` (sent, or would be in a dry run) or `url` (the user applies by hand).
    pub channel: String,
    /// `applied` once the email went out; `ready` otherwise.
    pub stage: Stage,
    pub message: String,
    pub dry_run: bool,
    /// The address the application was (or would be) sent to.
    #[serde(default)]
    pub recipient: Option<String>,
    /// Where to apply by hand (channel `url`).
    #[serde(default)]
    pub apply_url: Option<String>,
}

/// `apply_job {job_id, cv_id, dry_run?}` -> `{success, application_id, channel, stage, message}`.
pub fn apply_job() -> Operation<ApplyInput, ApplyOutput> {
    Operation::new("apply_job", apply)
        .description(
            "Apply to a job with an approved CV: email it when the job has an apply address and an \
             email channel is configured, else record the apply URL; never twice, daily cap, dry run",
        )
        .category("applications")
        .tags(["applications", "email"])
}

/// The approved CV to send.
pub(super) struct Cv {
    pub id: String,
    pub path: PathBuf,
    pub profile_id: Option<String>,
}

pub(super) async fn approved_cv(pool: &SqlitePool, cv_id: &str, job_id: &str) -> Result<Cv> {
    let row = sqlx::query(
        "SELECT id, job_id, profile_id, kind, format, path, approved FROM documents WHERE id = ?",
    )
    .bind(cv_id)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| Error::invalid(format!("cv_id: document '{cv_id}' not found")))?;
    let kind: String = row.try_get("kind")?;
    if kind != "cv" {
        return Err(Error::invalid(format!("cv_id: document '{cv_id}' is a {kind}, not a cv")));
    }
    let format: String = row.try_get("format")?;
    if format != "pdf" {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' is the {format} version of the CV; use its pdf document"
        )));
    }
    if !row.try_get::<bool, _>("approved")? {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' is not approved (approve it with `jobhunter documents approve {cv_id}`)"
        )));
    }
    let for_job: Option<String> = row.try_get("job_id")?;
    if let Some(other) = for_job.filter(|j| j != job_id) {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' was tailored to job {other}, not to job {job_id}"
        )));
    }
    let path = PathBuf::from(row.try_get::<String, _>("path")?);
    if !path.is_file() {
        return Err(Error::invalid(format!(
            "cv_id: the PDF of document '{cv_id}' is missing: {}",
            path.display()
        )));
    }
    Ok(Cv { id: cv_id.to_owned(), path, profile_id: row.try_get("profile_id")? })
}

/// The Markdown text of the newest approved cover letter of the job, if any.
async fn cover_letter_text(pool: &SqlitePool, job_id: &str) -> Result<Option<String>> {
    let rows = sqlx::query(
        "SELECT format, path FROM documents WHERE job_id = ? AND kind = 'cover_letter' AND approved = 1 \
         ORDER BY format = 'md' DESC, created_at DESC, id DESC",
    )
    .bind(job_id)
    .fetch_all(pool)
    .await?;
    for row in rows {
        let format: String = row.try_get("format")?;
        let path = PathBuf::from(row.try_get::<String, _>("path")?);
        let md = if format == "md" { path } else { path.with_extension("md") };
        if let Ok(text) = std::fs::read_to_string(&md) {
            if !text.trim().is_empty() {
                return Ok(Some(text));
            }
        }
    }
    Ok(None)
}

/// Applications moved to `applied` since UTC midnight (sent or moved by hand).
pub async fn applied_today(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u32> {
    let mut conn = pool.acquire().await?;
    outbox::applied_since_midnight(&mut conn, now).await
}

/// The email channel applications go through, if one is configured.
pub(super) async fn email_channel(pool: &SqlitePool) -> Result<Option<(Channel, EmailConfig)>> {
    let named: Option<String> = settings::get(pool, EMAIL_CHANNEL).await?;
    let channel = match named.filter(|n| !n.trim().is_empty()) {
        Some(name) => Some(notify::store::get_channel(pool, &name).await.map_err(|e| match e {
            Error::NotFound(_) => {
                Error::invalid(format!("setting {EMAIL_CHANNEL}: channel '{name}' not found"))
            }
            other => other,
        })?),
        None => {
            let mut all = notify::store::list_channels(pool).await?;
            all.sort_by_key(|c| c.id);
            all.into_iter().find(|c| c.enabled && c.kind() == ChannelKind::Email)
        }
    };
    match channel {
        None => Ok(None),
        Some(c) => match &c.config {
            ChannelConfig::Email(config) => {
                let config = config.clone();
                Ok(Some((c, config)))
            }
            other => Err(Error::invalid(format!(
                "setting {EMAIL_CHANNEL}: channel '{}' is a {} channel, not an email channel",
                c.name,
                other.kind().as_str()
            ))),
        },
    }
}

fn job_error(e: jobhunter_jobs::Error) -> OpError {
    match e {
        jobhunter_jobs::Error::Invalid(m) => OpError::invalid(format!("job_id: {m}")),
        other => crate::hunt::op_error(other),
    }
}

/// How long a claimed send may take before its `sending` row counts as interrupted: the two
/// SMTP phases with their timeouts, and a margin.
fn stale_after(timeout: Duration) -> Duration {
    timeout * 3 + Duration::from_secs(30)
}

/// A Message-ID in the domain of the sender: `<uuid@domain>`.
fn new_message_id(from: &Mailbox) -> String {
    let domain = from.email.domain();
    let domain = if domain.is_empty() || !domain.is_ascii() { "jobhunter.invalid" } else { domain };
    format!("<{}@{domain}>", uuid::Uuid::now_v7())
}

async fn apply(ctx: OpContext, input: ApplyInput) -> Result<ApplyOutput, OpError> {
    let pool = ctx.db();
    let job = job_store::get_job(pool, input.job_id.trim()).await.map_err(job_error)?;
    // "Don't apply again": before anything else, dry runs included.
    if let Some(mark) = super::blocklist::blocked(pool, &job.company).await? {
        return Err(super::blocklist::refusal(&mark).into());
    }
    let cv = approved_cv(pool, input.cv_id.trim(), &job.id).await?;
    let deps = notify::installed_deps(ctx.engine());
    let timeout = deps.timeout;
    let employer = super::employer::employer_key(&job.company, &job.title);
    outbox::check_never_twice(pool, &job.id, &employer, ctx.clock().now(), stale_after(timeout)).await?;
    let dry_run = input.dry_run || settings::get::<bool>(pool, DRY_RUN).await?.unwrap_or(false);
    let apply_email = job.apply_email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let channel = match apply_email {
        Some(_) => email_channel(pool).await?,
        None => None,
    };
    let dry = |note: String| if dry_run { format!("dry run: {note}") } else { note };

    let (Some(to), Some((channel, config))) = (apply_email, channel) else {
        // By hand, at the job's apply URL (or its posting).
        let url = job.apply_url.as_deref().or(job.url.as_deref()).map(str::trim).filter(|u| !u.is_empty());
        let Some(url) = url else {
            return Err(OpError::invalid(match apply_email {
                Some(to) => format!(
                    "job_id: job {} takes applications by email only ({to}) and no email channel is \
                     configured (add one with `jobhunter channels add`)",
                    job.id
                ),
                None => format!("job_id: job {} has neither an apply URL nor an apply email", job.id),
            }));
        };
        let message = format!("ready to apply at {url}");
        let id = record(pool, &job.id, Stage::Ready, "url", &cv.id, &dry(message.clone()), ctx.clock().now())
            .await?;
        ctx.add_result_ref("application", id.clone());
        return Ok(ApplyOutput {
            success: true,
            application_id: id,
            channel: "url".into(),
            stage: Stage::Ready,
            message: dry(message),
            dry_run,
            recipient: None,
            apply_url: Some(url.to_owned()),
        });
    };

    let cap = settings::get::<u32>(pool, DAILY_CAP).await?.unwrap_or(DEFAULT_DAILY_CAP);
    outbox::check_cap_now(pool, cap, ctx.clock().now()).await?;
    let profile = crate::profile::get(pool, cv.profile_id.as_deref()).await?.profile;
    let candidate = profile.resume.basics.name.clone();
    // From: the channel's sender (the address its server may send as), with the candidate's
    // name; Reply-To: the candidate's own address from the profile.
    let display = Some(candidate.clone()).filter(|n| !n.trim().is_empty());
    let sender = config.sender().parse().map_err(|_| {
        OpError::invalid(format!("channel '{}': the sender is not an email address", channel.name))
    })?;
    let from = Mailbox::new(display.clone(), sender);
    let reply_to = match profile.resume.basics.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(address) => Some(Mailbox::new(
            display,
            address.parse().map_err(|_| {
                OpError::invalid(format!("profile: basics.email is not an email address: '{address}'"))
            })?,
        )),
        None => None,
    };
    let body = match cover_letter_text(pool, &job.id).await? {
        Some(letter) => letter,
        None => default_body(&job, &profile),
    };
    let pdf = read_pdf(&cv.path, &cv.id).await?;
    let message_id = new_message_id(&from);
    let message = build_email(ApplicationEmail {
        from,
        reply_to,
        to,
        job_title: &job.title,
        candidate: &candidate,
        body,
        pdf,
        message_id: Some(message_id.clone()),
    })?;

    if dry_run {
        let note = format!("dry run: would email the CV to {to} through channel '{}'", channel.name);
        let id = record(pool, &job.id, Stage::Ready, "email", &cv.id, &note, ctx.clock().now()).await?;
        ctx.add_result_ref("application", id.clone());
        return Ok(ApplyOutput {
            success: true,
            application_id: id,
            channel: "email".into(),
            stage: Stage::Ready,
            message: note,
            dry_run,
            recipient: Some(to.to_owned()),
            apply_url: None,
        });
    }

    let password = match &config.smtp_user {
        Some(_) => notify::smtp_password(&*deps.secrets, &channel.name)?,
        None => None,
    };
    // The claim: never twice, the daily cap and the `sending` row, in one transaction.
    let claim = outbox::Claim {
        job_id: &job.id,
        message_id: &message_id,
        channel: &channel.name,
        recipient: to,
        cv_id: &cv.id,
        employer: &employer,
        cap,
        stale_after: stale_after(timeout),
    };
    let send_id = outbox::claim(pool, claim, ctx.clock().now()).await?;

    // The send and its recording run in their own task: cancelling this call (its future
    // dropped: a flow cancelled, a timeout) cannot stop them halfway. If the process dies
    // instead, the row stays `sending` and counts as an unknown outcome.
    let delivery = Delivery {
        engine: ctx.engine().clone(),
        config,
        password,
        message,
        timeout,
        send_id: send_id.clone(),
        message_id: message_id.clone(),
        job_id: job.id.clone(),
        cv_id: cv.id.clone(),
        channel: channel.name.clone(),
        to: to.to_owned(),
    };
    let (application_id, result) = match tokio::spawn(deliver(delivery)).await {
        Ok(done) => done,
        Err(e) => {
            tracing::error!(job_id = %job.id, send_id, error = %e, "the application email task failed");
            let message = format!(
                "the application email to {to} ended abnormally ({e}); it may or may not have been sent \
                 (send {send_id}, Message-ID {message_id}); it is not retried"
            );
            return Err(OpError::new(ErrorKind::Permanent, message));
        }
    };
    if let Some(id) = &application_id {
        ctx.add_result_ref("application", id.clone());
    }
    result?;
    let id = application_id.expect("a sent email is recorded");
    tracing::info!(job_id = %job.id, application_id = %id, to, message_id, "application emailed");
    Ok(ApplyOutput {
        success: true,
        application_id: id,
        channel: "email".into(),
        stage: Stage::Applied,
        message: format!("applied by email to {to}"),
        dry_run: false,
        recipient: Some(to.to_owned()),
        apply_url: None,
    })
}

/// A claimed application email, to send and record.
struct Delivery {
    engine: jobhunter_engine::Engine,
    config: EmailConfig,
    password: Option<String>,
    message: lettre::Message,
    timeout: Duration,
    send_id: String,
    message_id: String,
    job_id: String,
    cv_id: String,
    channel: String,
    to: String,
}

/// Sends the claimed email and records the outcome: `sent` (stage `applied`), `failed` (stage
/// `ready`, the failure noted; a later call may send again) or `unknown` (stage `ready`, noted;
/// never retried automatically). Returns the application id (when recorded) and the result.
async fn deliver(d: Delivery) -> (Option<String>, Result<(), OpError>) {
    let outcome = smtp::send(&d.config, d.password.clone(), d.message.clone(), d.timeout).await;
    let pool = d.engine.store().pool();
    let now = d.engine.clock().now();
    let to = d.to.as_str();
    let d = &d;
    let finish = |status, detail: String, stage, note: String| async move {
        let f = outbox::Finish {
            send_id: &d.send_id,
            message_id: &d.message_id,
            status,
            detail: &detail,
            stage,
            note: &note,
            job_id: &d.job_id,
            cv_id: &d.cv_id,
        };
        outbox::finish(pool, f, now).await
    };
    match outcome {
        SendOutcome::Sent(reply) => {
            let note = format!("emailed the CV to {to} through channel '{}'", d.channel);
            match finish(SendStatus::Sent, reply, Stage::Applied, note).await {
                Ok(id) => (Some(id), Ok(())),
                Err(e) => {
                    // The email is out but not recorded: the row stays `sending`, which refuses
                    // every later attempt until resolved by hand.
                    tracing::error!(
                        job_id = %d.job_id, to, message_id = %d.message_id, error = %e,
                        "THE APPLICATION EMAIL WAS SENT BUT COULD NOT BE RECORDED; mark it sent by hand"
                    );
                    let message = format!(
                        "the application email to {to} was sent, but recording it failed ({e}); do not apply \
                         again: mark the send {} (Message-ID {}) sent by hand",
                        d.send_id, d.message_id
                    );
                    (None, Err(OpError::new(ErrorKind::Permanent, message)))
                }
            }
        }
        SendOutcome::Failed(e) => {
            // Nothing went out: the application waits at `ready`, with the failure in its history.
            let note = format!("email to {to} through channel '{}' failed: {e}", d.channel);
            let id = match finish(SendStatus::Failed, e.to_string(), Stage::Ready, note).await {
                Ok(id) => Some(id),
                Err(db) => {
                    tracing::warn!(job_id = %d.job_id, error = %db, "could not record the failed application email");
                    None
                }
            };
            (id, Err(e.into()))
        }
        SendOutcome::Unknown(e) => {
            let note = format!(
                "email to {to} through channel '{}' (Message-ID {}): outcome unknown: {e}; not retried, \
                 check the sent mail and resolve it by hand",
                d.channel, d.message_id
            );
            let id = match finish(SendStatus::Unknown, e.to_string(), Stage::Ready, note).await {
                Ok(id) => Some(id),
                Err(db) => {
                    tracing::warn!(job_id = %d.job_id, error = %db, "could not record the unknown application email");
                    None
                }
            };
            let message = format!(
                "the application email to {to} may or may not have been delivered ({e}); it is recorded as \
                 unknown (send {}, Message-ID {}) and never sent again automatically: check the sent mail, then \
                 mark it sent or allow sending again",
                d.send_id, d.message_id
            );
            (id, Err(OpError::new(ErrorKind::Permanent, message)))
        }
    }
}

async fn read_pdf(path: &Path, cv_id: &str) -> Result<Vec<u8>, OpError> {
    tokio::fs::read(path).await.map_err(|e| {
        OpError::invalid(format!(
            "cv_id: cannot read the PDF of document '{cv_id}' ({}): {e}",
            path.display()
        ))
    })
}
