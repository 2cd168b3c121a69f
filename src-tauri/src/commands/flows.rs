//! Flows: Tauri commands, each a call into [`jobhunter_api::flows`].

use jobhunter_api::flows::*;
use jobhunter_api::hunt::{hunt_now as start_hunt, readiness, HuntReadiness, HuntStart};
use jobhunter_api::{Api, CommandResult};
use jobhunter_engine::FlowInfo;
use tauri::State;

/// Every registered flow, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_flows(api: State<'_, Api>) -> CommandResult<Vec<FlowInfo>> {
    Ok(flows(&api))
}

/// Starts flow `name` with parameters `paramsJson` (a JSON object; absent or blank: the
/// defaults) and returns the new flow run's id at once; the run continues in the background
/// and reports its progress as `RunEvent`s.
#[tauri::command]
#[specta::specta]
pub async fn start_flow(
    api: State<'_, Api>,
    name: String,
    params_json: Option<String>,
) -> CommandResult<String> {
    start(&api, &name, params_json.as_deref()).await
}

/// Starts the daily hunt with the first daily_job_hunt deployment's parameters (else the
/// flow's defaults), unless they name no source: the same rule as the tray's "Run daily hunt
/// now".
#[tauri::command]
#[specta::specta]
pub async fn hunt_now(api: State<'_, Api>) -> CommandResult<HuntStart> {
    start_hunt(&api).await
}

/// Whether "Run daily hunt now" can start and, if not, why (the rule the tray follows too).
#[tauri::command]
#[specta::specta]
pub async fn hunt_readiness(api: State<'_, Api>) -> CommandResult<HuntReadiness> {
    readiness(&api).await
}
