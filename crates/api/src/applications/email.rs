//! "Apply by email" from the job page: first what would be sent (for the confirmation: the
//! recipient, the subject, the attachment), then the `apply_job` operation itself, with every
//! guard rail (approved CV, never twice, the daily cap, dry runs, "don't apply again"); it
//! leaves a TaskRun like any other call.

use jobhunter_ops::apply::{self as ops, ApplyOutput, EmailPreview};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// What applying to job `job_id` by email would send, and what stands in the way.
pub async fn email_preview(state: &Api, job_id: &str) -> CommandResult<EmailPreview> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "a job id is required"));
    }
    Ok(ops::email_preview(state.engine.store().pool(), job_id).await?)
}

/// Applies to job `job_id` with the approved CV `cv_id` (the one the confirmation showed)
/// through `apply_job`; its refusal or failure is the error, in its words.
pub async fn apply_by_email(state: &Api, job_id: &str, cv_id: &str) -> CommandResult<ApplyOutput> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "a job id is required"));
    }
    if cv_id.trim().is_empty() {
        return Err(CommandError::invalid("cvId", "an approved CV is required"));
    }
    let input = serde_json::json!({ "job_id": job_id.trim(), "cv_id": cv_id.trim() });
    let outcome = state.engine.run_operation("apply_job", input, "desktop").await?;
    if let Some(error) = outcome.error {
        return Err(CommandError::new(error.kind.into(), error.message));
    }
    let output = outcome.output.unwrap_or_default();
    serde_json::from_value(output).map_err(|e| {
        CommandError::new(crate::ErrorCode::Internal, format!("apply_job answered unexpectedly: {e}"))
    })
}
