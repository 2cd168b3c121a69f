//! Settings: Tauri commands, each a call into [`jobhunter_api::settings`].

use jobhunter_api::settings::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// The current settings (defaults where nothing is stored).
#[tauri::command]
#[specta::specta]
pub async fn get_settings(api: State<'_, Api>) -> CommandResult<SettingsDto> {
    get(&api).await
}

/// Validates and stores every setting at once; an error names the field and nothing is
/// stored.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(api: State<'_, Api>, input: SettingsDto) -> CommandResult<SettingsDto> {
    save(&api, input).await
}

/// Stores the LLM endpoint's API key in the OS keyring (never in the database), or removes it
/// when `apiKey` is null or blank; returns whether a key is now stored. The key is sent when
/// the LLM settings name no environment variable (or it is unset).
#[tauri::command]
#[specta::specta]
pub async fn save_llm_api_key(api: State<'_, Api>, api_key: Option<String>) -> CommandResult<bool> {
    save_api_key(&api, api_key).await
}
