//! Application emails whose outcome is unknown (the connection dropped after the message was
//! handed over, or the app quit or was killed while sending): they are never sent again by
//! themselves. The user checks their sent folder and says what happened: it went out (the
//! application is marked applied) or it did not (the email is sent again now).

use jobhunter_ops::apply::{self, ApplicationSend, ApplicationView, SendStatus};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// A `sending` row this old belongs to a send that was interrupted (the longest SMTP
/// conversation is far shorter): it is shown for checking too.
const INTERRUPTED_AFTER: chrono::Duration = chrono::Duration::minutes(5);

/// The sends the user should check: unknown outcomes and interrupted sends, oldest first.
pub async fn to_check(state: &Api) -> CommandResult<Vec<ApplicationSend>> {
    let pool = state.engine.store().pool();
    let cutoff = state.engine.clock().now() - INTERRUPTED_AFTER;
    let mut sends = apply::list_sends(pool, Some(SendStatus::Unknown)).await?;
    let interrupted = apply::list_sends(pool, Some(SendStatus::Sending))
        .await?
        .into_iter()
        .filter(|s| chrono::DateTime::parse_from_rfc3339(&s.started_at).is_ok_and(|t| t.to_utc() < cutoff));
    sends.extend(interrupted);
    sends.sort_by(|a, b| a.started_at.cmp(&b.started_at));
    Ok(sends)
}

/// "It went out": the send becomes `sent` and the application `applied`.
pub async fn mark_sent(state: &Api, job_id: &str) -> CommandResult<ApplicationView> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "a job id is required"));
    }
    let now = state.engine.clock().now();
    let view =
        apply::mark_send_sent(state.engine.store().pool(), job_id, Some("confirmed in the app"), now).await?;
    tracing::info!(job = job_id, "an unknown application email was confirmed as sent");
    Ok(view)
}

/// "It did not go out": allows sending again and sends the application email now, with the
/// same CV (through the `apply_job` operation, so it leaves a TaskRun and the guard rails
/// apply). Returns the new send.
pub async fn send_again(state: &Api, job_id: &str) -> CommandResult<ApplicationSend> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "a job id is required"));
    }
    let pool = state.engine.store().pool();
    let now = state.engine.clock().now();
    let released =
        apply::allow_send_again(pool, job_id, Some("not in the sent folder (said in the app)"), now).await?;
    let cv_id = released.cv_id.clone().ok_or_else(|| {
        CommandError::invalid("jobId", "this application email had no CV; apply again from the job")
    })?;
    let input = serde_json::json!({ "job_id": job_id, "cv_id": cv_id });
    let outcome = state.engine.run_operation("apply_job", input, "desktop").await?;
    if let Some(error) = outcome.error {
        return Err(CommandError::new(error.kind.into(), error.message));
    }
    apply::get_send(pool, job_id).await?.ok_or_else(|| {
        CommandError::new(crate::ErrorCode::Internal, format!("no send recorded for job {job_id}"))
    })
}
