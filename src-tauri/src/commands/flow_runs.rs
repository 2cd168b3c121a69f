//! Flow runs: Tauri commands, each a call into [`jobhunter_api::flow_runs`].

use jobhunter_api::flow_runs::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// The most recent flow runs, newest first (`limit` defaults to 50, at most 500).
#[tauri::command]
#[specta::specta]
pub async fn list_flow_runs(api: State<'_, Api>, limit: Option<u32>) -> CommandResult<Vec<FlowRunSummary>> {
    recent_flow_runs(&api.engine, limit).await
}

/// Flow runs matching `query`, newest first (server-side pagination).
#[tauri::command]
#[specta::specta]
pub async fn search_flow_runs(
    api: State<'_, Api>,
    query: FlowRunQuery,
) -> CommandResult<Vec<FlowRunSummary>> {
    search(&api, query).await
}

/// One flow run with its task runs and logs.
#[tauri::command]
#[specta::specta]
pub async fn get_flow_run(api: State<'_, Api>, id: String) -> CommandResult<FlowRunDetail> {
    detail(&api, &id).await
}

/// Cancels a flow run, wherever it runs.
#[tauri::command]
#[specta::specta]
pub async fn cancel_flow_run(api: State<'_, Api>, id: String) -> CommandResult<CancelResult> {
    cancel(&api, &id).await
}

/// Restarts a finished, unsuccessful flow run from its failure as a new run and returns the
/// new run's id at once (steps that completed reuse their results).
#[tauri::command]
#[specta::specta]
pub async fn restart_flow_run(api: State<'_, Api>, id: String) -> CommandResult<String> {
    restart(&api, &id).await
}

/// Every tag a run or a schedule carries, sorted (the runs list's tag filter).
#[tauri::command]
#[specta::specta]
pub async fn list_run_tags(api: State<'_, Api>) -> CommandResult<Vec<String>> {
    tags(&api).await
}
