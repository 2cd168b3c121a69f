//! `jobhunter profile import FILE [--dry-run] | show`.

use jobhunter_api::ErrorCode;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_engine::Engine;
use jobhunter_ops::profile::ProfileWarning;
use serde_json::json;

use crate::output::{out, print_json, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Import a JSON Resume file (with an optional "preferences" object) as the default profile.
    /// Older JSON Resume keys (work[].company, website, picture) are read as the current ones and
    /// keys outside the schema are kept; both are listed as warnings. A CV as PDF, Word (.docx),
    /// text or Markdown is read into a JSON Resume draft (nothing invented; gaps are warnings);
    /// check it with --dry-run first.
    Import {
        file: PathBuf,
        /// Validate the file and list the warnings without storing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show the default profile.
    Show,
}

pub async fn run(engine: &Engine, cmd: ProfileCommand, json: bool) -> CliResult<ExitCode> {
    let pool = engine.store().pool();
    match cmd {
        ProfileCommand::Import { file, dry_run } if !is_json(&file) => {
            let draft = jobhunter_ops::profile::draft_from_file(&file).await.map_err(CliError::from)?;
            if dry_run {
                if json {
                    print_json(
                        &json!({"resume": draft.resume, "warnings": draft.warnings, "dry_run": true}),
                    )?;
                } else {
                    print_warnings(&draft.warnings)?;
                    out(serde_json::to_string_pretty(&draft.resume).unwrap_or_default())?;
                    out(format!(
                        "{}: draft read from the {}; not stored (--dry-run)",
                        file.display(),
                        draft.kind
                    ))?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let (stored, more) = jobhunter_ops::profile::import_with_warnings(
                pool,
                &draft.resume.to_string(),
                engine.clock().now(),
            )
            .await
            .map_err(|e| CliError::new(format!("{}: {e}", file.display())))?;
            let mut warnings = draft.warnings;
            warnings.extend(more);
            if json {
                print_json(&json!({"profile_id": stored.id, "name": stored.name, "warnings": warnings}))?;
            } else {
                print_warnings(&warnings)?;
                out(format!("imported profile {} ({}) from the {}", stored.id, stored.name, draft.kind))?;
            }
        }
        ProfileCommand::Import { file, dry_run } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                CliError::coded(ErrorCode::Io, format!("{}: cannot read: {e}", file.display()))
            })?;
            let in_file = |e: jobhunter_ops::Error| CliError::new(format!("{}: {e}", file.display()));
            let (id, name, warnings) = if dry_run {
                let (profile, warnings) = jobhunter_ops::profile::check(&text).map_err(in_file)?;
                (None, profile.resume.basics.name, warnings)
            } else {
                let (stored, warnings) =
                    jobhunter_ops::profile::import_with_warnings(pool, &text, engine.clock().now())
                        .await
                        .map_err(in_file)?;
                (Some(stored.id), stored.name, warnings)
            };
            if json {
                let mut report = json!({"profile_id": id, "name": name, "warnings": warnings});
                if dry_run {
                    report["dry_run"] = json!(true);
                }
                print_json(&report)?;
            } else {
                print_warnings(&warnings)?;
                match id {
                    Some(id) => out(format!("imported profile {id} ({name})"))?,
                    None => {
                        out(format!("{}: valid profile ({name}); not stored (--dry-run)", file.display()))?
                    }
                }
            }
        }
        ProfileCommand::Show => {
            let stored = jobhunter_ops::profile::get(pool, None).await.map_err(CliError::from)?;
            if json {
                print_json(&json!({
                    "id": stored.id,
                    "name": stored.name,
                    "created_at": stored.created_at,
                    "profile": stored.profile.to_document(),
                }))?;
            } else {
                let p = &stored.profile;
                out(format!(
                    "{} — {}",
                    p.resume.basics.name,
                    p.resume.basics.label.as_deref().unwrap_or("")
                ))?;
                out(format!("skills: {}", p.skill_terms().join(", ")))?;
                out(format!("keywords: {}", p.preferences.keywords.join(", ")))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A `.json` file (or one without an extension) goes through the JSON Resume import as before.
fn is_json(file: &std::path::Path) -> bool {
    file.extension().is_none_or(|e| e.eq_ignore_ascii_case("json"))
}

fn print_warnings(warnings: &[ProfileWarning]) -> CliResult<()> {
    for w in warnings {
        out(format!("warning: {}: {}", w.field, w.message))?;
    }
    Ok(())
}
