//! `generate_cv` and `generate_cover_letter`: documents tailored to one job, written as PDF and
//! Markdown under `<data dir>/documents/<job id>/` and stored as document rows that need the
//! user's approval before any application uses them. Every line comes from the profile.
//! `approved_cv`: which CV of a job the user approved (what flows apply with). A CV's files
//! have a third sibling, `<name>.sources.json`: where each of its lines comes from.
//!
//! Documents do not pile up: each pair is stored with a hash of what it was made from (the
//! profile, the job's facts, the match terms; [`inputs_hash`]). Generating again for a job whose
//! inputs did not change returns the existing pair (same ids and files, approval kept) instead
//! of writing a new one; a changed profile or posting makes a new pair.

use std::path::Path;

use chrono::SecondsFormat;
use jobhunter_engine::fingerprint::{canonical_json, hash_parts};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{OpContext, OpError, Operation};
use jobhunter_jobs::documents::{
    cover_letter, cv_sources, sources_path, tailor_cv, write_atomically, write_documents, Document, JobFacts,
};
use jobhunter_jobs::matching::Explanation;
use jobhunter_jobs::profile::Profile;
use jobhunter_jobs::store as job_store;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::hunt::op_error;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    /// The job the documents are written for.
    #[schemars(title = "Job")]
    pub job_id: String,
    /// Default: the default profile.
    #[serde(default)]
    #[schemars(title = "Profile")]
    pub profile_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CvOutput {
    pub success: bool,
    /// The PDF document (what `apply_job` takes, once approved).
    pub cv_id: String,
    pub path: String,
    pub markdown_id: String,
    pub markdown_path: String,
    /// The job and profile had not changed since this pair was made: it was returned again
    /// rather than written anew.
    #[serde(default)]
    pub reused: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct CoverLetterOutput {
    pub success: bool,
    pub cover_letter_id: String,
    pub path: String,
    pub markdown_id: String,
    pub markdown_path: String,
    /// The job and profile had not changed since this pair was made: it was returned again
    /// rather than written anew.
    #[serde(default)]
    pub reused: bool,
}

pub fn generate_cv() -> Operation<GenerateInput, CvOutput> {
    Operation::new("generate_cv", |ctx: OpContext, input: GenerateInput| async move {
        let Generated { pdf, md, reused } = generate(&ctx, &input, DocumentKind::Cv).await?;
        Ok(CvOutput {
            success: true,
            cv_id: pdf.0,
            path: pdf.1,
            markdown_id: md.0,
            markdown_path: md.1,
            reused,
        })
    })
    .description(
        "Write a CV tailored to a job (PDF + Markdown) from the profile; it needs approval before use. \
         Returns the existing CV when neither the job nor the profile changed",
    )
    .category("documents")
    .tags(["documents"])
}

pub fn generate_cover_letter() -> Operation<GenerateInput, CoverLetterOutput> {
    Operation::new("generate_cover_letter", |ctx: OpContext, input: GenerateInput| async move {
        let Generated { pdf, md, reused } = generate(&ctx, &input, DocumentKind::CoverLetter).await?;
        Ok(CoverLetterOutput {
            success: true,
            cover_letter_id: pdf.0,
            path: pdf.1,
            markdown_id: md.0,
            markdown_path: md.1,
            reused,
        })
    })
    .description(
        "Write a cover letter for a job (PDF + Markdown) from the profile; it needs approval before use. \
         Returns the existing letter when neither the job nor the profile changed",
    )
    .category("documents")
    .tags(["documents"])
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovedCvInput {
    /// The job whose approved CV is wanted.
    #[schemars(title = "Job")]
    pub job_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ApprovedCvOutput {
    /// The newest approved CV (PDF) of the job; `None` while none is approved.
    pub cv_id: Option<String>,
}

/// `approved_cv {job_id}` -> `{cv_id}`: the CV an application of the job would use, so that a
/// flow's decision to apply (or not) leaves a TaskRun.
pub fn approved_cv() -> Operation<ApprovedCvInput, ApprovedCvOutput> {
    Operation::new("approved_cv", |ctx: OpContext, input: ApprovedCvInput| async move {
        let cv_id = newest_approved_cv(ctx.db(), &input.job_id).await?;
        if let Some(id) = &cv_id {
            ctx.add_result_ref("document", id.clone());
        }
        Ok(ApprovedCvOutput { cv_id })
    })
    .description("The newest CV (PDF) of a job that the user approved, if any")
    .category("documents")
    .tags(["documents"])
}

/// The newest approved CV (PDF) of a job, if the user approved one.
pub async fn newest_approved_cv(pool: &SqlitePool, job_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM documents WHERE job_id = ? AND kind = 'cv' AND format = 'pdf' AND approved = 1 \
         ORDER BY approved_at DESC, created_at DESC LIMIT 1",
    )
    .bind(job_id)
    .fetch_optional(pool)
    .await?)
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Cv,
    CoverLetter,
}

impl DocumentKind {
    /// The stored and serialized name (`cv`, `cover_letter`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Cv => "cv",
            Self::CoverLetter => "cover_letter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Cv, Self::CoverLetter].into_iter().find(|k| k.name() == text)
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A document pair: (pdf id, path), (markdown id, path), and whether it existed already.
struct Generated {
    pdf: (String, String),
    md: (String, String),
    reused: bool,
}

/// Bump when the generators make something else of the same inputs, so that documents an
/// older generator made are not reused.
const GENERATOR_VERSION: &str = "documents-v2";

/// The hash of everything a document of `kind` is made from: the profile, the job's facts and
/// the matched skills of its match (the only part of the match the generators read; the score
/// or an LLM's opinion do not change the document). Stored with the document rows.
pub fn inputs_hash(
    kind: DocumentKind,
    profile: &Profile,
    job: &JobFacts,
    explanation: Option<&Explanation>,
) -> String {
    // The generators read the matched skills as a set.
    let mut matched: Vec<String> = explanation
        .map(|e| e.matched_skills.iter().map(|s| s.trim().to_lowercase()).collect())
        .unwrap_or_default();
    matched.sort();
    matched.dedup();
    let inputs = serde_json::json!({
        "kind": kind.name(),
        "profile": profile,
        "job": job,
        "matched_skills": matched,
    });
    hash_parts(&[GENERATOR_VERSION, &canonical_json(&inputs)])
}

/// The pair of `kind` made for the job and profile from inputs hashing to `hash` whose two
/// files still exist: the approved one first, then the newest. Pairs share a file stem.
async fn reusable<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    job_id: &str,
    profile_id: &str,
    kind: DocumentKind,
    hash: &str,
) -> std::result::Result<Option<Generated>, OpError> {
    let pairs: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT p.id, p.path, m.id, m.path FROM documents p JOIN documents m \
           ON m.job_id = p.job_id AND m.kind = p.kind AND m.format = 'md' \
           AND m.inputs_hash = p.inputs_hash AND m.profile_id = p.profile_id \
           AND m.path = substr(p.path, 1, length(p.path) - 3) || 'md' \
         WHERE p.job_id = ? AND p.profile_id = ? AND p.kind = ? AND p.format = 'pdf' AND p.inputs_hash = ? \
         ORDER BY p.approved DESC, p.created_at DESC, p.id DESC",
    )
    .bind(job_id)
    .bind(profile_id)
    .bind(kind.name())
    .bind(hash)
    .fetch_all(db)
    .await
    .map_err(OpError::from)?;
    Ok(pairs
        .into_iter()
        .find(|(_, pdf, _, md)| Path::new(pdf).is_file() && Path::new(md).is_file())
        .map(|(pdf_id, pdf, md_id, md)| Generated { pdf: (pdf_id, pdf), md: (md_id, md), reused: true }))
}

