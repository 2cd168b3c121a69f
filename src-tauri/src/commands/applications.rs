//! Applications: Tauri commands, each a call into [`jobhunter_api::applications`].

use jobhunter_api::applications::*;
use jobhunter_api::sends;
use jobhunter_api::{Api, CommandResult};
use jobhunter_ops::apply::{
    ApplicationContact, ApplicationNote, ApplicationSend, ApplicationView, AppliedVia, ApplyOutput,
    BlockedCompany, ContactInput, EmailPreview, Stage,
};
use tauri::{AppHandle, Manager, State};

/// Applications, most recently changed first; only those at `stage` when given.
#[tauri::command]
#[specta::specta]
pub async fn list_applications(
    api: State<'_, Api>,
    stage: Option<Stage>,
) -> CommandResult<Vec<ApplicationView>> {
    list(&api, stage).await
}

/// Moves an application to `stage` (the board's drag and drop), with an optional note; the
/// pipeline's rules apply (e.g. closing needs a reason).
#[tauri::command]
#[specta::specta]
pub async fn move_application(
    api: State<'_, Api>,
    id: String,
    stage: Stage,
    note: Option<String>,
) -> CommandResult<ApplicationView> {
    move_to(&api, &id, stage, note.as_deref()).await
}

/// Application emails whose outcome is unknown, for the user to check in their sent folder.
#[tauri::command]
#[specta::specta]
pub async fn list_sends_to_check(api: State<'_, Api>) -> CommandResult<Vec<ApplicationSend>> {
    sends::to_check(&api).await
}

/// The user found the email in their sent folder: the application is marked applied.
#[tauri::command]
#[specta::specta]
pub async fn mark_send_sent(api: State<'_, Api>, job_id: String) -> CommandResult<ApplicationView> {
    sends::mark_sent(&api, &job_id).await
}

/// The email did not go out: it is sent again now (once), with the same CV.
#[tauri::command]
#[specta::specta]
pub async fn send_application_again(api: State<'_, Api>, job_id: String) -> CommandResult<ApplicationSend> {
    sends::send_again(&api, &job_id).await
}

/// The application of a job, if it has one (the job page's actions).
#[tauri::command]
#[specta::specta]
pub async fn get_job_application(
    api: State<'_, Api>,
    job_id: String,
) -> CommandResult<Option<ApplicationView>> {
    for_job(&api, &job_id).await
}

/// Puts a job on the wishlist (a new application), with an optional note.
#[tauri::command]
#[specta::specta]
pub async fn add_application(
    api: State<'_, Api>,
    job_id: String,
    note: Option<String>,
) -> CommandResult<ApplicationView> {
    add(&api, &job_id, note.as_deref()).await
}

/// "I applied": on `date` (YYYY-MM-DD; default today), `via` a channel, with a note; creates
/// the application when there is none. The follow-up reminder falls 7 days after `date`.
#[tauri::command]
#[specta::specta]
pub async fn mark_applied(
    api: State<'_, Api>,
    job_id: String,
    date: Option<String>,
    via: AppliedVia,
    note: Option<String>,
) -> CommandResult<ApplicationView> {
    jobhunter_api::applications::mark_applied(&api, &job_id, date.as_deref(), via, note.as_deref()).await
}

/// Sets the follow-up reminder of an application to `date` (YYYY-MM-DD), or clears it (null).
#[tauri::command]
#[specta::specta]
pub async fn set_follow_up(
    api: State<'_, Api>,
    id: String,
    date: Option<String>,
) -> CommandResult<ApplicationView> {
    jobhunter_api::applications::set_follow_up(&api, &id, date.as_deref()).await
}

/// Adds a note to an application.
#[tauri::command]
#[specta::specta]
pub async fn add_application_note(
    api: State<'_, Api>,
    id: String,
    body: String,
) -> CommandResult<ApplicationNote> {
    add_note(&api, &id, &body).await
}

/// Rewrites a note of an application.
#[tauri::command]
#[specta::specta]
pub async fn update_application_note(
    api: State<'_, Api>,
    note_id: String,
    body: String,
) -> CommandResult<()> {
    update_note(&api, &note_id, &body).await
}

/// Deletes a note of an application.
#[tauri::command]
#[specta::specta]
pub async fn delete_application_note(api: State<'_, Api>, note_id: String) -> CommandResult<()> {
    delete_note(&api, &note_id).await
}

/// Adds a contact (name, role, email, phone, note) to an application.
#[tauri::command]
#[specta::specta]
pub async fn add_application_contact(
    api: State<'_, Api>,
    id: String,
    contact: ContactInput,
) -> CommandResult<ApplicationContact> {
    add_contact(&api, &id, &contact).await
}

/// Rewrites a contact of an application.
#[tauri::command]
#[specta::specta]
pub async fn update_application_contact(
    api: State<'_, Api>,
    contact_id: String,
    contact: ContactInput,
) -> CommandResult<()> {
    update_contact(&api, &contact_id, &contact).await
}

/// Deletes a contact of an application.
#[tauri::command]
#[specta::specta]
pub async fn delete_application_contact(api: State<'_, Api>, contact_id: String) -> CommandResult<()> {
    delete_contact(&api, &contact_id).await
}

/// Marks a company "don't apply again", with an optional reason.
#[tauri::command]
#[specta::specta]
pub async fn block_company(
    api: State<'_, Api>,
    company: String,
    reason: Option<String>,
) -> CommandResult<BlockedCompany> {
    jobhunter_api::applications::block_company(&api, &company, reason.as_deref()).await
}

/// Removes the "don't apply again" mark of a company; false when it had none.
#[tauri::command]
#[specta::specta]
pub async fn unblock_company(api: State<'_, Api>, company: String) -> CommandResult<bool> {
    jobhunter_api::applications::unblock_company(&api, &company).await
}

/// Saves every application with its stage history as a CSV file in the user's Downloads
/// folder (their home folder when there is none) and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_applications(app: AppHandle, api: State<'_, Api>) -> CommandResult<String> {
    let dir = app.path().download_dir().or_else(|_| app.path().home_dir()).map_err(|e| {
        jobhunter_api::CommandError::new(
            jobhunter_api::ErrorCode::Io,
            format!("no Downloads or home folder to save in: {e}"),
        )
    })?;
    Ok(save_export(&api, &dir).await?.to_string_lossy().into_owned())
}

/// What applying to a job by email would send (recipient, subject, attachment), and what
/// stands in the way, for the confirmation.
#[tauri::command]
#[specta::specta]
pub async fn preview_email_application(api: State<'_, Api>, job_id: String) -> CommandResult<EmailPreview> {
    email_preview(&api, &job_id).await
}

/// Applies to a job by email with the approved CV the confirmation showed (the `apply_job`
/// operation, with all its guard rails).
#[tauri::command]
#[specta::specta]
pub async fn apply_by_email(
    api: State<'_, Api>,
    job_id: String,
    cv_id: String,
) -> CommandResult<ApplyOutput> {
    jobhunter_api::applications::apply_by_email(&api, &job_id, &cv_id).await
}
