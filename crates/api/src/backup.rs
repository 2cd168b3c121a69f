//! "Your data": back the whole database up to a file, and restore one.
//!
//! A backup is `VACUUM INTO` a temporary file beside the chosen one, renamed to the chosen
//! name once complete: a half-written backup never exists under the final name.
//!
//! A restore never replaces the database under a running app. The chosen file is checked (an
//! SQLite header, then the app's tables and migrations, none newer than this version knows),
//! copied as `<db>.restore`, and swapped in by the next start (`Store::open`, which keeps the
//! replaced database as `<db>.before-restore`).

use std::path::{Path, PathBuf};

use jobhunter_engine::store::{before_restore_path, staged_restore_path, MIGRATOR};
use jobhunter_engine::DATABASE_FILE;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::error::{CommandError, CommandResult};
use crate::{Api, ErrorCode};

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Tables every JobHunter database has (the engine's and the job hunt's).
const REQUIRED_TABLES: [&str; 4] = ["flow_runs", "task_runs", "jobs", "profiles"];

/// A backup written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupDone {
    /// The backup file.
    pub path: String,
    /// Its size in bytes.
    pub bytes: f64,
}

/// A restore staged for the next start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreStaged {
    /// The backup it was taken from.
    pub from: String,
    /// The checked copy waiting for the next start.
    pub staged: String,
    /// Where the current database will be kept once the restore is done.
    pub previous_kept_as: String,
    /// How many jobs the backup holds.
    pub jobs: u32,
}

fn database(api: &Api) -> PathBuf {
    api.engine.data_dir().join(DATABASE_FILE)
}

fn absolute(field: &str, file: &str) -> CommandResult<PathBuf> {
    let file = file.trim();
    if file.is_empty() {
        return Err(CommandError::invalid(field, "choose a file"));
    }
    std::path::absolute(file).map_err(|e| CommandError::invalid(field, format!("{file}: {e}")))
}

fn io(path: &Path, e: impl std::fmt::Display) -> CommandError {
    CommandError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}

/// Writes the whole database to `file` (replacing it), complete or not at all.
pub async fn backup(api: &Api, file: &str) -> CommandResult<BackupDone> {
    let target = absolute("file", file)?;
    if same_file(&target, &database(api)) {
        return Err(CommandError::invalid("file", format!("{} is the database itself", target.display())));
    }
    let dir = target.parent().ok_or_else(|| CommandError::invalid("file", "has no folder"))?;
    if !dir.is_dir() {
        return Err(CommandError::invalid("file", format!("the folder {} does not exist", dir.display())));
    }
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("jobhunter-backup.db");
    let partial = dir.join(format!(".{name}.partial"));
    // `VACUUM INTO` refuses an existing file: a partial one from an interrupted backup goes.
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| io(&partial, e))?;
    }
    let text = partial.to_str().ok_or_else(|| CommandError::invalid("file", "the path is not UTF-8"))?;
    let written = sqlx::query("VACUUM INTO ?").bind(text).execute(api.engine.store().pool()).await;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(io(&target, e));
    }
    if let Err(e) = std::fs::rename(&partial, &target) {
        let _ = std::fs::remove_file(&partial);
        return Err(io(&target, e));
    }
    let bytes = std::fs::metadata(&target).map_err(|e| io(&target, e))?.len();
    tracing::info!(backup = %target.display(), bytes, "backed up the database");
    Ok(BackupDone { path: target.display().to_string(), bytes: bytes as f64 })
}

/// Checks that `file` is a JobHunter database and stages a copy of it for the next start.
/// A file that is not one is refused with a message naming it; nothing is changed then.
pub async fn stage_restore(api: &Api, file: &str) -> CommandResult<RestoreStaged> {
    let source = absolute("file", file)?;
    let db = database(api);
    if same_file(&source, &db) {
        return Err(CommandError::invalid("file", format!("{} is the database in use", source.display())));
    }
    let staged = staged_restore_path(&db);
    // The checks read a private copy (with the backup's WAL, if it has one beside it), so the
    // user's file is never written to, not even by SQLite's recovery.
    let check = staged.with_extension("restore.check");
    let partial = staged.with_extension("restore.partial");
    let result = copy_and_check(&source, &check, &partial).await;
    for leftover in [check.clone(), wal_of(&check), shm_of(&check)] {
        let _ = std::fs::remove_file(leftover);
    }
    let jobs = match result {
        Ok(jobs) => jobs,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, &staged).map_err(|e| io(&staged, e))?;
    tracing::info!(from = %source.display(), staged = %staged.display(), "restore staged for the next start");
    Ok(RestoreStaged {
        from: source.display().to_string(),
        staged: staged.display().to_string(),
        previous_kept_as: before_restore_path(&db).display().to_string(),
        jobs: u32::try_from(jobs).unwrap_or(u32::MAX),
    })
}

