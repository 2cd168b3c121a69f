//! "Your data" in Settings: Tauri commands, each a call into [`jobhunter_api::backup`], and the
//! restart that finishes a restore.

use jobhunter_api::backup::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Writes the whole database to `path` (chosen in the save dialog).
#[tauri::command]
#[specta::specta]
pub async fn backup_database(api: State<'_, Api>, path: String) -> CommandResult<BackupDone> {
    backup(&api, &path).await
}

/// Checks the backup at `path` and stages it: the next start restores it.
#[tauri::command]
#[specta::specta]
pub async fn restore_database(api: State<'_, Api>, path: String) -> CommandResult<RestoreStaged> {
    stage_restore(&api, &path).await
}

/// Whether a restore waits for the next start.
#[tauri::command]
#[specta::specta]
pub async fn restore_pending(api: State<'_, Api>) -> CommandResult<bool> {
    Ok(jobhunter_api::backup::restore_pending(&api))
}

/// Drops a staged restore.
#[tauri::command]
#[specta::specta]
pub async fn cancel_restore(api: State<'_, Api>) -> CommandResult<bool> {
    jobhunter_api::backup::cancel_restore(&api)
}

/// Restarts the app (the engine closes as on quit; the new start finishes a staged restore).
#[tauri::command]
#[specta::specta]
pub async fn restart_app(app: tauri::AppHandle) -> CommandResult<()> {
    tracing::info!("restarting on the user's request");
    app.request_restart();
    Ok(())
}
