//! `jobhunter profile import FILE | show`.

use jobhunter_api::ErrorCode;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_engine::Engine;
use serde_json::json;

use crate::output::{out, print_json, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Import a JSON Resume file (with an optional "preferences" object) as the default profile.
    Import { file: PathBuf },
    /// Show the default profile.
    Show,
}

pub async fn run(engine: &Engine, cmd: ProfileCommand, json: bool) -> CliResult<ExitCode> {
    let pool = engine.store().pool();
    match cmd {
        ProfileCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                CliError::coded(ErrorCode::Io, format!("{}: cannot read: {e}", file.display()))
            })?;
            let stored = jobhunter_ops::profile::import(pool, &text, engine.clock().now())
                .await
                .map_err(|e| CliError::new(format!("{}: {e}", file.display())))?;
            if json {
                print_json(&json!({"profile_id": stored.id, "name": stored.name}))?;
            } else {
                out(format!("imported profile {} ({})", stored.id, stored.name))?;
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
