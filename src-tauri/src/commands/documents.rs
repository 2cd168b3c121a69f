//! Generated documents (CVs, cover letters) and their approval.

use jobhunter_ops::documents::DocumentRecord;
use serde::{Deserialize, Serialize};

use crate::error::CommandResult;
use crate::state::AppState;

/// A generated document. Times are RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDto {
    pub id: String,
    pub job_id: Option<String>,
    /// `cv` or `cover_letter`.
    pub kind: String,
    /// `pdf`, `html`, ...
    pub format: String,
    /// The file on disk.
    pub path: String,
    pub approved: bool,
    pub approved_at: Option<String>,
    pub created_at: String,
}

impl From<DocumentRecord> for DocumentDto {
    fn from(d: DocumentRecord) -> Self {
        Self {
            id: d.id,
            job_id: d.job_id,
            kind: d.kind,
            format: d.format,
            path: d.path,
            approved: d.approved,
            approved_at: d.approved_at,
            created_at: d.created_at,
        }
    }
}

/// Documents newest first, only those of job `jobId` when given.
#[tauri::command]
#[specta::specta]
pub async fn list_documents(
    state: tauri::State<'_, AppState>,
    job_id: Option<String>,
) -> CommandResult<Vec<DocumentDto>> {
    list(&state, job_id.as_deref()).await
}

/// The command's logic, without Tauri.
pub async fn list(state: &AppState, job_id: Option<&str>) -> CommandResult<Vec<DocumentDto>> {
    let docs = jobhunter_ops::documents::list(state.engine.store().pool(), job_id).await?;
    Ok(docs.into_iter().map(DocumentDto::from).collect())
}

/// Marks a document approved (its file must still exist).
#[tauri::command]
#[specta::specta]
pub async fn approve_document(state: tauri::State<'_, AppState>, id: String) -> CommandResult<DocumentDto> {
    approve(&state, &id).await
}

/// The command's logic, without Tauri.
pub async fn approve(state: &AppState, id: &str) -> CommandResult<DocumentDto> {
    let now = state.engine.clock().now();
    Ok(jobhunter_ops::documents::approve(state.engine.store().pool(), id, now).await?.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::test_support::state;

    #[tokio::test]
    async fn empty_list_and_unknown_document() {
        let (_dir, state) = state().await;
        assert!(list(&state, None).await.unwrap().is_empty());
        assert!(list(&state, Some("job-1")).await.unwrap().is_empty());
        let error = approve(&state, "nope").await.unwrap_err();
        assert_eq!(error.code, "not_found");
        assert!(error.message.contains("nope"), "{}", error.message);
        state.engine.close().await.unwrap();
    }
}
