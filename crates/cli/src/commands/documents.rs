//! `jobhunter documents list | approve`: the CVs and cover letters `generate_cv` and
//! `generate_cover_letter` wrote, and the user's approval that `apply_job` requires.

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_engine::Engine;
use jobhunter_ops::documents::{self, DocumentRecord};

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

pub async fn run(engine: &Engine, cmd: DocumentsCommand, json: bool) -> CliResult<ExitCode> {
    let pool = engine.store().pool();
    match cmd {
        DocumentsCommand::List { job } => {
            let docs = documents::list(pool, job.as_deref()).await.map_err(CliError::from)?;
            if json {
                print_json(&docs)?;
            } else {
                let rows = docs
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.clone(),
                            d.kind.clone(),
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
            let doc: DocumentRecord =
                documents::approve(pool, &id, engine.clock().now()).await.map_err(|e| match e {
                    jobhunter_ops::Error::NotFound(_) | jobhunter_ops::Error::Invalid(_) => {
                        CliError::coded(e.code(), format!("ID: {e}"))
                    }
                    other => CliError::from(other),
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
