//! Generated documents (CVs, cover letters) and their approval.

use jobhunter_jobs::documents::sources_path;
/// What `sources` returns (re-exported for the app's commands).
pub use jobhunter_jobs::documents::{CvSources, SourceFact, SourcedLine};
use jobhunter_ops::documents::{
    generate_cover_letter, generate_cv, CoverLetterOutput, CvOutput, DocumentKind, DocumentRecord,
    GenerateInput,
};
use serde::{Deserialize, Serialize};

use base64::Engine as _;

use crate::error::{CommandError, CommandResult};
use crate::Api;
use crate::ErrorCode;

/// The command's logic, without Tauri.
pub async fn list(state: &Api, job_id: Option<&str>) -> CommandResult<Vec<DocumentRecord>> {
    Ok(jobhunter_ops::documents::list(state.engine.store().pool(), job_id).await?)
}

/// The command's logic, without Tauri.
pub async fn approve(state: &Api, id: &str) -> CommandResult<DocumentRecord> {
    let now = state.engine.clock().now();
    Ok(jobhunter_ops::documents::approve(state.engine.store().pool(), id, now).await?)
}

/// The command's logic, without Tauri.
pub async fn generate(state: &Api, job_id: &str, kind: DocumentKind) -> CommandResult<Vec<DocumentRecord>> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("jobId", "is required"));
    }
    let operation = match kind {
        DocumentKind::Cv => generate_cv().name().to_owned(),
        DocumentKind::CoverLetter => generate_cover_letter().name().to_owned(),
    };
    let input = GenerateInput { job_id: job_id.to_owned(), profile_id: None };
    let input =
        serde_json::to_value(input).map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    let outcome = state.engine.run_operation(&operation, input, "desktop").await?;
    if let Some(error) = outcome.error {
        return Err(CommandError::new(error.kind.into(), error.message));
    }
    // The operation's typed output names the documents it wrote.
    let output = outcome.output.unwrap_or_default();
    let unexpected =
        |e: serde_json::Error| CommandError::new(ErrorCode::Internal, format!("{operation}: {e}"));
    let ids = match kind {
        DocumentKind::Cv => {
            let out: CvOutput = serde_json::from_value(output).map_err(unexpected)?;
            [out.cv_id, out.markdown_id]
        }
        DocumentKind::CoverLetter => {
            let out: CoverLetterOutput = serde_json::from_value(output).map_err(unexpected)?;
            [out.cover_letter_id, out.markdown_id]
        }
    };
    let all = list(state, Some(job_id)).await?;
    Ok(all.into_iter().filter(|d| ids.contains(&d.id)).collect())
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

/// The command's logic, without Tauri.
pub async fn read(state: &Api, id: &str) -> CommandResult<DocumentContent> {
    let doc = jobhunter_ops::documents::get(state.engine.store().pool(), id).await?;
    let path = std::path::PathBuf::from(&doc.path);
    let size = tokio::fs::metadata(&path)
        .await
        .map_err(|e| CommandError::new(ErrorCode::NotFound, format!("{}: {e}", doc.path)))?
        .len();
    if size > MAX_PREVIEW_BYTES {
        return Err(CommandError::invalid(
            "id",
            format!("{} is too big to preview ({size} bytes)", doc.path),
        ));
    }
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("{}: {e}", doc.path)))?;
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

/// Where each line of CV `id` (its PDF or its Markdown) comes from in the profile, as the
/// generator stored it beside the files. `None` for a cover letter and for a CV written before
/// sources were kept (generating it again adds them).
pub async fn sources(state: &Api, id: &str) -> CommandResult<Option<CvSources>> {
    let doc = jobhunter_ops::documents::get(state.engine.store().pool(), id).await?;
    if doc.kind != DocumentKind::Cv {
        return Ok(None);
    }
    let path = sources_path(std::path::Path::new(&doc.path));
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CommandError::new(ErrorCode::Io, format!("{}: {e}", path.display()))),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("{}: {e}", path.display())))
}

/// Where document `id` is on disk (its file must still exist): "Show in folder".
pub async fn file_path(state: &Api, id: &str) -> CommandResult<std::path::PathBuf> {
    let doc = jobhunter_ops::documents::get(state.engine.store().pool(), id).await?;
    let path = std::path::PathBuf::from(&doc.path);
    if !path.is_file() {
        return Err(CommandError::new(ErrorCode::NotFound, format!("{}: the file is gone", doc.path)));
    }
    Ok(path)
}

