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
/// JSON Resume draft for review; nothing is stored. With `use_llm`, the configured language
/// model reads the CV's text too (see `llm_configured`).
#[tauri::command]
#[specta::specta]
pub async fn draft_cv(
    api: State<'_, Api>,
    file_name: String,
    content_base64: String,
    use_llm: bool,
) -> CommandResult<CvDraftDto> {
    jobhunter_api::profile::draft_cv(&api, &file_name, &content_base64, use_llm).await
}

/// Whether a language model is configured in Settings (the CV import then offers to use it).
#[tauri::command]
#[specta::specta]
pub async fn llm_configured(api: State<'_, Api>) -> CommandResult<bool> {
    Ok(jobhunter_api::profile::llm_configured(&api).await)
}
