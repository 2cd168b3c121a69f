//! Generated documents (CVs, cover letters) and their approval.

use jobhunter_ops::documents::DocumentRecord;
use serde::{Deserialize, Serialize};

use base64::Engine as _;

use crate::error::{CommandError, CommandResult};
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

/// Writes a tailored CV or cover letter for job `jobId` from the default profile, through the
/// `generate_cv` / `generate_cover_letter` operation (so it leaves a TaskRun), and returns the
/// documents just written (PDF and Markdown, unapproved).
#[tauri::command]
#[specta::specta]
pub async fn generate_document(
    state: tauri::State<'_, AppState>,
    job_id: String,
    kind: DocumentKind,
) -> CommandResult<Vec<DocumentDto>> {
    generate(&state, &job_id, kind).await
}

/// Which document to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Cv,
    CoverLetter,
}

/// The command's logic, without Tauri.
pub async fn generate(state: &AppState, job_id: &str, kind: DocumentKind) -> CommandResult<Vec<DocumentDto>> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "is required"));
    }
    let operation = match kind {
        DocumentKind::Cv => "generate_cv",
        DocumentKind::CoverLetter => "generate_cover_letter",
    };
    let outcome =
        state.engine.run_operation(operation, serde_json::json!({ "job_id": job_id }), "desktop").await?;
    if let Some(error) = outcome.error {
        return Err(CommandError::new(error.kind.as_str(), error.message));
    }
    let output = outcome.output.unwrap_or_default();
    let ids: Vec<&str> = ["cv_id", "cover_letter_id", "markdown_id"]
        .iter()
        .filter_map(|k| output.get(*k).and_then(|v| v.as_str()))
        .collect();
    let all = list(state, Some(job_id)).await?;
    Ok(all.into_iter().filter(|d| ids.contains(&d.id.as_str())).collect())
}

/// A document's content for the preview: the PDF as base64, or the Markdown text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentContent {
    /// `pdf` or `md`.
    pub format: String,
    pub mime: String,
    /// The PDF's bytes, base64-encoded (PDF documents).
    pub base64: Option<String>,
    /// The text (Markdown documents).
    pub text: Option<String>,
}

/// The PDF documents the preview reads are at most this big.
pub const MAX_PREVIEW_BYTES: u64 = 20 * 1024 * 1024;

/// Reads document `id` for the preview.
#[tauri::command]
#[specta::specta]
pub async fn read_document(state: tauri::State<'_, AppState>, id: String) -> CommandResult<DocumentContent> {
    read(&state, &id).await
}

/// The command's logic, without Tauri.
pub async fn read(state: &AppState, id: &str) -> CommandResult<DocumentContent> {
    let doc = DocumentDto::from(jobhunter_ops::documents::get(state.engine.store().pool(), id).await?);
    let path = std::path::PathBuf::from(&doc.path);
    let size = tokio::fs::metadata(&path)
        .await
        .map_err(|e| CommandError::new("not_found", format!("{}: {e}", doc.path)))?
        .len();
    if size > MAX_PREVIEW_BYTES {
        return Err(CommandError::invalid(
            "id",
            format!("{} is too big to preview ({size} bytes)", doc.path),
        ));
    }
    let bytes =
        tokio::fs::read(&path).await.map_err(|e| CommandError::new("io", format!("{}: {e}", doc.path)))?;
    Ok(match doc.format.as_str() {
        "pdf" => DocumentContent {
            format: doc.format,
            mime: "application/pdf".into(),
            base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            text: None,
        },
        _ => DocumentContent {
            format: doc.format,
            mime: "text/markdown".into(),
            base64: None,
            text: Some(String::from_utf8_lossy(&bytes).into_owned()),
        },
    })
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

    #[tokio::test]
    async fn generates_a_cv_that_the_preview_reads() {
        let (_dir, state) = state().await;
        let profile =
            std::fs::read_to_string(jobhunter_testkit::fixtures_dir().join("profile.json")).unwrap();
        crate::commands::profile::import(&state, &profile).await.unwrap();
        let posting = jobhunter_jobs::posting::Posting {
            source: "greenhouse:acme".into(),
            source_job_id: "1".into(),
            title: "Rust Engineer".into(),
            company: "Acme".into(),
            location: Some("Berlin".into()),
            remote: Some(true),
            employment_type: None,
            salary: None,
            description_text: "We build distributed systems in Rust and PostgreSQL.".into(),
            description_html: None,
            url: None,
            apply_url: None,
            apply_email: None,
            posted_at: None,
            tags: vec![],
        };
        let pool = state.engine.store().pool();
        let job_id = jobhunter_jobs::store::import_postings(pool, &[posting], chrono::Utc::now())
            .await
            .unwrap()
            .job_ids
            .remove(0);

        let docs = generate(&state, &job_id, DocumentKind::Cv).await.unwrap();
        let mut formats: Vec<&str> = docs.iter().map(|d| d.format.as_str()).collect();
        formats.sort();
        assert_eq!(formats, ["md", "pdf"]);
        assert!(docs.iter().all(|d| d.kind == "cv" && !d.approved));

        let pdf = docs.iter().find(|d| d.format == "pdf").unwrap();
        let content = read(&state, &pdf.id).await.unwrap();
        assert_eq!(content.mime, "application/pdf");
        let bytes = base64::engine::general_purpose::STANDARD.decode(content.base64.unwrap()).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "a real PDF");
        let md = docs.iter().find(|d| d.format == "md").unwrap();
        let text = read(&state, &md.id).await.unwrap().text.unwrap();
        assert!(text.starts_with("# Jörg Müller"), "the profile's CV: {text}");

        // The operation left its TaskRun; a missing job is an error with a code.
        let runs = state.engine.store().operation_stats(None).await.unwrap();
        assert!(runs.iter().any(|s| s.operation_name == "generate_cv" && s.successes == 1), "{runs:?}");
        let e = generate(&state, "no-such-job", DocumentKind::CoverLetter).await.unwrap_err();
        assert_ne!(e.code, "");
        assert!(generate(&state, " ", DocumentKind::Cv).await.unwrap_err().message.starts_with("jobId:"));
        assert_eq!(read(&state, "nope").await.unwrap_err().code, "not_found");
        state.engine.close().await.unwrap();
    }
}
