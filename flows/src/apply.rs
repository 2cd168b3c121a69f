//! Applying from flows: only with a CV the user approved, and the `smart_job_application`
//! flow that decides per job (match score vs. threshold, approved CV or not). Its decision
//! table, inputs to `decision` and `reason`, is in docs/smart-job-application.md.

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, Flow, FlowContext, OpError, Task};
use jobhunter_ops::apply::{apply_job, ApplyInput};
use jobhunter_ops::documents::{
    approved_cv as ops_approved_cv, generate_cover_letter, generate_cv, ApprovedCvInput, GenerateInput,
};
use jobhunter_ops::hunt::{match_jobs, MatchInputs};
use jobhunter_ops::notify::message::Level;
use jobhunter_ops::notify::ops::{notify, NotifyInput};
use jobhunter_ops::notify::HighMatch;
use serde::{Deserialize, Serialize};

/// Fills title, company and URL of high matches from the job store.
pub async fn describe(ctx: &FlowContext, jobs: Vec<HighMatch>) -> Vec<HighMatch> {
    let pool = ctx.engine().store().pool();
    let mut out = Vec::with_capacity(jobs.len());
    for mut job in jobs {
        if let Ok(record) = jobhunter_jobs::store::get_job(pool, &job.job_id).await {
            job.title = record.title;
            job.company = Some(record.company);
            job.url = record.url.or(record.apply_url);
        }
        out.push(job);
    }
    out
}

/// The newest approved CV (PDF) of a job, if the user approved one: the `approved_cv`
/// operation, run as a task so the decision leaves a TaskRun.
pub async fn approved_cv(ctx: &FlowContext, job_id: &str) -> Result<Option<String>, OpError> {
    let found =
        ctx.run(&Task::new(&ops_approved_cv()), ApprovedCvInput { job_id: job_id.to_owned() }).await?;
    Ok(found.cv_id)
}

/// Applies to each job that has an approved CV; returns how many applications were made.
/// Jobs whose CV awaits approval are skipped; guard-rail refusals (already applied, daily cap)
/// are logged and do not fail the flow.
pub async fn apply_approved(ctx: &FlowContext, job_ids: &[String]) -> Result<u32, OpError> {
    let task = Task::new(&apply_job());
    let mut applied = 0;
    for job_id in job_ids {
        let Some(cv_id) = approved_cv(ctx, job_id).await? else {
            tracing::info!(%job_id, "not applying: no approved CV yet");
            continue;
        };
        match ctx.run(&task, ApplyInput { job_id: job_id.clone(), cv_id, dry_run: false }).await {
            Ok(out) if out.success => applied += 1,
            Ok(out) => tracing::info!(%job_id, message = %out.message, "application not sent"),
            Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
            Err(e) => tracing::warn!(%job_id, error = %e, "application refused"),
        }
    }
    Ok(applied)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmartApplicationParams {
    /// The job to decide about (its id, as the Jobs screen links it).
    #[schemars(title = "Job")]
    pub job_id: String,
    /// From this match score (0..1; the app shows 0-100 %) the job is applied to, once its CV
    /// is approved.
    #[serde(default = "default_auto_apply_threshold")]
    #[schemars(title = "Apply from", extend("x-unit" = "fraction"))]
    pub auto_apply_threshold: f64,
    /// From this match score (0..1; the app shows 0-100 %) the job goes on the wishlist with a
    /// tailored CV.
    #[serde(default = "default_wishlist_threshold")]
    #[schemars(title = "Wishlist from", extend("x-unit" = "fraction"))]
    pub wishlist_threshold: f64,
    /// Match against this profile (empty: your profile).
    #[serde(default)]
    #[schemars(title = "Profile")]
    pub profile_id: Option<String>,
}

fn default_auto_apply_threshold() -> f64 {
    0.9
}

fn default_wishlist_threshold() -> f64 {
    0.6
}

/// What `smart_job_application` decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Score at or above the auto-apply threshold and an approved CV: applied.
    Applied,
    /// Score at or above the auto-apply threshold; a CV and cover letter await approval.
    AwaitingApproval,
    /// Score between the two thresholds: CV drafted, job on the wishlist.
    Wishlist,
    /// Score below the wishlist threshold: nothing done.
    Skipped,
    /// The tailored CV could not be written: nothing else done (the run still completes).
    CvGenerationFailed,
    /// An approved CV, but the application was refused (already applied, the daily limit,
    /// a company marked "don't apply again").
    ApplyRefused,
}

/// The seed's return value (`applied`, `reason`, `match_score`, `cv_id`, `application_id`),
/// with the `decision` taken and a sentence for people.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SmartApplicationResult {
    /// Whether the application went out (emailed) in this run.
    pub applied: bool,
    /// Why, in a stable word: applied, apply_by_hand, apply_refused, awaiting_approval,
    /// wishlisted, below_threshold or cv_generation_failed.
    pub reason: String,
    pub job_id: String,
    /// The job's stored match score (0..1), as the hunt computed it.
    pub match_score: f64,
    pub decision: Decision,
    pub cv_id: Option<String>,
    pub application_id: Option<String>,
    pub message: String,
}

