//! `jobhunter backup FILE` and `jobhunter restore FILE`: the whole database to a file and
//! back. A restore is checked and staged; the next start (of the app, or of any `jobhunter`
//! command once no other JobHunter process has the data open) switches to it and keeps the
//! replaced database as `<db>.before-restore`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use jobhunter_api::backup as api;
use jobhunter_api::Api;

use crate::output::{out, print_json, CliResult};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup (replaced if it exists).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `jobhunter backup` or the app's "Back up…".
    pub file: PathBuf,
}

pub async fn backup(app: &Api, args: BackupArgs, json: bool) -> CliResult<ExitCode> {
    let done = api::backup(app, &args.file.to_string_lossy()).await?;
    if json {
        print_json(&done)?;
    } else {
        out(format!("Backed up to {} ({} bytes)", done.path, done.bytes))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(app: &Api, args: RestoreArgs, json: bool) -> CliResult<ExitCode> {
    let staged = api::stage_restore(app, &args.file.to_string_lossy()).await?;
    if json {
        print_json(&staged)?;
    } else {
        out(format!("{} checked: a JobHunter backup with {} jobs.", staged.from, staged.jobs))?;
        out("It replaces your data the next time JobHunter starts (restart the app if it is running);")?;
        out(format!("your current data will be kept as {}.", staged.previous_kept_as))?;
    }
    Ok(ExitCode::SUCCESS)
}
