//! `jobhunter documents list | approve`: the CVs and cover letters `generate_cv` and
//! `generate_cover_letter` wrote, and the user's approval that `apply_job` requires.

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_api::documents as api;
use jobhunter_api::{Api, ErrorCode};

use crate::output::{out, print_json, print_table, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// Documents, newest first.
    List {
        /// Only the documents of this job.
        #[arg(long, value_name = "JOB_ID")]
        job: Option<String>,
    },
    /// Approve a document after reading it (an application only uses approved documents).
    Approve { id: String },
}

pub async fn run(app: &Api, cmd: DocumentsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        DocumentsCommand::List { job } => {
            let docs = api::list(app, job.as_deref()).await?;
            if json {
                print_json(&docs)?;
            } else {
                let rows = docs
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.clone(),
                            d.kind.to_string(),
                            d.format.clone(),
                            if d.approved { "yes".into() } else { "no".into() },
                            d.job_id.clone().unwrap_or_else(|| "-".into()),
                            d.path.clone(),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["ID", "KIND", "FORMAT", "APPROVED", "JOB", "PATH"], &rows)?;
            }
        }
        DocumentsCommand::Approve { id } => {
            let doc = api::approve(app, &id).await.map_err(|e| match e.code {
                ErrorCode::NotFound | ErrorCode::InvalidInput => {
                    CliError::coded(e.code, format!("ID: {}", e.message))
                }
                _ => CliError::from(e),
            })?;
            if json {
                print_json(&doc)?;
            } else {
                out(format!("approved {} ({} {}): {}", doc.id, doc.kind, doc.format, doc.path))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
