//! SQLite storage of the engine: one database file shared by the desktop app and the CLI
//! (WAL, foreign keys on, short transactions). Reads go through a small pool; audit writes go
//! through the single [`writer`] so they can be group-committed.
//!
//! The TaskRun and flow-run records and their queries live with their concept (`taskrun/`,
//! `flow/`); this module keeps what every table shares: the pool, the migrations, the writer,
//! row ids, the column decoders, and the records of no single run kind (logs, cleanup).

pub(crate) mod audit_keys;
mod queries;
pub mod records;
mod sqlite;
pub(crate) mod writer;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub(crate) use queries::{opt_json, opt_time, page, parse_json};
pub use records::*;
pub(crate) use writer::{CallUnderWay, LogRow, Write, Writer};

use crate::{EngineError, Result};

/// The schema migrations (`migrations/` at the repository root), applied at open.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The engine's database.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    writer: Writer,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// The whole open (creating the file, switching it to WAL, migrating, the writer's
    /// connection) runs under an exclusive file lock: two processes opening a new data dir at
    /// once (the app and the CLI) would otherwise both try to switch a fresh file to WAL, and
    /// SQLite fails one of them "database is locked" at once, without waiting.
    pub async fn open(path: &Path) -> Result<Self> {
        let lock = OpenLock::acquire(path).await?;
        swap_in_staged_restore(path).await?;
        let options = connect_options(path)?;
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        backup_before_migrating(path, &pool).await?;
        MIGRATOR.run(&pool).await?;
        let writer = Writer::open(path)?;
        drop(lock);
        Ok(Self { pool, writer })
    }

    /// The connection pool, for reads and for domain tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub(crate) async fn write(&self, write: Write) -> Result<()> {
        self.writer.write(write).await
    }

    /// As [`Store::write`], handing the write back when it was not committed.
    pub(crate) async fn write_or_return(
        &self,
        write: Write,
    ) -> std::result::Result<(), (EngineError, Option<Write>)> {
        self.writer.write_or_return(write).await
    }

    /// Counts an operation call as under way while the guard lives (the writer batches the
    /// rows of concurrent calls together).
    pub(crate) fn call_started(&self) -> CallUnderWay {
        self.writer.call_started()
    }

    pub(crate) fn write_detached(&self, write: Write) {
        self.writer.write_detached(write)
    }

    /// Waits until every write queued so far (log lines included) is committed.
    pub async fn flush(&self) -> Result<()> {
        self.writer.write(Write::Flush).await
    }

    /// Records the audit keys (`audit_keys`) of every TaskRun recorded so far, as the writer
    /// does by itself every few dozen TaskRuns: after rows were inserted in bulk.
    pub async fn sweep_audit_keys(&self) -> Result<()> {
        self.writer.write(Write::SweepKeys).await
    }

    /// Records the pending audit keys, flushes and closes the pool.
    pub async fn close(&self) -> Result<()> {
        self.sweep_audit_keys().await?;
        self.pool.close().await;
        Ok(())
    }

    /// `PRAGMA integrity_check` (tests and `doctor`-style checks).
    pub async fn integrity_check(&self) -> Result<String> {
        let (res,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&self.pool).await?;
        Ok(res)
    }
}

/// The exclusive lock on `<db>.migrate-lock` held while a process opens the database.
struct OpenLock {
    _file: std::fs::File,
}

