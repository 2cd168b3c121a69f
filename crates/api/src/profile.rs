//! The user's profile: a JSON Resume plus preferences.

use jobhunter_jobs::profile::ProfileWarning;
use jobhunter_ops::profile::StoredProfile;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// The stored default profile. Times are RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    pub id: String,
    pub name: String,
    pub is_default: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The JSON Resume document with its preferences, as stored.
    pub document: Value,
    /// What the import that returned this profile read differently or kept unchecked (older
    /// JSON Resume keys, keys outside the schema); empty when the profile is only read.
    pub warnings: Vec<ProfileWarning>,
}

impl From<StoredProfile> for ProfileDto {
    fn from(p: StoredProfile) -> Self {
        Self {
            document: serde_json::to_value(p.profile.to_document()).unwrap_or(Value::Null),
            id: p.id,
            name: p.name,
            is_default: p.is_default,
            created_at: p.created_at,
            updated_at: p.updated_at,
            warnings: Vec::new(),
        }
    }
}

/// The command's logic, without Tauri.
pub async fn get(state: &Api) -> CommandResult<Option<ProfileDto>> {
    match jobhunter_ops::profile::get(state.engine.store().pool(), None).await {
        Ok(profile) => Ok(Some(profile.into())),
        // What the ops layer says when nothing was imported yet.
        Err(jobhunter_ops::Error::Invalid(message)) if message.contains("no profile yet") => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// A CV file read into a JSON Resume draft, for the setup's review (nothing is stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CvDraftDto {
    /// The JSON Resume draft: every value is text found in the file.
    pub resume: Value,
    /// What was not found or not understood.
    pub warnings: Vec<ProfileWarning>,
    /// The text the draft was read from (shown beside it).
    pub text: String,
    /// `pdf`, `docx`, `text` or `json`.
    pub kind: String,
}

/// Whether a language model is configured (the `llm` setting, on): the CV import then offers
/// to read the CV with it too.
pub async fn llm_configured(api: &Api) -> bool {
    jobhunter_ops::cv_llm::available(&api.engine).await
}

/// Reads the CV file `file_name` (its bytes in base64, as the app's file picker sends them)
/// into a draft; bad, too big or damaged files get a plain message naming the file. With
/// `use_llm` and a configured language model, the model reads the CV's text too (only what
/// occurs in the CV is kept; a failure keeps the app's own reading, with a warning).
pub async fn draft_cv(
    api: &Api,
    file_name: &str,
    content_base64: &str,
    use_llm: bool,
) -> CommandResult<CvDraftDto> {
    use base64::Engine as _;
    // 20 MB of file is about 27 MB of base64: refuse more before decoding it.
    if content_base64.len() > 28 * 1024 * 1024 {
        return Err(CommandError::invalid(
            "file",
            format!("{file_name} is over 20 MB, the most a CV may be"),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content_base64.trim())
        .map_err(|e| CommandError::invalid("file", format!("{file_name} did not arrive whole: {e}")))?;
    let draft = jobhunter_jobs::cv::import_bytes_guarded(bytes, file_name.to_owned())
        .await
        .map_err(|e| CommandError::invalid("file", e))?;
    let draft = if use_llm { jobhunter_ops::cv_llm::refine_draft(&api.engine, draft).await } else { draft };
    Ok(CvDraftDto {
        resume: draft.resume,
        warnings: draft.warnings,
        text: draft.text,
        kind: draft.kind.to_owned(),
    })
}

/// The command's logic, without Tauri.
pub async fn import(state: &Api, json_text: &str) -> CommandResult<ProfileDto> {
    if json_text.trim().is_empty() {
        return Err(CommandError::invalid("json_text", "the profile is empty"));
    }
    let now = state.engine.clock().now();
    let (stored, warnings) =
        jobhunter_ops::profile::import_with_warnings(state.engine.store().pool(), json_text, now).await?;
    tracing::info!(profile = %stored.id, warnings = warnings.len(), "imported a profile from the desktop");
    Ok(ProfileDto { warnings, ..stored.into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn a_text_cv_becomes_a_draft_and_bad_files_are_named() {
        use base64::Engine as _;
        let (_dir, api) = state().await;
        assert!(!llm_configured(&api).await);
        let cv = "Ada Lovelace\nada@example.org\n\nExperience\nAnalyst — Engines Ltd\n2019 – 2021\n";
        let encoded = base64::engine::general_purpose::STANDARD.encode(cv);
        let draft = draft_cv(&api, "ada.txt", &encoded, true).await.unwrap();
        assert_eq!(draft.resume["basics"]["name"], "Ada Lovelace");
        assert_eq!(draft.resume["work"][0]["name"], "Engines Ltd");
        assert_eq!(draft.kind, "text");
        let garbage = base64::engine::general_purpose::STANDARD.encode([0u8, 159, 146, 150, 7, 1]);
        let error = draft_cv(&api, "cv.pdf", &garbage, false).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.starts_with("file: cv.pdf"), "{}", error.message);
        assert!(draft_cv(&api, "cv.txt", "not base64!", false)
            .await
            .unwrap_err()
            .message
            .contains("did not arrive whole"));
    }

    #[tokio::test]
    async fn import_then_get_and_bad_fields_are_named() {
        let (_dir, state) = state().await;
        assert_eq!(get(&state).await.unwrap(), None);

        let error = import(&state, r#"{"basics": {"name": 42}}"#).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.contains("basics.name"), "{}", error.message);
        assert_eq!(import(&state, "").await.unwrap_err().code, "invalid_input");

        let stored = import(&state, r#"{"basics": {"name": "Ada Lovelace"}, "skills": [{"name": "Rust"}]}"#)
            .await
            .expect("a minimal resume imports");
        assert_eq!(stored.name, "Ada Lovelace");
        assert!(stored.is_default);
        let current = get(&state).await.unwrap().expect("a profile after import");
        assert_eq!(current.id, stored.id);
        state.engine.close().await.unwrap();
    }
}
