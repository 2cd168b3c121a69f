//! `jobhunter sources list | resolve`: where a search can look, in plain words, and which
//! source spec a pasted web address (a careers page, a board, a job) comes down to, so that
//! nobody has to know the spec grammar (`greenhouse:acme`) to add a source.

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_api::{sources, Api};
use jobhunter_engine::Engine;

use crate::output::{opt, out, print_json, print_table, CliResult};

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// The built-in sources: what each covers, whether it needs a company or a URL.
    List,
    /// The source behind a web address: a company's board, a careers page, a job feed.
    Resolve {
        /// A web address (http:// or https://), e.g. https://jobs.lever.co/acme.
        url: String,
    },
}

pub async fn run(engine: &Engine, cmd: SourcesCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        SourcesCommand::List => {
            let sources = sources::list();
            if json {
                print_json(&sources)?;
            } else {
                let rows: Vec<Vec<String>> = sources
                    .iter()
                    .map(|s| {
                        let spec = if s.needs_company { format!("{}:…", s.spec) } else { s.spec.clone() };
                        let countries = if s.countries.is_empty() {
                            "worldwide".to_owned()
                        } else {
                            s.countries.join(",")
                        };
                        vec![spec, s.name.clone(), countries, s.description.clone()]
                    })
                    .collect();
                print_table(&["SPEC", "NAME", "WHERE", "WHAT"], &rows)?;
            }
        }
        SourcesCommand::Resolve { url } => {
            let found = sources::resolve(&Api::new(engine.clone()), &url).await?;
            if json {
                print_json(&found)?;
            } else {
                out(format!("{}  ({}, {})", found.spec, found.name, found.kind))?;
                out(format!("open jobs: {}", opt(&found.open_jobs)))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
