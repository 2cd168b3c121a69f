//! The guided setup: Tauri commands, each a call into [`jobhunter_api::setup`] and
//! [`jobhunter_api::sources`].

use jobhunter_api::schedules::DeploymentDto;
use jobhunter_api::setup::{self, HuntSchedule, SetupStatus};
use jobhunter_api::sources::{self, Resolved, SourceInfo};
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Which setup steps are done, read from what is stored.
#[tauri::command]
#[specta::specta]
pub async fn setup_status(api: State<'_, Api>) -> CommandResult<SetupStatus> {
    setup::status(&api).await
}

/// Skips the setup (`true`) or reopens it (`false`).
#[tauri::command]
#[specta::specta]
pub async fn set_setup_dismissed(api: State<'_, Api>, dismissed: bool) -> CommandResult<SetupStatus> {
    setup::set_dismissed(&api, dismissed).await
}

/// The built-in sources, in plain words.
#[tauri::command]
#[specta::specta]
pub async fn list_sources() -> CommandResult<Vec<SourceInfo>> {
    Ok(sources::list())
}

/// The source behind a pasted address (a board, a careers page, a feed), with the company's
/// name and open jobs.
#[tauri::command]
#[specta::specta]
pub async fn resolve_source(api: State<'_, Api>, url: String) -> CommandResult<Resolved> {
    sources::resolve(&api, &url).await
}

/// "Where to search": the daily hunt's sources (its deployment is made, paused, if needed).
#[tauri::command]
#[specta::specta]
pub async fn save_hunt_sources(
    api: State<'_, Api>,
    sources: Vec<String>,
    timezone: String,
) -> CommandResult<DeploymentDto> {
    setup::save_sources(&api, sources, &timezone).await
}

/// "When to hunt": the daily time, weekdays only or not, the optional 6-hour scrape.
#[tauri::command]
#[specta::specta]
pub async fn save_hunt_schedule(api: State<'_, Api>, schedule: HuntSchedule) -> CommandResult<DeploymentDto> {
    setup::save_schedule(&api, schedule).await
}