/// The job's document pair of `kind`: the existing one when its inputs did not change (see
/// [`inputs_hash`]), else new files and two new document rows.
async fn generate(
    ctx: &OpContext,
    input: &GenerateInput,
    kind: DocumentKind,
) -> std::result::Result<Generated, OpError> {
    let pool = ctx.db();
    let stored = crate::profile::get(pool, input.profile_id.as_deref()).await.map_err(OpError::from)?;
    let job = job_store::get_job(pool, &input.job_id).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => OpError::invalid(format!("job_id: {m}")),
        other => op_error(other),
    })?;
    let explanation = explanation(pool, &job.id, &stored.id).await.map_err(OpError::from)?;
    let facts = JobFacts::from(&job);
    let hash = inputs_hash(kind, &stored.profile, &facts, explanation.as_ref());
    let reuse = |found: Generated| {
        tracing::info!(job = %job.id, document = %found.pdf.0, "inputs unchanged; reusing the {kind}");
        ctx.set_metadata("reused_document", found.pdf.0.clone());
        ctx.add_result_ref("document", found.pdf.0.clone());
        ctx.add_result_ref("document", found.md.0.clone());
        found
    };
    if let Some(found) = reusable(pool, &job.id, &stored.id, kind, &hash).await? {
        return Ok(reuse(found));
    }

    // A CV also keeps where each of its lines comes from (`<name>.sources.json`).
    let (document, sources): (Box<dyn Document + Send>, _) = match kind {
        DocumentKind::Cv => {
            let cv = tailor_cv(&stored.profile, &facts, explanation.as_ref());
            let sources = cv_sources(&cv, &stored.profile);
            (Box::new(cv), Some(sources))
        }
        DocumentKind::CoverLetter => {
            (Box::new(cover_letter(&stored.profile, &facts, explanation.as_ref())), None)
        }
    };
    let dir = ctx.engine().data_dir().join("documents").join(&job.id);
    let base =
        format!("{}-{}-{}", kind.name().replace('_', "-"), slug(&job.company), &ctx.task_run_id()[24..]);
    let paths = {
        let target = dir.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&target)?;
            let paths = write_documents(&target, &base, document.as_ref())?;
            if let Some(sources) = sources {
                let json = serde_json::to_vec_pretty(&sources).map_err(std::io::Error::other)?;
                write_atomically(&sources_path(&paths.pdf), &json)?;
            }
            Ok::<_, std::io::Error>(paths)
        })
        .await
        .map_err(|e| OpError::internal(format!("document writer: {e}")))?
        .map_err(|e| OpError::transient(format!("cannot write documents in {}: {e}", dir.display())))?
    };
    let now = ctx.clock().now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let pdf_id = uuid::Uuid::now_v7().to_string();
    let md_id = uuid::Uuid::now_v7().to_string();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(OpError::from)?;
    // A concurrent call for the same job may have stored an identical pair meanwhile.
    if let Some(found) = reusable(&mut *tx, &job.id, &stored.id, kind, &hash).await? {
        drop(tx);
        for file in [paths.pdf.clone(), paths.markdown.clone(), sources_path(&paths.pdf)] {
            let _ = std::fs::remove_file(file);
        }
        return Ok(reuse(found));
    }
    for (id, format, path) in [(&pdf_id, "pdf", &paths.pdf), (&md_id, "md", &paths.markdown)] {
        sqlx::query(
            "INSERT INTO documents (id, job_id, profile_id, kind, format, path, approved, created_at, \
             inputs_hash) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
        )
        .bind(id)
        .bind(&job.id)
        .bind(&stored.id)
        .bind(kind.name())
        .bind(format)
        .bind(path.to_string_lossy().as_ref())
        .bind(&now)
        .bind(&hash)
        .execute(&mut *tx)
        .await
        .map_err(OpError::from)?;
    }
    tx.commit().await.map_err(OpError::from)?;
    ctx.add_result_ref("document", pdf_id.clone());
    ctx.add_result_ref("document", md_id.clone());
    Ok(Generated { pdf: (pdf_id, display(&paths.pdf)), md: (md_id, display(&paths.markdown)), reused: false })
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn slug(s: &str) -> String {
    let slug: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "job".into()
    } else {
        slug.chars().take(40).collect()
    }
}

