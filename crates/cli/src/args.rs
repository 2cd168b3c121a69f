//! The command-line grammar (clap). Every listing and command accepts `--json`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "jobhunter", version, about = "JobHunter: operations, flows, runs and the TaskRun audit")]
pub struct Cli {
    /// Data directory holding the database (shared with the desktop app). Defaults to
    /// $JOBHUNTER_DATA_DIR when set and not empty, else the platform data dir.
    // Not `env = ...`: clap rejects an empty variable as a missing value, while the engine's
    // `resolve_data_dir` (called with this) reads it and treats empty as unset.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Operations: list them, run one.
    #[command(subcommand)]
    Ops(OpsCommand),
    /// Flows: list them with their settings, show one, run one.
    #[command(subcommand)]
    Flows(FlowsCommand),
    /// Flow runs: list, show, cancel, restart from failure.
    #[command(subcommand)]
    Runs(RunsCommand),
    /// The TaskRun audit: list, show, replay, stats.
    #[command(subcommand)]
    Taskruns(TaskrunsCommand),
    /// Notification channels: add (webhook, email), list, test, delete.
    #[command(subcommand)]
    Channels(crate::commands::channels::ChannelsCommand),
    /// Notification rules: add, list, delete.
    #[command(subcommand)]
    Rules(crate::commands::rules::RulesCommand),
    /// The notification record: every attempt to notify and its outcome.
    #[command(subcommand)]
    Notifications(crate::commands::rules::NotificationsCommand),
    /// Deployments: a flow on a cron or interval schedule; create, list, pause, run now, ...
    #[command(subcommand, alias = "deploy")]
    Deployments(crate::commands::deployments::DeploymentsCommand),
    /// Schedules: preview the next fire times of a cron expression or an interval.
    #[command(subcommand)]
    Schedule(crate::commands::schedule::ScheduleCommand),
    /// Run the scheduler headless until SIGINT/SIGTERM.
    Serve(crate::commands::serve::ServeArgs),
    /// Your profile (JSON Resume + search preferences): import, show.
    #[command(subcommand)]
    Profile(crate::commands::profile::ProfileCommand),
    /// Jobs found by the scrapes: list (by score), show with provenance and match.
    #[command(subcommand)]
    Jobs(crate::commands::jobs::JobsCommand),
    /// Applications: list with their stage history, show, add to the wishlist, move.
    #[command(subcommand)]
    Applications(crate::commands::applications::ApplicationsCommand),
    /// Generated CVs and cover letters: list, approve (applications use approved ones only).
    #[command(subcommand)]
    Documents(crate::commands::documents::DocumentsCommand),
    /// Where to search: the built-in sources in plain words; the source behind a web address.
    #[command(subcommand)]
    Sources(crate::commands::sources::SourcesCommand),
    /// Back up the whole database to a file.
    Backup(crate::commands::backup::BackupArgs),
    /// Restore a backup: checked now, it replaces your data at the next start.
    Restore(crate::commands::backup::RestoreArgs),
}

#[derive(Debug, Subcommand)]
pub enum OpsCommand {
    /// List operations with their input and output schemas.
    List,
    /// Run an operation directly (recorded with orchestrated = false).
    Run {
        name: String,
        /// Input as a JSON object.
        #[arg(long, default_value = "{}")]
        input: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FlowsCommand {
    /// List flows with their settings (retries, time limit, tags) and parameter schemas.
    List,
    /// One flow: its settings and its parameter and result schemas.
    Show { name: String },
    /// Run a flow and wait for it to end.
    Run {
        name: String,
        /// Parameters as a JSON object (missing ones take their defaults).
        #[arg(long, default_value = "{}")]
        params: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// List flow runs, newest first.
    List {
        /// Only runs of this flow.
        #[arg(long)]
        flow: Option<String>,
        /// Only runs in this state type (completed, failed, running, crashed, ...).
        #[arg(long)]
        state: Option<String>,
        /// Only runs of this deployment (id or name).
        #[arg(long, value_name = "ID")]
        deployment: Option<String>,
        /// Only runs carrying this tag (their deployment's or their flow's), e.g. production.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// A flow run with its TaskRuns and logs.
    Show { id: String },
    /// Cancel a flow run (in this or another process).
    Cancel {
        id: String,
        /// Seconds to wait for the run to end.
        #[arg(long, default_value_t = 30)]
        wait: u64,
    },
    /// Re-run a failed flow run, reusing the results of the task calls that completed.
    Restart { id: String },
}

#[derive(Debug, Subcommand)]
pub enum TaskrunsCommand {
    /// List TaskRuns, newest first.
    List {
        #[arg(long, value_name = "ID")]
        flow_run: Option<String>,
        /// running, success, failed, cached, timed_out, cancelled, crashed
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "NAME")]
        operation: Option<String>,
        /// Only TaskRuns started at or after this instant (RFC 3339).
        #[arg(long)]
        since: Option<String>,
        /// Only TaskRuns started before this instant (RFC 3339).
        #[arg(long)]
        until: Option<String>,
        #[command(flatten)]
        page: Page,
        /// The page after this TaskRun (the last ID of the previous page), instead of --offset.
        #[arg(long, value_name = "ID", conflicts_with = "offset")]
        after: Option<String>,
    },
    /// One TaskRun with every field.
    Show { id: String },
    /// Run a TaskRun's operation again with its recorded input, or an edited one.
    Replay {
        id: String,
        /// Replace the recorded input with this JSON object.
        #[arg(long)]
        input: Option<String>,
    },
    /// Statistics per operation or per actor: calls (one per logical call, however many
    /// attempts), successes, failures, success rate, average, p95 and total duration.
    Stats {
        /// Group by `operation` or `actor` (who started the call).
        #[arg(long, default_value = "operation", value_name = "operation|actor")]
        by: String,
        /// Only calls made by a flow (true) or directly (false).
        #[arg(long, value_name = "true|false")]
        orchestrated: Option<bool>,
        /// Only calls started at or after this instant (RFC 3339).
        #[arg(long)]
        since: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct Page {
    /// How many rows at most.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Skip this many rows.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}
