//! `jobhunter applications applied | remind | note | contact | block | unblock | blocked |
//! export`: tracking applications after they go out, through jobhunter-api. Errors are one
//! line naming the argument (`--date: ...`, `COMPANY: ...`).

use std::process::ExitCode;

use jobhunter_api::applications as api;
use jobhunter_api::Api;
use jobhunter_ops::apply::{AppliedVia, ContactInput};

use super::{named_as, show, ApplicationsCommand};
use crate::output::{out, print_json, print_table, CliError, CliResult};

pub(super) async fn run(app: &Api, cmd: ApplicationsCommand, json: bool) -> CliResult<ExitCode> {
    match cmd {
        ApplicationsCommand::Applied { job_id, date, channel, note } => {
            let via = AppliedVia::parse(&channel).ok_or_else(|| {
                CliError::new(format!("--channel: unknown channel '{channel}' ({})", AppliedVia::names()))
            })?;
            let view = api::mark_applied(app, &job_id, date.as_deref(), via, note.as_deref())
                .await
                .map_err(|e| named_as(e, &[("date: ", "--date: ")]))?;
            show(&view, json)?;
        }
        ApplicationsCommand::Remind { id, on, clear } => {
            let on = if clear { None } else { on };
            let view = api::set_follow_up(app, &id, on.as_deref())
                .await
                .map_err(|e| named_as(e, &[("date: ", "--on: ")]))?;
            show(&view, json)?;
        }
        ApplicationsCommand::Note { id, text } => {
            let note =
                api::add_note(app, &id, &text).await.map_err(|e| named_as(e, &[("body: ", "TEXT: ")]))?;
            if json {
                print_json(&note)?;
            } else {
                out(format!("note {} added", note.id))?;
            }
        }
        ApplicationsCommand::Contact { id, name, role, email, phone, note } => {
            let input = ContactInput { name, role, email, phone, note };
            let fields = [
                ("name: ", "--name: "),
                ("role: ", "--role: "),
                ("email: ", "--email: "),
                ("phone: ", "--phone: "),
            ];
            let contact = api::add_contact(app, &id, &input).await.map_err(|e| named_as(e, &fields))?;
            if json {
                print_json(&contact)?;
            } else {
                out(format!("contact {} added: {}", contact.id, contact.name))?;
            }
        }
        ApplicationsCommand::Block { company, reason } => {
            let mark = api::block_company(app, &company, reason.as_deref())
                .await
                .map_err(|e| named_as(e, &[("company: ", "COMPANY: ")]))?;
            if json {
                print_json(&mark)?;
            } else {
                out(format!("{} is marked don't apply again", mark.company))?;
            }
        }
        ApplicationsCommand::Unblock { company } => {
            let removed = api::unblock_company(app, &company)
                .await
                .map_err(|e| named_as(e, &[("company: ", "COMPANY: ")]))?;
            if json {
                print_json(&serde_json::json!({ "company": company, "removed": removed }))?;
            } else if removed {
                out(format!("{company}: the mark is removed"))?;
            } else {
                out(format!("{company} was not marked"))?;
            }
        }
        ApplicationsCommand::Blocked => {
            let marks = api::list_blocked(app).await?;
            if json {
                print_json(&marks)?;
            } else {
                let rows = marks
                    .iter()
                    .map(|m| {
                        vec![
                            m.company.clone(),
                            m.reason.clone().unwrap_or_default(),
                            m.created_at.get(..10).unwrap_or(&m.created_at).to_owned(),
                        ]
                    })
                    .collect::<Vec<_>>();
                print_table(&["COMPANY", "REASON", "SINCE"], &rows)?;
            }
        }
        ApplicationsCommand::Export { out: None } => {
            use std::io::Write;
            let csv = api::export_csv(app).await?;
            std::io::stdout().lock().write_all(csv.as_bytes())?;
        }
        ApplicationsCommand::Export { out: Some(path) } => {
            let csv = api::export_csv(app).await?;
            std::fs::write(&path, csv).map_err(|e| {
                CliError::coded(
                    jobhunter_api::ErrorCode::Io,
                    format!("--out: cannot write {}: {e}", path.display()),
                )
            })?;
            if json {
                print_json(&serde_json::json!({ "path": path }))?;
            } else {
                out(format!("saved {}", path.display()))?;
            }
        }
        ApplicationsCommand::List { .. }
        | ApplicationsCommand::Show { .. }
        | ApplicationsCommand::Add { .. }
        | ApplicationsCommand::Move { .. } => unreachable!("handled in applications.rs"),
    }
    Ok(ExitCode::SUCCESS)
}
