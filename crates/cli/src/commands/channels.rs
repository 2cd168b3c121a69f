//! `jobhunter channels add | list | test | delete`: where notifications go. Flag values are
//! validated here so that a bad one gives a one-line error naming the flag.

use jobhunter_api::ErrorCode;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jobhunter_engine::Engine;
use jobhunter_ops::notify::{
    channel, Channel, ChannelConfig, EmailConfig, NotificationRecord, Notifier, Status, TlsMode,
    WebhookConfig,
};
use serde_json::json;

use crate::output::{out, print_json, print_table, time, CliError, CliResult};

/// The environment variable the SMTP password is read from (else stdin).
pub const PASSWORD_ENV: &str = jobhunter_ops::notify::SMTP_PASSWORD_ENV;

#[derive(Debug, Subcommand)]
pub enum ChannelsCommand {
    /// Add a channel: `add NAME webhook --url U` or `add NAME email --to ADDR --smtp-host H
    /// --smtp-port P [--smtp-user U] [--tls none|starttls|tls]`. The SMTP password is read from
    /// $JOBHUNTER_SMTP_PASSWORD, else from stdin, and stored in the OS keyring.
    Add {
        name: String,
        #[command(subcommand)]
        kind: AddKind,
    },
    /// List channels (the built-in `desktop` channel included).
    List,
    /// Send a test notification through a channel; fails unless it was delivered.
    Test { name: String },
    /// Delete a channel, its rules and its stored password.
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
pub enum AddKind {
    /// A JSON POST to a URL (a Slack incoming-webhook URL works as is).
    Webhook {
        #[arg(long)]
        url: String,
    },
    /// An email through an SMTP server.
    Email(EmailArgs),
}

#[derive(Debug, Args)]
pub struct EmailArgs {
    /// Recipient address.
    #[arg(long)]
    to: String,
    /// Sender address (default: --smtp-user when it is an address, else --to).
    #[arg(long)]
    from: Option<String>,
    #[arg(long, value_name = "HOST")]
    smtp_host: String,
    #[arg(long, value_name = "PORT")]
    smtp_port: String,
    /// Log in as this user (the password comes from $JOBHUNTER_SMTP_PASSWORD or stdin).
    #[arg(long, value_name = "USER")]
    smtp_user: Option<String>,
    /// none | starttls | tls
    #[arg(long, default_value = "starttls")]
    tls: String,
    /// Do not store the password (for machines without a usable OS keyring): the processes
    /// that send read $JOBHUNTER_SMTP_PASSWORD instead.
    #[arg(long)]
    no_keyring: bool,
}

pub async fn run(engine: &Engine, cmd: ChannelsCommand, json: bool) -> CliResult<ExitCode> {
    let notifier = Notifier::for_engine(engine);
    match cmd {
        ChannelsCommand::Add { name, kind } => {
            let (config, password) = parse_add(&name, kind)?;
            let channel =
                notifier.add_channel(&name, config, password.as_deref()).await.map_err(ops_error)?;
            if json {
                let mut doc = serde_json::to_value(&channel).unwrap_or_default();
                doc["password_stored"] = json!(password.is_some());
                print_json(&doc)?;
            } else {
                out(format_args!("added {} channel '{}'", channel.kind().as_str(), channel.name))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ChannelsCommand::List => {
            let channels = notifier.channels().await.map_err(ops_error)?;
            if json {
                print_json(&channels)?;
            } else {
                let rows: Vec<Vec<String>> = channels
                    .iter()
                    .map(|c| {
                        vec![
                            c.name.clone(),
                            c.kind().as_str().to_owned(),
                            if c.enabled { "yes" } else { "no" }.to_owned(),
                            target(c),
                        ]
                    })
                    .collect();
                print_table(&["NAME", "KIND", "ENABLED", "TARGET"], &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ChannelsCommand::Test { name } => {
            let record = notifier.send_test(&name).await.map_err(ops_error)?;
            report_delivery(&record, json)?;
            match record.status {
                Status::Sent => Ok(ExitCode::SUCCESS),
                Status::Failed => Err(CliError::coded(
                    ErrorCode::DeliveryFailed,
                    format!(
                        "channel '{name}': test notification failed: {}",
                        record.error.as_deref().unwrap_or("unknown error")
                    ),
                )),
                Status::Skipped => Err(CliError::coded(
                    ErrorCode::DeliveryFailed,
                    format!(
                        "channel '{name}': test notification skipped ({}){}",
                        record.reason.as_deref().unwrap_or("unknown reason"),
                        if record.reason.as_deref() == Some("no_desktop") {
                            ": desktop notifications are shown by the desktop app"
                        } else {
                            ""
                        }
                    ),
                )),
            }
        }
        ChannelsCommand::Delete { name } => {
            notifier.delete_channel(&name).await.map_err(ops_error)?;
            if json {
                print_json(&json!({ "deleted": name }))?;
            } else {
                out(format_args!("deleted channel '{name}'"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Turns an ops-crate error into the CLI's one-line error.
pub fn ops_error(e: jobhunter_ops::Error) -> CliError {
    CliError::from(e)
}

fn parse_add(name: &str, kind: AddKind) -> CliResult<(ChannelConfig, Option<String>)> {
    let flag = |r: jobhunter_ops::Result<()>| r.map_err(ops_error);
    flag(channel::check_name("NAME", name))?;
    match kind {
        AddKind::Webhook { url } => {
            flag(channel::check_http_url("--url", &url))?;
            Ok((ChannelConfig::Webhook(WebhookConfig { url }), None))
        }
        AddKind::Email(a) => {
            flag(channel::check_address("--to", &a.to))?;
            if let Some(from) = &a.from {
                flag(channel::check_address("--from", from))?;
            }
            flag(channel::check_host("--smtp-host", &a.smtp_host))?;
            let smtp_port = match a.smtp_port.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => {
                    return Err(CliError::new(format!(
                        "--smtp-port: not a port number (1-65535): '{}'",
                        a.smtp_port
                    )))
                }
            };
            let tls = TlsMode::parse(&a.tls).ok_or_else(|| {
                CliError::new(format!("--tls: expected none, starttls or tls, got '{}'", a.tls))
            })?;
            if a.smtp_user.as_deref().is_some_and(|u| u.trim().is_empty()) {
                return Err(CliError::new("--smtp-user: must not be empty"));
            }
            if a.no_keyring && a.smtp_user.is_none() {
                return Err(CliError::new("--no-keyring: only meaningful with --smtp-user"));
            }
            let config = EmailConfig {
                to: a.to,
                from: a.from,
                smtp_host: a.smtp_host,
                smtp_port,
                smtp_user: a.smtp_user,
                tls,
            };
            // Before the password is asked for: a refused channel needs none.
            channel::check_plaintext_login(&config).map_err(|e| CliError::new(format!("--{e}")))?;
            let password = match &config.smtp_user {
                Some(_) if !a.no_keyring => Some(read_password()?),
                _ => None,
            };
            Ok((ChannelConfig::Email(config), password))
        }
    }
}

/// $JOBHUNTER_SMTP_PASSWORD, else the first line of stdin (no prompt, nothing echoed by us).
fn read_password() -> CliResult<String> {
    if let Some(p) = std::env::var_os(PASSWORD_ENV).filter(|v| !v.is_empty()) {
        return p.into_string().map_err(|_| CliError::new(format!("{PASSWORD_ENV}: not valid UTF-8")));
    }
    let stdin = std::io::stdin();
    let mut text = String::new();
    if stdin.is_terminal() {
        stdin.read_line(&mut text)?;
    } else {
        stdin.lock().read_to_string(&mut text)?;
    }
    let password = text.lines().next().unwrap_or("").to_owned();
    if password.is_empty() {
        return Err(CliError::new(format!("--smtp-user: needs a password in ${PASSWORD_ENV} or on stdin")));
    }
    Ok(password)
}

fn target(c: &Channel) -> String {
    match &c.config {
        ChannelConfig::Desktop => "native notifications (desktop app)".to_owned(),
        ChannelConfig::Webhook(w) => w.url.clone(),
        ChannelConfig::Email(e) => {
            format!("{} via {}:{} ({})", e.to, e.smtp_host, e.smtp_port, e.tls.as_str())
        }
    }
}

/// Prints one notification record.
pub fn report_delivery(r: &NotificationRecord, json: bool) -> CliResult<()> {
    if json {
        return print_json(r);
    }
    let detail = r.error.as_deref().or(r.reason.as_deref()).unwrap_or("");
    out(format_args!(
        "{}  {}  {}  {}  {}",
        time(&r.created_at),
        r.channel,
        r.status.as_str(),
        r.title,
        detail
    ))
}
