//! The applications with their stage history as CSV: the text (`export_csv`, the CLI prints it)
//! or saved as a file whose path the user is told (`save_export`, the app: a download from the
//! webview is not reliable in every system's webview).

use std::path::{Path, PathBuf};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Every application with its stage history, notes and contacts, as CSV text.
pub async fn export_csv(state: &Api) -> CommandResult<String> {
    Ok(jobhunter_ops::apply::export_csv(state.engine.store().pool()).await?)
}

/// Writes the CSV to `dir/jobhunter-applications-YYYY-MM-DD.csv` (`-2`, `-3`, ... when that
/// file exists: nothing is overwritten) and returns the file's path.
pub async fn save_export(state: &Api, dir: &Path) -> CommandResult<PathBuf> {
    let csv = export_csv(state).await?;
    let day = jobhunter_ops::apply::local_day(state.engine.clock().now()).format("%Y-%m-%d").to_string();
    let io = |e: std::io::Error| {
        CommandError::new(crate::ErrorCode::Io, format!("cannot save the export in {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("jobhunter-applications-{day}.csv")
        } else {
            format!("jobhunter-applications-{day}-{n}.csv")
        };
        let path = dir.join(name);
        // `create_new`: never overwrite a file, even one made meanwhile.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(csv.as_bytes()).map_err(io)?;
                tracing::info!(path = %path.display(), "exported the applications");
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(e)),
        }
    }
    Err(CommandError::new(crate::ErrorCode::Io, format!("too many exports in {} today", dir.display())))
}
