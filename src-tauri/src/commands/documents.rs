//! Documents: Tauri commands, each a call into [`jobhunter_api::documents`].

use jobhunter_api::documents::*;
use jobhunter_api::{Api, CommandResult};
use jobhunter_ops::documents::{DocumentKind, DocumentRecord};
use tauri::State;

/// Documents newest first, only those of job `jobId` when given.
#[tauri::command]
#[specta::specta]
pub async fn list_documents(
    api: State<'_, Api>,
    job_id: Option<String>,
) -> CommandResult<Vec<DocumentRecord>> {
    list(&api, job_id.as_deref()).await
}

/// Marks a document approved (its file must still exist).
#[tauri::command]
#[specta::specta]
pub async fn approve_document(api: State<'_, Api>, id: String) -> CommandResult<DocumentRecord> {
    approve(&api, &id).await
}

/// Writes a tailored CV or cover letter for job `jobId` from the default profile, through the
/// `generate_cv` / `generate_cover_letter` operation (so it leaves a TaskRun), and returns the
/// documents just written (PDF and Markdown, unapproved).
#[tauri::command]
#[specta::specta]
pub async fn generate_document(
    api: State<'_, Api>,
    job_id: String,
    kind: DocumentKind,
) -> CommandResult<Vec<DocumentRecord>> {
    generate(&api, &job_id, kind).await
}

/// Reads document `id` for the preview.
#[tauri::command]
#[specta::specta]
pub async fn read_document(api: State<'_, Api>, id: String) -> CommandResult<DocumentContent> {
    read(&api, &id).await
}

/// Where each line of CV `id` comes from in the profile; `null` for a cover letter or a CV
/// written before sources were kept.
#[tauri::command]
#[specta::specta]
pub async fn document_sources(api: State<'_, Api>, id: String) -> CommandResult<Option<CvSources>> {
    sources(&api, &id).await
}

/// Copies document `id` to `path` (chosen in the save dialog); returns the path written.
#[tauri::command]
#[specta::specta]
pub async fn save_document_as(api: State<'_, Api>, id: String, path: String) -> CommandResult<String> {
    save_copy(&api, &id, &path).await
}

/// Shows document `id` in the file manager (its folder, the file selected).
#[tauri::command]
#[specta::specta]
pub async fn show_document_in_folder(api: State<'_, Api>, id: String) -> CommandResult<()> {
    let path = file_path(&api, &id).await?;
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| {
        jobhunter_api::CommandError::new(
            jobhunter_api::ErrorCode::Unavailable,
            format!("cannot show {} in its folder: {e}", path.display()),
        )
    })
}