impl OpenLock {
    async fn acquire(path: &Path) -> Result<Self> {
        let lock_path = path.with_extension("migrate-lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| EngineError::io(format!("cannot create {}", lock_path.display()), e))?;
        tokio::task::spawn_blocking(move || file.lock().map(|()| Self { _file: file }))
            .await
            .map_err(|e| EngineError::Writer(format!("open lock task failed: {e}")))?
            .map_err(|e| EngineError::io(format!("cannot lock {}", lock_path.display()), e))
    }
}

/// Before migrations the database has not seen run, copies it aside as
/// `<file>.before-upgrade-<newest applied version>` (a consistent copy made by `VACUUM INTO`,
/// WAL included), so that an upgrade that goes wrong loses nothing. A new database, or one
/// that is up to date, is not copied. Returns the copy's path.
pub async fn backup_before_migrating(path: &Path, pool: &SqlitePool) -> Result<Option<std::path::PathBuf>> {
    // No table yet: a new database, nothing to keep.
    let Ok(applied) = sqlx::query_scalar::<_, i64>("SELECT version FROM _sqlx_migrations WHERE success = 1")
        .fetch_all(pool)
        .await
    else {
        return Ok(None);
    };
    let Some(newest) = applied.iter().max().copied() else { return Ok(None) };
    let pending =
        MIGRATOR.iter().any(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version));
    if !pending {
        return Ok(None);
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("jobhunter.db");
    let backup = path.with_file_name(format!("{name}.before-upgrade-{newest}"));
    let text = backup
        .to_str()
        .ok_or_else(|| EngineError::Invalid(format!("backup path {} is not UTF-8", backup.display())))?;
    if backup.exists() {
        // A copy from an earlier, interrupted upgrade of the same version: replace it.
        std::fs::remove_file(&backup)
            .map_err(|e| EngineError::io(format!("cannot replace {}", backup.display()), e))?;
    }
    sqlx::query("VACUUM INTO ?").bind(text).execute(pool).await?;
    tracing::info!(backup = %backup.display(), "copied the database aside before upgrading it");
    Ok(Some(backup))
}

/// Where a restore waits for the next start: `<db>.restore`, a checked, self-contained copy of
/// a backup (written by `jobhunter restore` or Settings' "Restore…").
pub fn staged_restore_path(path: &Path) -> std::path::PathBuf {
    sibling(path, "restore")
}

/// Where the database replaced by a restore is kept: `<db>.before-restore`.
pub fn before_restore_path(path: &Path) -> std::path::PathBuf {
    sibling(path, "before-restore")
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("jobhunter.db");
    path.with_file_name(format!("{name}.{suffix}"))
}

/// How long an open waits for the other processes on the database to end before it swaps a
/// staged restore in (a restarting app's old process is still exiting).
const RESTORE_WAIT: Duration = Duration::from_secs(8);

/// Swaps a staged restore in (under the open lock, before any connection): the current
/// database (with its WAL) becomes `<db>.before-restore` and the staged copy becomes the
/// database. Never while another process (the app, a CLI command) has the data dir open: its
/// connections would go on writing the old file. Then the restore stays staged for the next
/// start. Returns the kept previous database when the swap happened.
pub async fn swap_in_staged_restore(path: &Path) -> Result<Option<std::path::PathBuf>> {
    let staged = staged_restore_path(path);
    if !staged.exists() {
        return Ok(None);
    }
    let data_dir = path.parent().unwrap_or(Path::new("."));
    let deadline = tokio::time::Instant::now() + RESTORE_WAIT;
    // This process's own instance holds one lock; any other live one is another process.
    while crate::instance::Instance::live_count(data_dir) > 1 {
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!(staged = %staged.display(), "another JobHunter process has the database open: the restore waits for the next start");
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let io = |what: &str, p: &Path, e| EngineError::io(format!("restore: cannot {what} {}", p.display()), e);
    let previous = before_restore_path(path);
    if path.exists() {
        let wal = |p: &Path| p.with_file_name(format!("{}-wal", file_name(p)));
        // The WAL goes with its database (SQLite pairs them by name).
        for (from, to) in [(path.to_path_buf(), previous.clone()), (wal(path), wal(&previous))] {
            if to.exists() {
                std::fs::remove_file(&to).map_err(|e| io("replace", &to, e))?;
            }
            if from.exists() {
                std::fs::rename(&from, &to).map_err(|e| io("move aside", &from, e))?;
            }
        }
        let shm = path.with_file_name(format!("{}-shm", file_name(path)));
        if shm.exists() {
            std::fs::remove_file(&shm).map_err(|e| io("remove", &shm, e))?;
        }
    }
    std::fs::rename(&staged, path).map_err(|e| io("move in", &staged, e))?;
    tracing::info!(previous = %previous.display(), "restored the database from a backup; the previous one is kept");
    Ok(Some(previous))
}

fn file_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("jobhunter.db").to_owned()
}

fn connect_options(path: &Path) -> Result<SqliteConnectOptions> {
    let url = format!("sqlite://{}", path.display());
    let options = SqliteConnectOptions::from_str(&url)
        .map_err(|e| EngineError::Invalid(format!("database path {}: {e}", path.display())))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL + NORMAL: a committed transaction survives a crash of the process (the case the
        // audit trail cares about); only an OS crash or power cut can lose the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory");
    Ok(options)
}

/// A new row id (flow runs, TaskRuns, deployments, slots): a UUIDv7, so ids sort by creation.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
