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

/// Reads a CV file (PDF, Word .docx, text, Markdown or JSON Resume; its bytes in base64) into a
/// JSON Resume draft for review; nothing is stored.
#[tauri::command]
#[specta::specta]
pub async fn draft_cv(file_name: String, content_base64: String) -> CommandResult<CvDraftDto> {
    jobhunter_api::profile::draft_cv(&file_name, &content_base64).await
}
