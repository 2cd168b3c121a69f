//! Notification rules: Tauri commands, each a call into [`jobhunter_api::rules`].

use jobhunter_api::rules::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Every rule.
#[tauri::command]
#[specta::specta]
pub async fn list_rules(api: State<'_, Api>) -> CommandResult<Vec<RuleDto>> {
    list(&api).await
}

/// Adds a rule; an error names the offending field.
#[tauri::command]
#[specta::specta]
pub async fn add_rule(api: State<'_, Api>, input: RuleInput) -> CommandResult<RuleDto> {
    add(&api, input).await
}

/// Deletes rule `id`.
#[tauri::command]
#[specta::specta]
pub async fn delete_rule(api: State<'_, Api>, id: f64) -> CommandResult<()> {
    delete(&api, id as i64).await
}
