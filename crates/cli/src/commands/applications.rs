//! `jobhunter applications list | show | add | move`: the applications tracker. Applying
//! itself is the `apply_job` operation (`jobhunter ops run apply_job --input ...`).

use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_api::applications as api;
use jobhunter_api::{Api, CommandError, ErrorCode};
use jobhunter_ops::apply::{ApplicationView, Stage};

use crate::output::{out, print_json, print_table, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum ApplicationsCommand {
    /// Applications, most recently changed first, with their stage history.
    List {
        /// Only applications at this stage (wishlist, ready, applied, interview, offer,
        /// rejected, withdrawn).
        #[arg(long)]
        stage: Option<String>,
    },
    /// One application with its stage history.
    Show { id: String },
    /// Put a job on the wishlist (a new application at stage wishlist).
    Add {
        job_id: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Move an application to another stage: forward (stages may be skipped), to rejected or
    /// withdrawn from any open stage, one step back with --note, or reopen a closed one to the
    /// stage it was closed from with --note.
    Move {
        id: String,
        stage: String,
        /// Why (required to move back or reopen); kept in the history.
        #[arg(long)]
        note: Option<String>,
    },
}

/// `stage` parsed, the error naming `arg` (`STAGE: unknown stage 'hired' (...)`).
fn parse_stage(arg: &str, stage: &str) -> CliResult<Stage> {
    Stage::parse(stage.trim())
        .ok_or_else(|| CliError::new(format!("{arg}: unknown stage '{stage}' ({})", Stage::names())))
}

/// An API error as one line naming the command-line argument it is about.
fn named(e: CommandError) -> CliError {
    let renamed =
        [("stage: ", "STAGE: "), ("note: ", "--note: "), ("job_id: ", "JOB_ID: "), ("id: ", "ID: ")]
            .into_iter()
            .find_map(|(field, arg)| e.message.strip_prefix(field).map(|rest| format!("{arg}{rest}")));
    match renamed {
        Some(text) => CliError::coded(e.code, text),
        None if e.code == ErrorCode::NotFound => CliError::coded(e.code, format!("ID: {}", e.message)),
        None => CliError::from(e),
    }
}

pub async fn run(app: &Api, cmd: ApplicationsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        ApplicationsCommand::List { stage } => {
            let stage = stage.as_deref().map(|s| parse_stage("--stage", s)).transpose()?;
            let apps = api::list(app, stage).await.map_err(named)?;
            if json {
                print_json(&apps)?;
            } else {
                let rows = apps
                    .iter()
                    .map(|a| {
                        vec![
                            a.id.clone(),
                            a.stage.to_string(),
                            a.channel.clone().unwrap_or_else(|| "-".into()),
                            a.job_title.clone().unwrap_or_else(|| a.job_id.clone()),
                            a.company.clone().unwrap_or_default(),
                            a.updated_at.get(..16).unwrap_or(&a.updated_at).replace('T', " "),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["ID", "STAGE", "CHANNEL", "JOB", "COMPANY", "UPDATED (UTC)"], &rows)?;
            }
        }
        ApplicationsCommand::Show { id } => {
            let app = api::get(app, &id).await.map_err(named)?;
            show(&app, json)?;
        }
        ApplicationsCommand::Add { job_id, note } => {
            let app = api::add(app, &job_id, note.as_deref()).await.map_err(named)?;
            show(&app, json)?;
        }
        ApplicationsCommand::Move { id, stage, note } => {
            let to = parse_stage("STAGE", &stage)?;
            if note.as_deref().is_some_and(|n| n.trim().is_empty()) {
                return Err(CliError::new("--note: must not be empty"));
            }
            let app = api::move_to(app, &id, to, note.as_deref()).await.map_err(named)?;
            show(&app, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(app: &ApplicationView, json: bool) -> CliResult<()> {
    if json {
        return print_json(app);
    }
    out(format!(
        "{} — {} at {} ({})",
        app.id,
        app.job_title.as_deref().unwrap_or(&app.job_id),
        app.company.as_deref().unwrap_or("?"),
        app.job_id
    ))?;
    out(format!(
        "stage {}; channel {}; cv {}",
        app.stage,
        app.channel.as_deref().unwrap_or("-"),
        app.cv_id.as_deref().unwrap_or("-")
    ))?;
    for e in &app.history {
        let change = match &e.from_stage {
            Some(from) if *from == e.to_stage => format!("{from} (note)"),
            Some(from) => format!("{from} -> {}", e.to_stage),
            None => format!("-> {}", e.to_stage),
        };
        let note = e.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
        out(format!("  {}  {change}{note}", e.at.get(..19).unwrap_or(&e.at).replace('T', " ")))?;
    }
    Ok(())
}
