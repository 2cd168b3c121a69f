//! Applications: Tauri commands, each a call into [`jobhunter_api::applications`].

use jobhunter_api::applications::*;
use jobhunter_api::{Api, CommandResult};
use jobhunter_ops::apply::{ApplicationView, Stage};
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