/// Whether a restore is staged, waiting for the next start.
pub fn restore_pending(api: &Api) -> bool {
    staged_restore_path(&database(api)).exists()
}

/// Drops a staged restore (the database in use stays as it is).
pub fn cancel_restore(api: &Api) -> CommandResult<bool> {
    let staged = staged_restore_path(&database(api));
    if !staged.exists() {
        return Ok(false);
    }
    std::fs::remove_file(&staged).map_err(|e| io(&staged, e))?;
    Ok(true)
}

fn wal_of(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

fn shm_of(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", path.display()))
}

/// Copies `source` (and its WAL) to `check`, checks it is a JobHunter database, and writes a
/// self-contained copy of it to `partial`; returns its job count.
async fn copy_and_check(source: &Path, check: &Path, partial: &Path) -> CommandResult<u64> {
    for stale in [partial.to_path_buf(), check.to_path_buf(), wal_of(check), shm_of(check)] {
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| io(&stale, e))?;
        }
    }
    check_header(source)?;
    std::fs::copy(source, check).map_err(|e| io(source, e))?;
    if wal_of(source).is_file() {
        std::fs::copy(wal_of(source), wal_of(check)).map_err(|e| io(&wal_of(source), e))?;
    }
    let shown = source.display().to_string();
    let options = SqliteConnectOptions::new().filename(check);
    let mut conn =
        options.connect().await.map_err(|e| not_ours(&shown, &format!("it cannot be read ({e})")))?;
    let checked = check_tables(&mut conn, &shown).await;
    let copied = match checked {
        Ok(jobs) => {
            let text = partial.to_str().unwrap_or_default().to_owned();
            sqlx::query("VACUUM INTO ?")
                .bind(text)
                .execute(&mut conn)
                .await
                .map(|_| jobs)
                .map_err(|e| io(source, e))
        }
        Err(e) => Err(e),
    };
    let _ = conn.close().await;
    copied
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn not_ours(shown: &str, why: &str) -> CommandError {
    CommandError::invalid("file", format!("{shown} is not a JobHunter backup: {why}"))
}

/// An SQLite database file starts with its header; anything else is refused by name.
fn check_header(path: &Path) -> CommandResult<()> {
    use std::io::Read;
    let shown = path.display().to_string();
    let mut f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            CommandError::new(ErrorCode::NotFound, format!("{shown}: no such file"))
        }
        _ => io(path, e),
    })?;
    let mut header = [0u8; 16];
    if f.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
        return Err(not_ours(&shown, "it is not a database file"));
    }
    Ok(())
}

