//! Applications: the kanban board's cards and moving them between stages; "I applied"; the
//! follow-up reminders, notes and contacts of each; companies marked "don't apply again".
//! Submodules: the reminders' notifications (`reminders`), the CSV export (`export`), applying
//! by email from the job page (`email`).

mod email;
mod export;
mod reminders;

pub use email::{apply_by_email, email_preview};
pub use export::{export_csv, save_export};
pub use reminders::{due_reminders, mark_reminded, notify_due};

use chrono::NaiveDate;
use jobhunter_ops::apply::{
    self as ops, ApplicationContact, ApplicationNote, ApplicationView, AppliedVia, BlockedCompany,
    ContactInput, Stage,
};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// `field` must not be blank.
fn required(field: &str, value: &str, what: &str) -> CommandResult<()> {
    if value.trim().is_empty() {
        return Err(CommandError::invalid(field, format!("{what} is required")));
    }
    Ok(())
}

/// A `YYYY-MM-DD` day; the error names `field`.
fn day(field: &str, text: &str) -> CommandResult<NaiveDate> {
    Ok(ops::parse_day(field, text)?)
}

/// Every application (of one stage, when given), most recently changed first.
pub async fn list(state: &Api, stage: Option<Stage>) -> CommandResult<Vec<ApplicationView>> {
    Ok(jobhunter_ops::apply::list(state.engine.store().pool(), stage).await?)
}

/// The command's logic, without Tauri.
pub async fn move_to(
    state: &Api,
    id: &str,
    stage: Stage,
    note: Option<&str>,
) -> CommandResult<ApplicationView> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    let now = state.engine.clock().now();
    let moved = jobhunter_ops::apply::move_to(state.engine.store().pool(), id, stage, note, now).await?;
    tracing::info!(application = id, stage = %moved.stage, "moved an application");
    Ok(moved)
}

/// Application `id` with its job and stage history.
pub async fn get(state: &Api, id: &str) -> CommandResult<ApplicationView> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    Ok(jobhunter_ops::apply::get(state.engine.store().pool(), id).await?)
}

/// Puts job `job_id` on the wishlist (a new application), with an optional note.
pub async fn add(state: &Api, job_id: &str, note: Option<&str>) -> CommandResult<ApplicationView> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("job_id", "a job id is required"));
    }
    let now = state.engine.clock().now();
    let added = jobhunter_ops::apply::add(state.engine.store().pool(), job_id, note, now).await?;
    tracing::info!(application = %added.id, job = job_id, "added an application");
    Ok(added)
}

/// The application of job `job_id`, if it has one (the job page's actions).
pub async fn for_job(state: &Api, job_id: &str) -> CommandResult<Option<ApplicationView>> {
    required("jobId", job_id, "a job id")?;
    Ok(ops::for_job(state.engine.store().pool(), job_id).await?)
}

/// "I applied": the user applied to job `job_id` themselves, on `date` (`YYYY-MM-DD`; default
/// today), `via` a channel, with an optional note. The application is created when there is
/// none; the follow-up reminder falls 7 days after `date`.
pub async fn mark_applied(
    state: &Api,
    job_id: &str,
    date: Option<&str>,
    via: AppliedVia,
    note: Option<&str>,
) -> CommandResult<ApplicationView> {
    required("jobId", job_id, "a job id")?;
    let now = state.engine.clock().now();
    let on = match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => day("date", d)?,
        None => ops::local_day(now),
    };
    let view = ops::mark_applied(state.engine.store().pool(), job_id, on, via, note, now).await?;
    tracing::info!(application = %view.id, job = job_id, %on, via = via.as_str(), "marked applied");
    Ok(view)
}

/// Sets the follow-up reminder of application `id` to `date` (`YYYY-MM-DD`), or clears it
/// with `None`.
pub async fn set_follow_up(state: &Api, id: &str, date: Option<&str>) -> CommandResult<ApplicationView> {
    required("id", id, "an application id")?;
    let on = date.map(str::trim).filter(|d| !d.is_empty()).map(|d| day("date", d)).transpose()?;
    let now = state.engine.clock().now();
    Ok(ops::set_follow_up(state.engine.store().pool(), id, on, now).await?)
}

/// Adds a note to application `id`.
pub async fn add_note(state: &Api, id: &str, body: &str) -> CommandResult<ApplicationNote> {
    required("id", id, "an application id")?;
    let now = state.engine.clock().now();
    Ok(ops::add_note(state.engine.store().pool(), id, body, now).await?)
}

/// Rewrites note `note_id`.
pub async fn update_note(state: &Api, note_id: &str, body: &str) -> CommandResult<()> {
    required("noteId", note_id, "a note id")?;
    let now = state.engine.clock().now();
    Ok(ops::update_note(state.engine.store().pool(), note_id, body, now).await?)
}

/// Deletes note `note_id`.
pub async fn delete_note(state: &Api, note_id: &str) -> CommandResult<()> {
    required("noteId", note_id, "a note id")?;
    let now = state.engine.clock().now();
    Ok(ops::delete_note(state.engine.store().pool(), note_id, now).await?)
}

/// Adds a contact to application `id`.
pub async fn add_contact(state: &Api, id: &str, contact: &ContactInput) -> CommandResult<ApplicationContact> {
    required("id", id, "an application id")?;
    let now = state.engine.clock().now();
    Ok(ops::add_contact(state.engine.store().pool(), id, contact, now).await?)
}

/// Rewrites contact `contact_id`.
pub async fn update_contact(state: &Api, contact_id: &str, contact: &ContactInput) -> CommandResult<()> {
    required("contactId", contact_id, "a contact id")?;
    let now = state.engine.clock().now();
    Ok(ops::update_contact(state.engine.store().pool(), contact_id, contact, now).await?)
}

/// Deletes contact `contact_id`.
pub async fn delete_contact(state: &Api, contact_id: &str) -> CommandResult<()> {
    required("contactId", contact_id, "a contact id")?;
    let now = state.engine.clock().now();
    Ok(ops::delete_contact(state.engine.store().pool(), contact_id, now).await?)
}

/// Marks `company` "don't apply again" (with a reason): applying to its jobs is refused.
pub async fn block_company(
    state: &Api,
    company: &str,
    reason: Option<&str>,
) -> CommandResult<BlockedCompany> {
    required("company", company, "a company name")?;
    let now = state.engine.clock().now();
    let mark = ops::block_company(state.engine.store().pool(), company, reason, now).await?;
    tracing::info!(company = %mark.company, "marked a company don't apply again");
    Ok(mark)
}

/// Removes the "don't apply again" mark of `company`; `false` when it had none.
pub async fn unblock_company(state: &Api, company: &str) -> CommandResult<bool> {
    required("company", company, "a company name")?;
    Ok(ops::unblock_company(state.engine.store().pool(), company).await?)
}

/// Every company marked "don't apply again".
pub async fn list_blocked(state: &Api) -> CommandResult<Vec<BlockedCompany>> {
    Ok(ops::list_blocked(state.engine.store().pool()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn empty_board_and_unknown_application() {
        let (_dir, state) = state().await;
        assert!(list(&state, None).await.unwrap().is_empty());
        assert!(list(&state, Some(Stage::Applied)).await.unwrap().is_empty());
        let error = move_to(&state, "nope", Stage::Ready, None).await.unwrap_err();
        assert_eq!(error.code, "not_found");
        assert_eq!(move_to(&state, " ", Stage::Ready, None).await.unwrap_err().code, "invalid_input");
        state.engine.close().await.unwrap();
    }
}
