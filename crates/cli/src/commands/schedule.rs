//! `jobhunter schedule preview`: the next fire times of a cron expression or an interval in a
//! time zone, computed exactly as the scheduler computes them.

use std::process::ExitCode;

use chrono::SecondsFormat;
use clap::Subcommand;
use jobhunter_engine::schedule::parse_timezone;
use jobhunter_engine::Engine;

use super::deployments::{build_schedule, flag_err};
use super::parse_time;
use crate::output::{out, print_json, CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Print the next fire times (RFC 3339, UTC) of a cron expression or an interval.
    Preview {
        /// A cron expression: 5 fields, or 6 with leading seconds.
        #[arg(long, value_name = "EXPR", required_unless_present = "interval", conflicts_with = "interval")]
        cron: Option<String>,
        /// An interval like 90s, 15m, 6h.
        #[arg(long, value_name = "DURATION")]
        interval: Option<String>,
        /// IANA time zone the schedule is read in.
        #[arg(long, value_name = "ZONE")]
        tz: String,
        /// Fire times strictly after this instant (RFC 3339; default now).
        #[arg(long, value_name = "RFC3339")]
        after: Option<String>,
        /// For --interval: the instant the intervals count from (default: --after).
        #[arg(long, value_name = "RFC3339")]
        anchor: Option<String>,
        /// How many fire times.
        #[arg(long, default_value_t = 5)]
        count: usize,
    },
}

pub async fn run(engine: &Engine, cmd: ScheduleCommand, json: bool) -> CliResult<ExitCode> {
    let ScheduleCommand::Preview { cron, interval, tz, after, anchor, count } = cmd;
    let after = after.map(|a| parse_time("--after", &a)).transpose()?.unwrap_or_else(|| engine.clock().now());
    if count == 0 || count > 10_000 {
        return Err(CliError::new("--count: must be between 1 and 10000"));
    }
    let zone = parse_timezone(&tz).map_err(flag_err("--tz"))?;
    let schedule = build_schedule(cron.as_deref(), interval.as_deref(), Some(&tz), anchor.as_deref(), after)?
        .ok_or_else(|| CliError::new("--cron: give --cron EXPR or --interval DURATION"))?;
    let times = schedule.compile()?.upcoming(after, count);
    if json {
        let times: Vec<String> = times.iter().map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)).collect();
        print_json(&times)?;
    } else {
        for t in times {
            out(format_args!(
                "{}  ({})",
                t.to_rfc3339_opts(SecondsFormat::Secs, true),
                t.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S %Z")
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
