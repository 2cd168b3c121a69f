//! Jobs: Tauri commands, each a call into [`jobhunter_api::jobs`].

use jobhunter_api::jobs::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// A page of jobs (server-side filters, sorting and paging).
#[tauri::command]
#[specta::specta]
pub async fn list_jobs(api: State<'_, Api>, query: JobQuery) -> CommandResult<JobPage> {
    list(&api, query).await
}

/// One job with its match explanation and provenance.
#[tauri::command]
#[specta::specta]
pub async fn get_job(api: State<'_, Api>, id: String) -> CommandResult<JobDto> {
    get(&api, &id).await
}
