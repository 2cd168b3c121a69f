//! The audit's deferred keys: the operation filter and the open (running) TaskRuns, written in
//! batches instead of in every task's commit.
//!
//! Why: each index on `task_runs` is one more page in the write-ahead log for every task's
//! `running` row, and with the audit's four filter indexes a task cost twice SQLite's floor
//! for its two committed writes. So `task_run_keys` (migration 18) holds those keys, and the
//! audit writer adds the keys of every row recorded since the last batch inside one of its
//! own transactions, every [`SWEEP_EVERY`] TaskRuns: a few pages for dozens of tasks, always
//! consistent with the rows beside them. Readers take the keys up to the swept mark and read
//! the rows past it directly (a short rowid range; [`tail`]). The same batches widen the rowid
//! range of each hour the rows started in (`task_run_hours`, migration 19), which bounds the
//! audit's time ranges and the clean-up ([`first_run_since`], [`last_run_until`]). An open key
//! goes with the update that ends its row's `running` state (a trigger, migration 20), not in
//! a later batch: finding the finished ones among thousands of open keys took a third of the
//! writer's time when thousands of tasks were fanned out.

use super::sqlite::{RawConnection, SqlError};

/// TaskRuns recorded by this writer between two batches of keys.
pub(crate) const SWEEP_EVERY: u32 = 64;

/// The same while other operation calls are under way (a fan-out): most rows recorded in the
/// last few dozen are still running then, so keying them that often wrote an open key for
/// nearly every task, and its trigger deleted it again moments later. Every few thousand,
/// most have finished. Readers then scan up to a few thousand rows past the mark.
pub(crate) const SWEEP_EVERY_CONTENDED: u32 = 4096;

/// `task_run_keys.kind` of an operation's name.
pub(crate) const OPERATION: i64 = 1;
/// `task_run_keys.kind` of a TaskRun open (running) when it was swept; its key is the owner.
pub(crate) const OPEN: i64 = 2;

/// The highest rowid whose keys are recorded, as an SQL expression.
pub(crate) const SWEPT: &str = "(SELECT run FROM task_run_keys_swept WHERE id = 1)";

/// The rowids of TaskRuns recorded after the last batch whose `condition` (over `task_runs`,
/// aliased `t`) holds: the part of a keyed query the keys do not cover yet.
pub(crate) fn tail(condition: &str) -> String {
    format!("SELECT t.rowid AS run FROM task_runs t WHERE t.rowid > {SWEPT} AND ({condition})")
}

/// The rowids of the TaskRuns open when keyed or recorded since, of one owner (`of_owner`:
/// bind the owner twice) or of all; callers still check `status = 'running'` on the rows.
pub(crate) fn open_runs(of_owner: bool) -> String {
    let (key, owner) = if of_owner { (" AND key = ?", "t.owner = ? AND ") } else { ("", "") };
    format!(
        "SELECT run FROM task_run_keys WHERE kind = {OPEN}{key} AND run <= {SWEPT} UNION ALL {}",
        tail(&format!("{owner}t.status = 'running'"))
    )
}

/// The writer's prepared statements of a batch of keys.
pub(crate) struct Sweep {
    savepoint: usize,
    release: usize,
    undo: usize,
    add: usize,
    hours: usize,
    mark: usize,
}

impl Sweep {
    pub fn prepare(conn: &mut RawConnection) -> Result<Self, SqlError> {
        Ok(Self {
            savepoint: conn.prepare("SAVEPOINT audit_keys")?,
            release: conn.prepare("RELEASE audit_keys")?,
            undo: conn.prepare("ROLLBACK TO audit_keys")?,
            // The keys of every row past the mark: its operation, and whether it is still open.
            add: conn.prepare(&format!(
                "INSERT OR IGNORE INTO task_run_keys (kind, key, run) \
                 SELECT {OPERATION}, operation_name, rowid FROM task_runs WHERE rowid > {SWEPT} \
                 UNION ALL SELECT {OPEN}, COALESCE(owner, ''), rowid FROM task_runs \
                 WHERE rowid > {SWEPT} AND status = 'running'"
            ))?,
            // The rowid range of each hour the new rows started in (migration 19).
            hours: conn.prepare(&format!(
                "INSERT INTO task_run_hours (hour, first_run, last_run) \
                 SELECT substr(started_at, 1, 13), MIN(rowid), MAX(rowid) FROM task_runs \
                 WHERE rowid > {SWEPT} GROUP BY substr(started_at, 1, 13) \
                 ON CONFLICT (hour) DO UPDATE SET first_run = MIN(first_run, excluded.first_run), \
                 last_run = MAX(last_run, excluded.last_run)"
            ))?,
            // Unchanged when nothing was recorded since: then a batch writes no page at all.
            mark: conn.prepare(
                "UPDATE task_run_keys_swept SET run = COALESCE((SELECT MAX(rowid) FROM task_runs), 0) \
                 WHERE id = 1 AND run IS NOT COALESCE((SELECT MAX(rowid) FROM task_runs), 0)",
            )?,
        })
    }

    /// Records the keys of every TaskRun past the mark, inside the caller's transaction. A
    /// failure undoes only the keys (a savepoint): the batch's own rows still commit, and the
    /// rows stay past the mark, where readers find them directly, until a later batch keys them.
    pub fn run(&self, conn: &RawConnection) -> Result<(), SqlError> {
        conn.execute(self.savepoint, &[])?;
        let keyed = conn
            .execute(self.add, &[])
            .and_then(|()| conn.execute(self.hours, &[]))
            .and_then(|()| conn.execute(self.mark, &[]));
        if keyed.is_err() {
            let _ = conn.execute(self.undo, &[]);
        }
        conn.execute(self.release, &[])?;
        keyed
    }
}

/// The lowest swept rowid that may hold a TaskRun started at or after a time, from the hours'
/// ranges (`task_run_hours`): the SQL before and after the bound hour ([`hour_of`]). Rows
/// past the mark are not bounded by it: read them with [`tail`].
pub(crate) fn first_run_since() -> (&'static str, String) {
    ("COALESCE((SELECT MIN(first_run) FROM task_run_hours WHERE hour >= ", format!("), {SWEPT} + 1)"))
}

/// The highest swept rowid that may hold a TaskRun started before a time (as
/// [`first_run_since`]).
pub(crate) fn last_run_until() -> (&'static str, String) {
    ("MIN(COALESCE((SELECT MAX(last_run) FROM task_run_hours WHERE hour <= ", format!("), 0), {SWEPT})"))
}

/// The `task_run_hours` key of a stored time: the hour the writer files `started_at` under.
pub(crate) fn hour_of(db_time: &str) -> String {
    db_time.chars().take(13).collect()
}
