//! The TaskRun audit: Tauri commands, each a call into [`jobhunter_api::task_runs`].

use jobhunter_api::task_runs::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// A page of the TaskRun audit (server-side pagination).
#[tauri::command]
#[specta::specta]
pub async fn list_task_runs(api: State<'_, Api>, query: TaskRunQuery) -> CommandResult<TaskRunPage> {
    page(&api, query).await
}

/// One TaskRun in detail.
#[tauri::command]
#[specta::specta]
pub async fn get_task_run(api: State<'_, Api>, id: String) -> CommandResult<TaskRunDetail> {
    detail(&api, &id).await
}

/// Runs the operation of TaskRun `id` again with its recorded input, or with `inputJson`
/// (replay with edits); waits for the end. A failed replay is a result, not an error.
#[tauri::command]
#[specta::specta]
pub async fn replay_task_run(
    api: State<'_, Api>,
    id: String,
    input_json: Option<String>,
) -> CommandResult<ReplayResult> {
    replay(&api, &id, input_json.as_deref()).await
}

/// Statistics of finished calls (one per call, retries included in it), grouped by operation
/// or by who started them, optionally only the calls flows made or only direct ones.
#[tauri::command]
#[specta::specta]
pub async fn operation_stats(api: State<'_, Api>, query: StatsQuery) -> CommandResult<Vec<CallStatsDto>> {
    stats(&api, query).await
}
