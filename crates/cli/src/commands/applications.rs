//! `jobhunter applications list | show | add | move`: the applications tracker; `applied`,
//! `remind`, `note`, `contact`, `block` / `unblock` / `blocked` and `export`: tracking after
//! applying (in `applications/tracking.rs`). Applying itself is the `apply_job` operation
//! (`jobhunter ops run apply_job --input ...`).

mod tracking;

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
    /// Record that you applied to a job yourself (creates the application when there is
    /// none); the follow-up reminder falls 7 days after the date.
    Applied {
        job_id: String,
        /// The day you applied, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// How: email, company_website, job_board, referral or other.
        #[arg(long, default_value = "other")]
        channel: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Set the follow-up reminder of an application to a day, or clear it.
    Remind {
        id: String,
        /// The day, YYYY-MM-DD.
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        on: Option<String>,
        /// No reminder.
        #[arg(long)]
        clear: bool,
    },
    /// Add a dated note to an application.
    Note { id: String, text: String },
    /// Add a contact (someone met along the way) to an application.
    Contact {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark a company "don't apply again": applying to its jobs is refused.
    Block {
        company: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Remove the "don't apply again" mark of a company.
    Unblock { company: String },
    /// The companies marked "don't apply again".
    Blocked,
    /// Every application with its stage history, notes and contacts as CSV (to stdout, or to
    /// FILE with --out).
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
}

/// `stage` parsed, the error naming `arg` (`STAGE: unknown stage 'hired' (...)`).
fn parse_stage(arg: &str, stage: &str) -> CliResult<Stage> {
    Stage::parse(stage.trim())
        .ok_or_else(|| CliError::new(format!("{arg}: unknown stage '{stage}' ({})", Stage::names())))
}

/// An API error as one line naming the command-line argument it is about.
fn named(e: CommandError) -> CliError {
    named_as(e, &[])
}

/// [`named`], with the fields of one command first (`("date: ", "--date: ")`).
fn named_as(e: CommandError, extra: &[(&str, &str)]) -> CliError {
    let common = [
        ("stage: ", "STAGE: "),
        ("note: ", "--note: "),
        ("job_id: ", "JOB_ID: "),
        ("jobId: ", "JOB_ID: "),
        ("id: ", "ID: "),
    ];
    let renamed = extra
        .iter()
        .copied()
        .chain(common)
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
        other => return tracking::run(app, other, json).await,
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn show(app: &ApplicationView, json: bool) -> CliResult<()> {
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
    if let Some(day) = &app.applied_on {
        out(format!("applied on {day}"))?;
    }
    if let Some(day) = &app.follow_up_on {
        out(format!("follow up on {day}"))?;
    }
    if let Some(mark) = &app.do_not_apply {
        let why = mark.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
        out(format!("company marked don't apply again{why}"))?;
    }
    for e in &app.history {
        let change = match &e.from_stage {
            Some(from) if *from == e.to_stage => format!("{from} (note)"),
            Some(from) => format!("{from} -> {}", e.to_stage),
            None => format!("-> {}", e.to_stage),
        };
        let note = e.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
        out(format!("  {}  {change}{note}", e.at.get(..19).unwrap_or(&e.at).replace('T', " ")))?;
    }
    for n in &app.notes {
        out(format!(
            "note {}  {}",
            n.created_at.get(..16).unwrap_or(&n.created_at).replace('T', " "),
            n.body
        ))?;
    }
    for c in &app.contacts {
        let rest = [c.role.as_deref(), c.email.as_deref(), c.phone.as_deref(), c.note.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        out(format!(
            "contact {}{}",
            c.name,
            if rest.is_empty() { String::new() } else { format!(" ({rest})") }
        ))?;
    }
    Ok(())
}
