//! `apply_job`: submitting an application with an approved CV, by email through a
//! notification channel or by recording the apply URL, behind the guard rails (never twice,
//! the daily cap, dry runs, one application at a time in a process).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, OpContext, OpError, Operation};
use jobhunter_jobs::store as job_store;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::email::{build_email, default_body, ApplicationEmail};
use super::tracker::{record, ts};
use super::{Stage, DAILY_CAP, DEFAULT_DAILY_CAP, DRY_RUN, EMAIL_CHANNEL};
use crate::notify::{self, Channel, ChannelConfig, ChannelKind, EmailConfig};
use crate::{settings, Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    pub job_id: String,
    /// An approved CV document (kind `cv`, format `pdf`).
    pub cv_id: String,
    /// Record what would happen without sending (also on when the setting `apply.dry_run` is).
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
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

/// One `apply_job` at a time in this process: the never-twice and daily-cap checks and the
/// send they guard must not interleave.
fn apply_lock() -> &'static tokio::sync::Mutex<()> {
    static LOCK: OnceLock<tokio::sync::Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(Default::default)
}

/// The approved CV to send.
struct Cv {
    id: String,
    path: PathBuf,
    profile_id: Option<String>,
}

async fn approved_cv(pool: &SqlitePool, cv_id: &str, job_id: &str) -> Result<Cv> {
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

/// Refuses a job that was applied to already (or whose application was closed).
async fn check_not_applied(pool: &SqlitePool, job_id: &str) -> Result<()> {
    let row = sqlx::query("SELECT id, stage, updated_at FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(()) };
    let id: String = row.try_get("id")?;
    let stage: String = row.try_get("stage")?;
    let applied_at: Option<String> = sqlx::query_scalar(
        "SELECT at FROM application_events WHERE application_id = ? AND to_stage = 'applied' ORDER BY id LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(pool)
    .await?;
    let parsed = Stage::parse(&stage);
    if parsed.is_some_and(Stage::is_sent) || applied_at.is_some() {
        let at = applied_at.unwrap_or_else(|| row.try_get("updated_at").unwrap_or_default());
        return Err(Error::invalid(format!(
            "job_id: already applied on {} (application {id}, stage {stage})",
            at.get(..10).unwrap_or(&at)
        )));
    }
    if parsed.is_none_or(Stage::is_closed) {
        return Err(Error::invalid(format!(
            "job_id: the application {id} to this job is {stage}; reopen it first \
             (`jobhunter applications move {id} STAGE --note ...`)"
        )));
    }
    Ok(())
}

/// Start of the current UTC day.
fn utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

/// Applications moved to `applied` since UTC midnight (sent or moved by hand).
pub async fn applied_today(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM application_events WHERE to_stage = 'applied' AND at >= ?")
            .bind(ts(utc_midnight(now)))
            .fetch_one(pool)
            .await?;
    Ok(n as u32)
}

async fn check_cap(pool: &SqlitePool, now: DateTime<Utc>) -> Result<(), OpError> {
    let cap = settings::get::<u32>(pool, DAILY_CAP).await?.unwrap_or(DEFAULT_DAILY_CAP);
    let done = applied_today(pool, now).await?;
    if done >= cap {
        return Err(OpError::permanent(format!(
            "daily cap reached: {done} application(s) today (UTC), the cap is {cap} (setting {DAILY_CAP})"
        )));
    }
    Ok(())
}

/// The email channel applications go through, if one is configured.
async fn email_channel(pool: &SqlitePool) -> Result<Option<(Channel, EmailConfig)>> {
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

async fn apply(ctx: OpContext, input: ApplyInput) -> Result<ApplyOutput, OpError> {
    let _one_at_a_time = apply_lock().lock().await;
    let pool = ctx.db();
    let job = job_store::get_job(pool, input.job_id.trim()).await.map_err(job_error)?;
    let cv = approved_cv(pool, input.cv_id.trim(), &job.id).await?;
    check_not_applied(pool, &job.id).await?;
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

    check_cap(pool, ctx.clock().now()).await?;
    let profile = crate::profile::get(pool, cv.profile_id.as_deref()).await?.profile;
    let candidate = profile.resume.basics.name.clone();
    let from: Mailbox = match profile.resume.basics.email.as_deref().map(str::trim).filter(|e| !e.is_empty())
    {
        Some(address) => {
            let address = address.parse().map_err(|_| {
                OpError::invalid(format!("profile: basics.email is not an email address: '{address}'"))
            })?;
            Mailbox::new(Some(candidate.clone()), address)
        }
        None => config.sender().parse().map_err(|_| {
            OpError::invalid(format!("channel '{}': the sender is not an email address", channel.name))
        })?,
    };
    let body = match cover_letter_text(pool, &job.id).await? {
        Some(letter) => letter,
        None => default_body(&job, &profile),
    };
    let pdf = read_pdf(&cv.path, &cv.id).await?;
    let message =
        build_email(ApplicationEmail { from, to, job_title: &job.title, candidate: &candidate, body, pdf })?;

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

    let deps = notify::installed_deps(ctx.engine());
    let password = match &config.smtp_user {
        Some(_) => notify::smtp_password(&*deps.secrets, &channel.name)?,
        None => None,
    };
    let timeout = deps.timeout;
    let sent =
        match tokio::time::timeout(timeout, notify::email::send_message(&config, password, message, timeout))
            .await
        {
            Ok(r) => r,
            Err(_) => Err(Error::transient(format!("SMTP delivery timed out after {timeout:?}"))),
        };
    if let Err(e) = sent {
        // Nothing went out: the application waits at `ready`, with the failure in its history.
        let note = format!("email to {to} through channel '{}' failed: {e}", channel.name);
        match record(pool, &job.id, Stage::Ready, "email", &cv.id, &note, ctx.clock().now()).await {
            Ok(id) => ctx.add_result_ref("application", id),
            Err(db) => {
                tracing::warn!(job_id = %job.id, error = %db, "could not record the failed application email")
            }
        }
        return Err(e.into());
    }
    let note = format!("emailed the CV to {to} through channel '{}'", channel.name);
    let id = match record(pool, &job.id, Stage::Applied, "email", &cv.id, &note, ctx.clock().now()).await {
        Ok(id) => id,
        Err(e) => {
            // The email is out but not recorded: never let a retry send it again.
            tracing::error!(
                job_id = %job.id, to, error = %e,
                "THE APPLICATION EMAIL WAS SENT BUT COULD NOT BE RECORDED; move the application to applied by hand"
            );
            return Err(OpError::new(
                ErrorKind::Permanent,
                format!(
                    "the application email to {to} was sent, but recording it failed ({e}); do not apply \
                     again: move the job's application to applied by hand"
                ),
            ));
        }
    };
    ctx.add_result_ref("application", id.clone());
    tracing::info!(job_id = %job.id, application_id = %id, to, "application emailed");
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

async fn read_pdf(path: &Path, cv_id: &str) -> Result<Vec<u8>, OpError> {
    tokio::fs::read(path).await.map_err(|e| {
        OpError::invalid(format!(
            "cv_id: cannot read the PDF of document '{cv_id}' ({}): {e}",
            path.display()
        ))
    })
}
