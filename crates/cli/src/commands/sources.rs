//! `jobhunter sources list | resolve | health | retry`: where a search can look, in plain
//! words, and which source spec a pasted web address (a careers page, a board, a job) comes
//! down to, so that nobody has to know the spec grammar (`greenhouse:acme`) to add a source;
//! how each source the hunts asked is doing, and "retry now" for one the breaker paused.

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_api::{source_health, sources, Api};
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
    /// How each source the hunts asked is doing: failures in a row and their kind, the last
    /// success, jobs found and new last time, and whether the breaker paused it.
    Health,
    /// Un-pause a source the breaker paused: the next hunt asks it again.
    Retry {
        /// The source spec, e.g. lever:globex.
        spec: String,
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
        SourcesCommand::Health => {
            let all = source_health::health(&Api::new(engine.clone())).await?;
            if json {
                print_json(&all)?;
            } else if all.is_empty() {
                out("No hunt has asked a source yet.")?;
            } else {
                let rows: Vec<Vec<String>> = all.iter().map(health_row).collect();
                print_table(
                    &[
                        "SPEC",
                        "STATE",
                        "FAILURES",
                        "LAST SUCCESS",
                        "FOUND",
                        "NEW",
                        "PAUSED UNTIL",
                        "LAST ERROR",
                    ],
                    &rows,
                )?;
            }
        }
        SourcesCommand::Retry { spec } => {
            let health = source_health::retry(&Api::new(engine.clone()), &spec).await?;
            if json {
                print_json(&health)?;
            } else {
                out(format!("{}: {} (the next hunt asks it again)", health.spec, state_word(health.state)))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn state_word(state: source_health::SourceState) -> &'static str {
    match state {
        source_health::SourceState::Working => "working",
        source_health::SourceState::Failing => "failing",
        source_health::SourceState::Paused => "paused",
        source_health::SourceState::Suspicious => "suspicious (no jobs for several runs)",
    }
}

fn health_row(h: &source_health::SourceHealth) -> Vec<String> {
    let error = match (&h.last_error_kind, &h.last_error) {
        (Some(kind), Some(message)) if h.consecutive_failures > 0 => format!("{kind}: {message}"),
        _ => "-".to_owned(),
    };
    vec![
        h.spec.clone(),
        state_word(h.state).to_owned(),
        h.consecutive_failures.to_string(),
        opt(&h.last_success),
        h.jobs_last_run.to_string(),
        h.new_last_run.to_string(),
        opt(&h.paused_until),
        error,
    ]
}