async fn explanation(pool: &SqlitePool, job_id: &str, profile_id: &str) -> Result<Option<Explanation>> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT explanation FROM matches WHERE job_id = ? AND profile_id = ?")
            .bind(job_id)
            .bind(profile_id)
            .fetch_optional(pool)
            .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| Error::invalid(format!("stored match: {e}"))))
        .transpose()
}

/// A document row (`documents list --json`, the app's document list). Times are RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentRecord {
    pub id: String,
    pub job_id: Option<String>,
    pub kind: DocumentKind,
    pub format: String,
    pub path: String,
    pub approved: bool,
    pub approved_at: Option<String>,
    pub created_at: String,
}

const DOCUMENT_COLUMNS: &str = "id, job_id, kind, format, path, approved, approved_at, created_at";

fn document_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.try_get("id")?,
        job_id: r.try_get("job_id")?,
        kind: {
            let kind: String = r.try_get("kind")?;
            DocumentKind::parse(&kind)
                .ok_or_else(|| Error::invalid(format!("stored document: unknown kind '{kind}'")))?
        },
        format: r.try_get("format")?,
        path: r.try_get("path")?,
        approved: r.try_get("approved")?,
        approved_at: r.try_get("approved_at")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Documents, newest first (optionally of one job).
pub async fn list(pool: &SqlitePool, job_id: Option<&str>) -> Result<Vec<DocumentRecord>> {
    let sql = format!(
        "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE (?1 IS NULL OR job_id = ?1) \
         ORDER BY created_at DESC, id DESC"
    );
    let rows = sqlx::query(&sql).bind(job_id).fetch_all(pool).await?;
    rows.iter().map(document_from_row).collect()
}

/// One document.
pub async fn get(pool: &SqlitePool, id: &str) -> Result<DocumentRecord> {
    let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?");
    match sqlx::query(&sql).bind(id).fetch_optional(pool).await? {
        Some(row) => document_from_row(&row),
        None => Err(Error::NotFound(format!("document '{id}'"))),
    }
}

/// Marks a document approved (the user read it); its file must still exist.
pub async fn approve(
    pool: &SqlitePool,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DocumentRecord> {
    let path = get(pool, id).await?.path;
    if !Path::new(&path).is_file() {
        return Err(Error::invalid(format!(
            "document '{id}': its file {path} is missing; generate it again"
        )));
    }
    sqlx::query("UPDATE documents SET approved = 1, approved_at = COALESCE(approved_at, ?) WHERE id = ?")
        .bind(now.to_rfc3339_opts(SecondsFormat::Micros, true))
        .bind(id)
        .execute(pool)
        .await?;
    get(pool, id).await
}