/// The job's match score for the profile: the one the hunt stored, never computed again here
/// (and so never overwritten). Without a stored score yet (a job the hunt has not scored),
/// `match_jobs` scores the job once and stores it, so the next hunt and this flow agree; scores
/// do not depend on which jobs are scored together. Returns the profile's id and the score.
async fn job_score(
    ctx: &FlowContext,
    job_id: &str,
    profile_id: Option<&str>,
) -> Result<(String, f64), OpError> {
    let pool = ctx.engine().store().pool();
    let profile = jobhunter_ops::profile::get(pool, profile_id).await.map_err(OpError::from)?;
    let stored = jobhunter_ops::hunt::stored_score(pool, job_id, &profile.id).await.map_err(OpError::from)?;
    if let Some(score) = stored {
        tracing::info!(%job_id, score, "using the stored match score");
        return Ok((profile.id, score));
    }
    let inputs = MatchInputs { profile_id: Some(profile.id.clone()), job_ids: vec![job_id.to_owned()] };
    let matched = ctx.run(&Task::new(&match_jobs()), inputs).await?;
    let score = matched
        .scores
        .get(job_id)
        .copied()
        .ok_or_else(|| OpError::internal("match_jobs returned no score for the job"))?;
    Ok((matched.profile_id, score))
}

pub fn smart_job_application() -> Flow<SmartApplicationParams, SmartApplicationResult> {
    Flow::new("smart_job_application", smart).description(
        "Decide for one job: apply (score >= auto_apply_threshold and an approved CV), ask for approval, \
         put it on the wishlist with a tailored CV, or skip it",
    )
}

async fn smart(ctx: FlowContext, p: SmartApplicationParams) -> Result<SmartApplicationResult, OpError> {
    for (name, v) in
        [("auto_apply_threshold", p.auto_apply_threshold), ("wishlist_threshold", p.wishlist_threshold)]
    {
        if !(0.0..=1.0).contains(&v) {
            return Err(OpError::invalid(format!("{name}: must be between 0 and 1, got {v}")));
        }
    }
    let (profile_id, score) = job_score(&ctx, p.job_id.trim(), p.profile_id.as_deref()).await?;
    let job_id = p.job_id.trim().to_owned();
    let mut result = SmartApplicationResult {
        applied: false,
        reason: "below_threshold".into(),
        job_id: job_id.clone(),
        match_score: score,
        decision: Decision::Skipped,
        cv_id: None,
        application_id: None,
        message: String::new(),
    };
    if score < p.wishlist_threshold {
        result.message = format!("score {score:.2} is below {:.2}: skipped", p.wishlist_threshold);
        return Ok(result);
    }

    // Apply right away when the user already approved a CV for this job.
    if score >= p.auto_apply_threshold {
        if let Some(cv_id) = approved_cv(&ctx, &job_id).await? {
            result.cv_id = Some(cv_id.clone());
            let input = ApplyInput { job_id: job_id.clone(), cv_id, dry_run: false };
            match ctx.run(&Task::new(&apply_job()), input).await {
                Ok(applied) => {
                    result.decision = Decision::Applied;
                    // Without an application address or email channel the application is
                    // recorded ready, and the user applies on the job's page.
                    result.applied = applied.stage.as_str() == "applied";
                    result.reason = if result.applied { "applied" } else { "apply_by_hand" }.into();
                    result.application_id = Some(applied.application_id);
                    result.message = applied.message;
                }
                // The guard rails' refusals are an answer, not a failure of the run.
                Err(e) if matches!(e.kind, ErrorKind::Invalid | ErrorKind::Permanent) => {
                    result.decision = Decision::ApplyRefused;
                    result.reason = "apply_refused".into();
                    result.message = e.message;
                }
                Err(e) => return Err(e),
            }
            return Ok(result);
        }
    }

    let input = GenerateInput { job_id: job_id.clone(), profile_id: Some(profile_id) };
    let cv = ctx.submit(&Task::new(&generate_cv()), input.clone());
    let letter = ctx.submit(&Task::new(&generate_cover_letter()), input);
    let (cv, letter) = futures::future::join(cv, letter).await;
    let cv = match cv {
        Ok(cv) => cv,
        Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
        Err(e) => {
            tracing::warn!(error = %e, "CV generation failed");
            result.decision = Decision::CvGenerationFailed;
            result.reason = "cv_generation_failed".into();
            result.message = format!("The tailored CV could not be written: {}", e.message);
            return Ok(result);
        }
    };
    if let Err(e) = letter {
        tracing::warn!(error = %e, "cover letter generation failed");
    }
    result.cv_id = Some(cv.cv_id.clone());
    let pool = ctx.engine().store().pool();
    let note = format!("match score {score:.2}");
    let application =
        match jobhunter_ops::apply::add(pool, &job_id, Some(&note), ctx.engine().clock().now()).await {
            Ok(app) => Some(app.id),
            Err(jobhunter_ops::Error::Conflict(msg)) => {
                tracing::info!(%msg, "the job already has an application");
                jobhunter_ops::apply::list(pool, None)
                    .await
                    .map_err(OpError::from)?
                    .into_iter()
                    .find(|a| a.job_id == job_id)
                    .map(|a| a.id)
            }
            Err(e) => return Err(e.into()),
        };
    result.application_id = application;
    let (decision, reason, title, message) = if score >= p.auto_apply_threshold {
        (
            Decision::AwaitingApproval,
            "awaiting_approval",
            "A great match awaits your approval",
            format!("Score {score:.2}: approve the CV to apply."),
        )
    } else {
        (
            Decision::Wishlist,
            "wishlisted",
            "A good match for your wishlist",
            format!("Score {score:.2}: a tailored CV is ready."),
        )
    };
    result.decision = decision;
    result.reason = reason.into();
    result.message = message.clone();
    let notice = NotifyInput { message, title: Some(title.to_owned()), level: Level::Info, channels: None };
    if let Err(e) = ctx.run(&Task::new(&notify()), notice).await {
        tracing::warn!(error = %e, "notification failed");
    }
    Ok(result)
}
