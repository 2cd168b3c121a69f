//! Schedules (deployments): Tauri commands, each a call into [`jobhunter_api::schedules`].

use jobhunter_api::schedules::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Every deployment with its next fire times.
#[tauri::command]
#[specta::specta]
pub async fn list_deployments(api: State<'_, Api>) -> CommandResult<Vec<DeploymentDto>> {
    list(&api).await
}

/// Pauses a deployment (by id or name): its schedules stop firing.
#[tauri::command]
#[specta::specta]
pub async fn pause_deployment(api: State<'_, Api>, id: String) -> CommandResult<DeploymentDto> {
    pause(&api, &id).await
}

/// Resumes a paused deployment (by id or name).
#[tauri::command]
#[specta::specta]
pub async fn resume_deployment(api: State<'_, Api>, id: String) -> CommandResult<DeploymentDto> {
    resume(&api, &id).await
}

/// Runs a deployment now, whatever its schedule; returns the new flow run's id at once.
#[tauri::command]
#[specta::specta]
pub async fn run_deployment_now(api: State<'_, Api>, id: String) -> CommandResult<String> {
    run_now(&api, &id).await
}

/// The next `count` (1..=50) fire times of a cron expression or an interval (`15m`, `6h`, `1d`;
/// anchored now) in time zone `tz`; an error says what is wrong with the expression or zone.
#[tauri::command]
#[specta::specta]
pub async fn preview_schedule(
    api: State<'_, Api>,
    cron_or_interval: String,
    tz: String,
    count: u32,
) -> CommandResult<SchedulePreview> {
    preview(&cron_or_interval, &tz, count, api.engine.clock().now())
}

/// Creates a deployment: the running app's scheduler fires it from its next slot on. A hunt
/// given no job sites searches the saved ones ("what I'm looking for"), else it is refused.
#[tauri::command]
#[specta::specta]
pub async fn create_deployment(api: State<'_, Api>, input: DeploymentInput) -> CommandResult<DeploymentDto> {
    create(&api, input).await
}

/// Edits deployment `id` (its flow stays the same; pause state follows `paused`).
#[tauri::command]
#[specta::specta]
pub async fn update_deployment(
    api: State<'_, Api>,
    id: String,
    input: DeploymentInput,
) -> CommandResult<DeploymentDto> {
    update(&api, &id, input).await
}

/// Deletes a deployment (its past runs stay in the history).
#[tauri::command]
#[specta::specta]
pub async fn delete_deployment(api: State<'_, Api>, id: String) -> CommandResult<()> {
    delete(&api, &id).await
}
