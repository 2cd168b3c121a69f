//! Notification channels: Tauri commands, each a call into [`jobhunter_api::channels`].

use jobhunter_api::channels::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// Every notification channel, the built-in desktop channel included.
#[tauri::command]
#[specta::specta]
pub async fn list_channels(api: State<'_, Api>) -> CommandResult<Vec<ChannelDto>> {
    list(&api).await
}

/// Adds an email or webhook channel; an error names the offending field.
#[tauri::command]
#[specta::specta]
pub async fn save_channel(api: State<'_, Api>, input: ChannelInput) -> CommandResult<ChannelDto> {
    save(&api, input).await
}

/// Deletes a channel with its rules and stored password.
#[tauri::command]
#[specta::specta]
pub async fn delete_channel(api: State<'_, Api>, name: String) -> CommandResult<()> {
    delete(&api, &name).await
}

/// Sends a test notification through channel `name` and reports how it went.
#[tauri::command]
#[specta::specta]
pub async fn test_channel(api: State<'_, Api>, name: String) -> CommandResult<DeliveryDto> {
    test(&api, &name).await
}
