//! `jobhunter rules add | list | delete` (when to notify which channel) and `jobhunter
//! notifications list` (every attempt to notify, with its outcome).

use jobhunter_api::ErrorCode;
use std::process::ExitCode;

use clap::Subcommand;
use jobhunter_engine::Engine;
use jobhunter_ops::notify::rules::format_duration;
use jobhunter_ops::notify::{
    parse_duration, NewRule, NotificationFilter, Notifier, QuietHours, Rule, Status, Trigger,
};
use serde_json::json;

use super::channels::ops_error;
use super::parse_time;
use crate::output::{opt, out, print_json, print_table, time, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Add a rule: notify CHANNEL when a flow run ends completed / failed / crashed, when a
    /// deployment fails N times in a row, when high-match jobs are found, or with the digest.
    Add {
        /// completed | failed | crashed | high_match | consecutive_failures:N | digest
        #[arg(long, value_name = "TRIGGER")]
        on: String,
        /// The channel's name (see `channels list`).
        #[arg(long, value_name = "NAME")]
        channel: String,
        /// Only runs of this deployment (id or name, see `deployments list`).
        #[arg(long, value_name = "ID")]
        deployment: Option<String>,
        /// After a notification, stay silent this long (90s, 15m, 6h, 1d; 0s = none).
        #[arg(long, value_name = "DURATION", default_value = "0s")]
        cooldown: String,
        /// Skip notifications in these local hours, e.g. 22:00-07:00 (see --tz).
        #[arg(long, value_name = "HH:MM-HH:MM")]
        quiet_hours: Option<String>,
        /// IANA time zone of --quiet-hours (default UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// List rules.
    List,
    /// Delete a rule.
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// List notification attempts, newest first.
    List {
        /// sent | failed | skipped
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "NAME")]
        channel: Option<String>,
        #[arg(long, value_name = "ID")]
        flow_run: Option<String>,
        /// Only attempts at or after this instant (RFC 3339).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

pub async fn run(engine: &Engine, cmd: RulesCommand, json: bool) -> CliResult<ExitCode> {
    let notifier = Notifier::for_engine(engine);
    match cmd {
        RulesCommand::Add { on, channel, deployment, cooldown, quiet_hours, tz } => {
            let trigger = Trigger::parse(&on).map_err(|e| CliError::new(format!("--on: {e}")))?;
            let cooldown =
                parse_duration(&cooldown).map_err(|e| CliError::new(format!("--cooldown: {e}")))?;
            let quiet_hours = match (quiet_hours, tz) {
                (Some(range), tz) => {
                    Some(QuietHours::parse(&range, tz.as_deref().unwrap_or("UTC")).map_err(|e| {
                        let flag = if e.to_string().contains("time zone") { "--tz" } else { "--quiet-hours" };
                        CliError::new(format!("{flag}: {e}"))
                    })?)
                }
                (None, Some(_)) => return Err(CliError::new("--tz: only meaningful with --quiet-hours")),
                (None, None) => None,
            };
            let deployment = match deployment {
                Some(d) => Some(
                    engine
                        .deployment(&d)
                        .await
                        .map_err(|e| match e {
                            jobhunter_engine::EngineError::NotFound(what) => CliError::coded(
                                ErrorCode::NotFound,
                                format!("--deployment: {what} not found (see `deployments list`)"),
                            ),
                            other => other.into(),
                        })?
                        .id,
                ),
                None => None,
            };
            let rule = NewRule { trigger, channel, deployment_id: deployment, cooldown, quiet_hours };
            let rule = notifier.add_rule(rule).await.map_err(|e| match e {
                jobhunter_ops::Error::NotFound(what) => {
                    CliError::new(format!("--channel: {what} not found (see `channels list`)"))
                }
                other => ops_error(other),
            })?;
            if json {
                print_json(&rule)?;
            } else {
                out(format_args!("added rule {}: on {} -> {}", rule.id, rule.trigger, rule.channel))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::List => {
            let rules = notifier.rules().await.map_err(ops_error)?;
            if json {
                print_json(&rules)?;
            } else {
                let rows: Vec<Vec<String>> = rules.iter().map(rule_row).collect();
                print_table(&["ID", "ON", "CHANNEL", "DEPLOYMENT", "COOLDOWN", "QUIET HOURS"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Delete { id } => {
            let id: i64 = id.parse().map_err(|_| {
                CliError::new(format!("ID: not a rule id (a number, see `rules list`): '{id}'"))
            })?;
            notifier.delete_rule(id).await.map_err(ops_error)?;
            if json {
                print_json(&json!({ "deleted": id }))?;
            } else {
                out(format_args!("deleted rule {id}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn rule_row(r: &Rule) -> Vec<String> {
    let quiet =
        r.quiet_hours.map(|q| format!("{} {}", q.range(), q.timezone.name())).unwrap_or_else(|| "-".into());
    vec![
        r.id.to_string(),
        r.trigger.to_string(),
        r.channel.clone(),
        opt(&r.deployment_id),
        format_duration(r.cooldown),
        quiet,
    ]
}

pub async fn run_notifications(
    engine: &Engine,
    cmd: NotificationsCommand,
    json: bool,
) -> CliResult<ExitCode> {
    let NotificationsCommand::List { status, channel, flow_run, since, limit } = cmd;
    let status = match status {
        Some(s) => Some(Status::parse(&s).ok_or_else(|| {
            CliError::new(format!("--status: expected sent, failed or skipped, got '{s}'"))
        })?),
        None => None,
    };
    let since = since.map(|s| parse_time("--since", &s)).transpose()?;
    let filter = NotificationFilter { status, channel, rule_id: None, flow_run_id: flow_run, since, limit };
    let records = Notifier::for_engine(engine).notifications(&filter).await.map_err(ops_error)?;
    if json {
        print_json(&records)?;
    } else {
        let rows: Vec<Vec<String>> = records
            .iter()
            .map(|r| {
                vec![
                    time(&r.created_at),
                    r.channel.clone(),
                    r.trigger.clone(),
                    r.status.as_str().to_owned(),
                    r.title.clone(),
                    r.error.clone().or_else(|| r.reason.clone()).unwrap_or_default(),
                ]
            })
            .collect();
        print_table(&["TIME", "CHANNEL", "TRIGGER", "STATUS", "TITLE", "DETAIL"], &rows)?;
    }
    Ok(ExitCode::SUCCESS)
}
