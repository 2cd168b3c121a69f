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
    /// keys outside the schema are kept; both are listed as warnings.
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

fn print_warnings(warnings: &[ProfileWarning]) -> CliResult<()> {
    for w in warnings {
        out(format!("warning: {}: {}", w.field, w.message))?;
    }
    Ok(())
}
