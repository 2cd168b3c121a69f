//! The Sources view: Tauri commands, each a call into [`jobhunter_api::source_health`].

use jobhunter_api::source_health::{self, SourceHealth};
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// How each job site the hunts asked is doing (the troubled ones first).
#[tauri::command]
#[specta::specta]
pub async fn source_health(api: State<'_, Api>) -> CommandResult<Vec<SourceHealth>> {
    source_health::health(&api).await
}

/// "Retry now": un-pauses a job site the breaker paused; the next hunt asks it again.
#[tauri::command]
#[specta::specta]
pub async fn retry_source(api: State<'_, Api>, spec: String) -> CommandResult<SourceHealth> {
    source_health::retry(&api, &spec).await
}
