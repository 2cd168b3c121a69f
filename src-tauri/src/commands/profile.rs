//! The profile: Tauri commands, each a call into [`jobhunter_api::profile`].

use jobhunter_api::profile::*;
use jobhunter_api::{Api, CommandResult};
use tauri::State;

/// The default profile, or `null` before the first import.
#[tauri::command]
#[specta::specta]
pub async fn get_profile(api: State<'_, Api>) -> CommandResult<Option<ProfileDto>> {
    get(&api).await
}

/// Validates a JSON Resume (with optional preferences) and stores it as the default profile;
/// an error names the offending field's path.
#[tauri::command]
#[specta::specta]
pub async fn import_profile(api: State<'_, Api>, json_text: String) -> CommandResult<ProfileDto> {
    import(&api, &json_text).await
}