/// Copies document `id` to `dest` ("Save PDF as…", the path the save dialog chose; an existing
/// file there is replaced, the dialog asked). The copy is written beside `dest` first and then
/// renamed, so `dest` is never half-written. Returns the path written.
pub async fn save_copy(state: &Api, id: &str, dest: &str) -> CommandResult<String> {
    let source = file_path(state, id).await?;
    let dest = dest.trim();
    if dest.is_empty() {
        return Err(CommandError::invalid("path", "choose where to save the file"));
    }
    let dest =
        std::path::absolute(dest).map_err(|e| CommandError::invalid("path", format!("{dest}: {e}")))?;
    if dest.is_dir() {
        return Err(CommandError::invalid("path", format!("{} is a folder", dest.display())));
    }
    if same_file(&source, &dest) {
        return Ok(dest.display().to_string());
    }
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("document");
    let partial = dest.with_file_name(format!(".{name}.partial"));
    let io = |p: &std::path::Path, e: std::io::Error| {
        CommandError::new(ErrorCode::Io, format!("{}: {e}", p.display()))
    };
    if let Err(e) = tokio::fs::copy(&source, &partial).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(io(&dest, e));
    }
    if let Err(e) = tokio::fs::rename(&partial, &dest).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(io(&dest, e));
    }
    Ok(dest.display().to_string())
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

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
        crate::profile::import(&state, &profile).await.unwrap();
        let job_id =
            crate::test_support::import_job(&state, "We build distributed systems in Rust and PostgreSQL.")
                .await;

        let docs = generate(&state, &job_id, DocumentKind::Cv).await.unwrap();
        let mut formats: Vec<&str> = docs.iter().map(|d| d.format.as_str()).collect();
        formats.sort();
        assert_eq!(formats, ["md", "pdf"]);
        assert!(docs.iter().all(|d| d.kind == DocumentKind::Cv && !d.approved));

        let pdf = docs.iter().find(|d| d.format == "pdf").unwrap();
        let content = read(&state, &pdf.id).await.unwrap();
        assert_eq!(content.mime, "application/pdf");
        let bytes = base64::engine::general_purpose::STANDARD.decode(content.base64.unwrap()).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "a real PDF");
        let md = docs.iter().find(|d| d.format == "md").unwrap();
        let text = read(&state, &md.id).await.unwrap().text.unwrap();
        assert!(text.starts_with("# Jörg Müller"), "the profile's CV: {text}");

        // Where each line comes from: the same sources through the PDF and the Markdown, every
        // fact resolved in the profile, the Markdown grounded.
        let grounding = sources(&state, &pdf.id).await.unwrap().expect("a CV keeps its sources");
        assert_eq!(sources(&state, &md.id).await.unwrap(), Some(grounding.clone()));
        assert!(grounding.unresolved().is_empty(), "{grounding:?}");
        let name = &grounding.lines[0];
        assert_eq!((name.text.as_str(), name.facts[0].label.as_str()), ("Jörg Müller", "Your name"));
        let imported = jobhunter_jobs::profile::Profile::from_json(&profile).unwrap();
        assert!(jobhunter_jobs::documents::check_cv_markdown(&text, &imported).is_empty());
        assert_eq!(sources(&state, "nope").await.unwrap_err().code, "not_found");

        // The operation left its TaskRun; a missing job is an error with a code.
        let runs = state.engine.store().operation_stats(None).await.unwrap();
        assert!(runs.iter().any(|s| s.operation_name == "generate_cv" && s.successes == 1), "{runs:?}");
        let e = generate(&state, "no-such-job", DocumentKind::CoverLetter).await.unwrap_err();
        assert_ne!(e.code, "");
        assert!(generate(&state, " ", DocumentKind::Cv).await.unwrap_err().message.starts_with("jobId:"));
        assert_eq!(read(&state, "nope").await.unwrap_err().code, "not_found");

        // "Save PDF as…": a byte-for-byte copy where the user chose, replacing what was there.
        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("Jörg Müller CV.pdf");
        std::fs::write(&dest, "an older file").unwrap();
        let written = save_copy(&state, &pdf.id, dest.to_str().unwrap()).await.unwrap();
        assert_eq!(written, dest.display().to_string());
        assert_eq!(std::fs::read(&dest).unwrap(), bytes);
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1, "no partial file is left");
        assert_eq!(file_path(&state, &pdf.id).await.unwrap(), std::path::PathBuf::from(&pdf.path));
        let e = save_copy(&state, &pdf.id, out.path().to_str().unwrap()).await.unwrap_err();
        assert!(e.message.starts_with("path:") && e.message.contains("is a folder"), "{}", e.message);
        assert!(save_copy(&state, &pdf.id, " ").await.unwrap_err().message.starts_with("path:"));
        assert_eq!(save_copy(&state, "nope", dest.to_str().unwrap()).await.unwrap_err().code, "not_found");
        // A document whose file went is named in the error.
        std::fs::remove_file(&md.path).unwrap();
        let e = file_path(&state, &md.id).await.unwrap_err();
        assert_eq!(e.code, "not_found");
        assert!(e.message.contains(&md.path), "{}", e.message);
        state.engine.close().await.unwrap();
    }
}
