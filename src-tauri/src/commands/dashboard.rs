//! The dashboard: Tauri commands, each a call into [`jobhunter_api::dashboard`].

use jobhunter_api::dashboard::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Finished flow runs per day over the last `days` days (1..=90), oldest first, every day
/// present (zeros included); today is the last day.
#[tauri::command]
#[specta::specta]
pub async fn run_health(api: State<'_, Api>, days: u32) -> CommandResult<Vec<RunHealthDay>> {
    health_until_today(&api, days).await
}

/// The summary card of the newest finished job hunt (null before the first one ends).
#[tauri::command]
#[specta::specta]
pub async fn latest_hunt_summary(
    api: State<'_, Api>,
) -> CommandResult<Option<jobhunter_api::hunt_summary::HuntSummary>> {
    jobhunter_api::hunt_summary::latest(&api).await
}

/// The summary of hunt `id` (the jobs list's "new in the hunt of …" chip).
#[tauri::command]
#[specta::specta]
pub async fn hunt_summary(
    api: State<'_, Api>,
    id: String,
) -> CommandResult<jobhunter_api::hunt_summary::HuntSummary> {
    jobhunter_api::hunt_summary::of_run(&api, &id).await
}
