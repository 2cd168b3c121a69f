//! `jobhunter jobs list | show | seen`: the jobs found, and which of them the user has looked at.

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_api::jobs::JobQuery;
use jobhunter_api::Api;
use jobhunter_engine::Engine;
use jobhunter_ops::job_page::JobSort;

use crate::output::{out, print_json, print_table, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Jobs, newest first; with --min-score, the matched ones best first.
    List {
        /// Only jobs whose match score (0..1) is at least this.
        #[arg(long)]
        min_score: Option<f64>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only the jobs not looked at yet (not opened in the app, not marked seen).
        #[arg(long)]
        unseen: bool,
        /// Only the jobs still open (without those their board no longer lists).
        #[arg(long)]
        open: bool,
    },
    /// One job with its provenance and match explanation.
    Show { id: String },
    /// Mark jobs seen (as opening them in the app does), or every job with --all.
    #[command(group = clap::ArgGroup::new("which").required(true).args(["ids", "all"]))]
    Seen {
        ids: Vec<String>,
        #[arg(long)]
        all: bool,
    },
}

pub async fn run(engine: &Engine, cmd: JobsCommand, json: bool) -> CliResult<ExitCode> {
    let pool = engine.store().pool();
    let fail = CliError::from;
    match cmd {
        JobsCommand::List { min_score, limit, unseen, open } => {
            if let Some(s) = min_score {
                if !(0.0..=1.0).contains(&s) {
                    return Err(CliError::new(format!("--min-score: must be between 0 and 1, got {s}")));
                }
            }
            let jobs = if unseen {
                // The list's own filter picks the unseen jobs; each is shown as `list` shows jobs.
                let query = JobQuery {
                    unseen_only: Some(true),
                    open_only: Some(open),
                    min_score,
                    sort: Some(if min_score.is_some() { JobSort::Score } else { JobSort::Newest }),
                    limit: Some(limit.clamp(1, jobhunter_api::jobs::MAX_LIMIT)),
                    ..Default::default()
                };
                let page = jobhunter_api::jobs::list(&Api::new(engine.clone()), query).await?;
                let mut jobs = Vec::with_capacity(page.items.len());
                for row in page.items {
                    jobs.push(jobhunter_ops::hunt::job_view(pool, &row.id).await.map_err(fail)?);
                }
                jobs
            } else {
                jobhunter_ops::hunt::job_views(pool, min_score, limit, open).await.map_err(fail)?
            };
            if json {
                print_json(&jobs)?;
            } else {
                let rows = jobs
                    .iter()
                    .map(|j| {
                        vec![
                            j.job.id.clone(),
                            j.match_
                                .as_ref()
                                .map(|m| format!("{:.2}", m.score))
                                .unwrap_or_else(|| "-".into()),
                            j.job.title.clone(),
                            j.job.company.clone(),
                            j.job.location.clone().unwrap_or_default(),
                            j.job.found_on.iter().map(|f| f.source.as_str()).collect::<Vec<_>>().join(","),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["ID", "SCORE", "TITLE", "COMPANY", "LOCATION", "SOURCES"], &rows)?;
            }
        }
        JobsCommand::Show { id } => {
            let job = jobhunter_ops::hunt::job_view(pool, &id).await.map_err(fail)?;
            if json {
                print_json(&job)?;
            } else {
                out(format!(
                    "{} — {} ({})",
                    job.job.title,
                    job.job.company,
                    job.job.location.as_deref().unwrap_or("")
                ))?;
                if let Some(m) = &job.match_ {
                    out(format!("score {:.2}; matched: {}", m.score, m.matched_skills.join(", ")))?;
                    if !m.missing_skills.is_empty() {
                        out(format!("missing skills: {}", m.missing_skills.join(", ")))?;
                    }
                    if !m.unmet_must_haves.is_empty() {
                        out(format!("missing must-haves: {}", m.unmet_must_haves.join(", ")))?;
                    }
                    if let Some(c) = &m.components {
                        for (name, part) in c.named() {
                            out(format!("  {name:<9} {:>4.0}%  {}", part.score * 100.0, part.reason))?;
                        }
                    }
                    for p in &m.penalties {
                        out(format!("  penalty -{:.2}  {}", p.amount, p.reason))?;
                    }
                }
                out("")?;
                out(&job.job.description)?;
            }
        }
        JobsCommand::Seen { ids, all } => {
            let api = Api::new(engine.clone());
            let marked = if all {
                jobhunter_api::jobs::mark_all_seen(&api).await?
            } else {
                jobhunter_api::jobs::mark_seen(&api, &ids).await?
            };
            if json {
                print_json(&serde_json::json!({ "marked_seen": marked }))?;
            } else {
                out(format!("{marked} job{} marked seen", if marked == 1 { "" } else { "s" }))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
