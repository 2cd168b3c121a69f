//! Applications: Tauri commands, each a call into [`jobhunter_api::applications`].

use jobhunter_api::applications::*;
use jobhunter_api::sends;
use jobhunter_api::{Api, CommandResult};
use jobhunter_ops::apply::{ApplicationSend, ApplicationView, Stage};
use tauri::State;

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
