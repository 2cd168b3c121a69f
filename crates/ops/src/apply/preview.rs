//! What "Apply by email" would send, for the confirmation the user sees first: the recipient,
//! the subject, the attachment's file name, the email account it goes through, and in plain
//! words what stands in the way (no approved CV, no email account, the company marked "don't
//! apply again"). The send itself is `apply_job`, with every guard rail.

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_jobs::store as job_store;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::blocklist::{blocked, BlockedCompany};
use super::email::{attachment_name, subject};
use super::submission::{approved_cv, email_channel};
use super::DRY_RUN;
use crate::{settings, Error, Result};

/// The confirmation of an application by email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EmailPreview {
    pub job_id: String,
    /// The job's apply address; `null`: the job takes no applications by email.
    pub recipient: Option<String>,
    pub subject: Option<String>,
    /// The CV's file name in the email (`Jane-Doe-CV.pdf`).
    pub attachment: Option<String>,
    /// The approved CV (PDF) that would be attached.
    pub cv_id: Option<String>,
    /// The email account (notification channel) it would go through.
    pub account: Option<String>,
    /// Test mode (setting `apply.dry_run`): nothing would really be sent.
    pub dry_run: bool,
    pub do_not_apply: Option<BlockedCompany>,
    /// What stands in the way, in plain words; empty: ready to send.
    pub problems: Vec<String>,
}

/// The newest approved CV PDF for job `job_id`: tailored to it first, else a general one.
async fn newest_cv(pool: &SqlitePool, job_id: &str) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT id FROM documents WHERE kind = 'cv' AND format = 'pdf' AND approved = 1 \
         AND (job_id = ? OR job_id IS NULL) ORDER BY job_id IS NULL, created_at DESC, id DESC LIMIT 1",
    )
    .bind(job_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| r.try_get::<String, _>(0)).transpose()?)
}

/// What applying to job `job_id` by email would send, and what is missing.
pub async fn email_preview(pool: &SqlitePool, job_id: &str) -> Result<EmailPreview> {
    let job = job_store::get_job(pool, job_id.trim()).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => Error::invalid(format!("job_id: {m}")),
        other => Error::invalid(format!("job_id: {other}")),
    })?;
    let mut problems = Vec::new();
    let recipient = job.apply_email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned);
    if recipient.is_none() {
        problems.push("This job does not take applications by email.".to_owned());
    }
    let do_not_apply = blocked(pool, &job.company).await?;
    if let Some(b) = &do_not_apply {
        problems.push(format!("You marked {} “don't apply again”.", b.company));
    }
    let account = match email_channel(pool).await {
        Ok(Some((channel, _))) => Some(channel.name),
        Ok(None) => {
            problems.push("No email account is set up: add one under Settings, notifications.".to_owned());
            None
        }
        Err(e) => {
            problems.push(format!("The email account cannot be used: {e}"));
            None
        }
    };
    let mut cv_id = newest_cv(pool, &job.id).await?;
    let mut candidate = None;
    match &cv_id {
        None => {
            problems.push("There is no approved CV yet: make and approve one under Documents.".to_owned())
        }
        Some(id) => match approved_cv(pool, id, &job.id).await {
            Ok(cv) => {
                let profile = crate::profile::get(pool, cv.profile_id.as_deref()).await?.profile;
                candidate = Some(profile.resume.basics.name);
            }
            Err(e) => {
                problems.push(format!("The approved CV cannot be attached: {e}"));
                cv_id = None;
            }
        },
    }
    let dry_run = settings::get::<bool>(pool, DRY_RUN).await?.unwrap_or(false);
    Ok(EmailPreview {
        job_id: job.id,
        subject: candidate.as_deref().map(|c| subject(&job.title, c)),
        attachment: candidate.as_deref().map(attachment_name),
        recipient,
        cv_id,
        account,
        dry_run,
        do_not_apply,
        problems,
    })
}
