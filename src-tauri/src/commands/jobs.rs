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

/// Marks jobs seen (the job's page was opened); returns how many were new.
#[tauri::command]
#[specta::specta]
pub async fn mark_jobs_seen(api: State<'_, Api>, ids: Vec<String>) -> CommandResult<u32> {
    mark_seen(&api, &ids).await
}

/// Marks every job seen ("Mark all as seen"); returns how many were new.
#[tauri::command]
#[specta::specta]
pub async fn mark_all_jobs_seen(api: State<'_, Api>) -> CommandResult<u32> {
    mark_all_seen(&api).await
}

/// How many jobs the user has not looked at yet.
#[tauri::command]
#[specta::specta]
pub async fn unseen_jobs_count(api: State<'_, Api>) -> CommandResult<u32> {
    unseen_count(&api).await
}