/// Refuses anything but a whole JobHunter database this version can open (its tables, its
/// schema history, none of it newer than this version); returns its job count.
async fn check_tables(conn: &mut sqlx::SqliteConnection, shown: &str) -> CommandResult<u64> {
    let read = async {
        let quick: String = sqlx::query_scalar("PRAGMA quick_check").fetch_one(&mut *conn).await?;
        let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await?;
        let versions: Vec<i64> = if tables.iter().any(|t| t == "_sqlx_migrations") {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&mut *conn)
                .await?
        } else {
            Vec::new()
        };
        let jobs: Option<i64> = if tables.iter().any(|t| t == "jobs") {
            Some(
                sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE merged_into IS NULL")
                    .fetch_one(&mut *conn)
                    .await?,
            )
        } else {
            None
        };
        Ok::<_, sqlx::Error>((quick, tables, versions, jobs))
    };
    let (quick, tables, versions, jobs) =
        read.await.map_err(|e| not_ours(shown, &format!("it cannot be read ({e})")))?;
    if quick != "ok" {
        return Err(not_ours(shown, &format!("it is damaged ({quick})")));
    }
    if let Some(missing) = REQUIRED_TABLES.iter().find(|t| !tables.iter().any(|n| n == *t)) {
        return Err(not_ours(shown, &format!("it has no {missing} table")));
    }
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if versions.is_empty() || !versions.contains(&known[0]) {
        return Err(not_ours(shown, "it has no JobHunter schema history"));
    }
    if versions.iter().any(|v| !known.contains(v)) {
        return Err(CommandError::invalid(
            "file",
            format!("{shown} was made by a newer JobHunter: update JobHunter before restoring it"),
        ));
    }
    Ok(jobs.unwrap_or(0).max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{import_job, state};

    #[tokio::test]
    async fn backs_up_and_restores_at_the_next_start() {
        let (dir, api) = state().await;
        let kept = import_job(&api, "Rust and SQLite, the job in the backup.").await;
        let out = tempfile::tempdir().unwrap();
        let file = out.path().join("my backup.db");
        let done = backup(&api, file.to_str().unwrap()).await.unwrap();
        assert_eq!(done.path, file.display().to_string());
        assert!(done.bytes > 0.0 && file.exists());
        assert!(!out.path().join(".my backup.db.partial").exists(), "no partial file is left");
        // Backing up again replaces the file.
        backup(&api, file.to_str().unwrap()).await.unwrap();

        // After the backup: one more job, and the first one changed (seen).
        let later = crate::test_support::import_job_with_id(&api, "2", "Added after the backup.").await;
        crate::jobs::mark_seen(&api, std::slice::from_ref(&kept)).await.unwrap();
        assert!(crate::jobs::get(&api, &kept).await.unwrap().seen);

        let staged = stage_restore(&api, file.to_str().unwrap()).await.unwrap();
        assert_eq!(staged.jobs, 1, "{staged:?}");
        assert!(restore_pending(&api));
        // Nothing changes under the running app.
        assert!(crate::jobs::get(&api, &later).await.is_ok());
        api.engine.close().await.unwrap();
        drop(api);

        // The next start swaps the backup in and keeps the replaced database.
        let api = Api::open(dir.path().to_path_buf()).await.unwrap();
        assert!(!restore_pending(&api));
        assert_eq!(crate::jobs::get(&api, &later).await.unwrap_err().code, ErrorCode::NotFound);
        assert!(!crate::jobs::get(&api, &kept).await.unwrap().seen, "the backup's state");
        let previous = PathBuf::from(&staged.previous_kept_as);
        assert!(previous.exists(), "the replaced database is kept");
        // The kept database is whole: it can itself be restored.
        let again = stage_restore(&api, previous.to_str().unwrap()).await.unwrap();
        assert_eq!(again.jobs, 2);
        assert!(cancel_restore(&api).unwrap() && !restore_pending(&api));
        api.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn refuses_files_that_are_not_jobhunter_databases() {
        let (_dir, api) = state().await;
        let out = tempfile::tempdir().unwrap();
        let text = out.path().join("notes.txt");
        std::fs::write(&text, "not a database at all, just some text").unwrap();
        let e = stage_restore(&api, text.to_str().unwrap()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(
            e.message.contains("notes.txt") && e.message.contains("not a database file"),
            "{}",
            e.message
        );

        // A database, but another program's.
        let other = out.path().join("other.db");
        let opts = SqliteConnectOptions::new().filename(&other).create_if_missing(true);
        let mut conn = opts.connect().await.unwrap();
        sqlx::query("CREATE TABLE notes (id INTEGER)").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        let e = stage_restore(&api, other.to_str().unwrap()).await.unwrap_err();
        assert!(e.message.contains("other.db") && e.message.contains("flow_runs"), "{}", e.message);

        let missing = out.path().join("gone.db");
        let e = stage_restore(&api, missing.to_str().unwrap()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("gone.db"), "{}", e.message);
        assert!(stage_restore(&api, " ").await.unwrap_err().message.starts_with("file:"));
        let db = api.engine.data_dir().join(DATABASE_FILE);
        assert!(stage_restore(&api, db.to_str().unwrap()).await.is_err(), "not the database in use");
        assert!(backup(&api, db.to_str().unwrap()).await.is_err());
        assert!(!restore_pending(&api), "nothing was staged");
        api.engine.close().await.unwrap();
    }
}
