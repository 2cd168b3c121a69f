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
