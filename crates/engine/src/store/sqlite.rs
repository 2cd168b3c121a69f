//! A minimal, safe wrapper over the SQLite C API for the audit writer's own connection.
//!
//! Why not sqlx here: every sqlx statement crosses to sqlx's worker thread and back. The audit
//! writer executes two statements per task on the hottest path of the engine, so it owns one
//! connection on one dedicated thread and calls SQLite directly (the same bundled library that
//! sqlx links). Everything else (reads, migrations, domain tables) uses sqlx.

use std::ffi::{c_int, CStr, CString};
use std::path::Path;
use std::ptr;

use libsqlite3_sys as ffi;

/// A value bound to a statement parameter, borrowed from the write it comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

/// What a column value binds as ([`Val`]).
pub(crate) trait Bind {
    fn val(&self) -> Val<'_>;
}

impl Bind for String {
    fn val(&self) -> Val<'_> {
        Val::Text(self)
    }
}
impl Bind for &'static str {
    fn val(&self) -> Val<'_> {
        Val::Text(self)
    }
}
impl Bind for i64 {
    fn val(&self) -> Val<'_> {
        Val::Int(*self)
    }
}
impl Bind for u32 {
    fn val(&self) -> Val<'_> {
        Val::Int(i64::from(*self))
    }
}
impl Bind for bool {
    fn val(&self) -> Val<'_> {
        Val::Int(i64::from(*self))
    }
}
impl<T: Bind> Bind for Option<T> {
    fn val(&self) -> Val<'_> {
        self.as_ref().map_or(Val::Null, Bind::val)
    }
}

/// An SQLite failure: the result code and SQLite's message.
#[derive(Debug, Clone)]
pub(crate) struct SqlError {
    pub code: c_int,
    pub message: String,
}

impl SqlError {
    /// Another connection holds the write lock (and the busy timeout did not wait it out).
    pub fn is_busy(&self) -> bool {
        matches!(self.code & 0xff, ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED)
    }
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn misuse(message: String) -> SqlError {
    SqlError { code: ffi::SQLITE_MISUSE, message }
}

/// Called after each commit with the number of frames in the WAL; returns whether to run a
/// passive checkpoint right away, on the committing thread (see [`RawConnection::on_wal_commit`]).
pub(crate) type WalHook = Box<dyn Fn(c_int) -> bool + Send>;

/// One open database connection; used by one thread at a time (it is kept behind a mutex).
pub(crate) struct RawConnection {
    db: *mut ffi::sqlite3,
    statements: Vec<*mut ffi::sqlite3_stmt>,
    /// Boxed twice so SQLite holds a thin pointer that stays put while the connection lives.
    wal_hook: Option<Box<WalHook>>,
}

// SAFETY: the connection is opened in multi-thread mode (NOMUTEX) and only ever used by one
// thread at a time: its owner keeps it behind a mutex.
unsafe impl Send for RawConnection {}

impl RawConnection {
    pub fn open(path: &Path, busy_timeout_ms: c_int) -> Result<Self, SqlError> {
        let c_path = CString::new(path.to_string_lossy().as_bytes()).map_err(|e| misuse(e.to_string()))?;
        let mut db = ptr::null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: valid C string, out-pointer to a local; the handle is closed in Drop.
        let rc = unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, flags, ptr::null()) };
        let conn = Self { db, statements: Vec::new(), wal_hook: None };
        if rc != ffi::SQLITE_OK {
            let err = conn.error();
            return Err(SqlError {
                message: format!("cannot open {}: {}", path.display(), err.message),
                ..err
            });
        }
        conn.set_busy_timeout(busy_timeout_ms);
        conn.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        Ok(conn)
    }

    /// How long SQLite itself waits for another connection's write lock before failing busy.
    pub fn set_busy_timeout(&self, ms: c_int) {
        // SAFETY: db is open.
        unsafe { ffi::sqlite3_busy_timeout(self.db, ms) };
    }

    fn error(&self) -> SqlError {
        if self.db.is_null() {
            return SqlError { code: ffi::SQLITE_NOMEM, message: "out of memory".into() };
        }
        // SAFETY: db is non-null; sqlite3_errmsg returns a NUL-terminated string owned by SQLite.
        unsafe {
            SqlError {
                code: ffi::sqlite3_extended_errcode(self.db),
                message: CStr::from_ptr(ffi::sqlite3_errmsg(self.db)).to_string_lossy().into_owned(),
            }
        }
    }

    /// Replaces SQLite's automatic checkpoint (which runs on the committing connection, fsyncs
    /// included, whenever the WAL passes 1,000 frames) with `hook`: called after every commit
    /// with the WAL's size in frames, it decides whether this connection checkpoints now.
    pub fn on_wal_commit(&mut self, hook: WalHook) {
        unsafe extern "C" fn trampoline(
            arg: *mut std::ffi::c_void,
            db: *mut ffi::sqlite3,
            name: *const std::ffi::c_char,
            frames: c_int,
        ) -> c_int {
            // SAFETY: arg is the `Box<WalHook>` kept in the connection until after it closes.
            let hook = unsafe { &*(arg as *const WalHook) };
            if hook(frames) {
                // SAFETY: SQLite calls the hook on this open connection, outside any write
                // transaction, where its own automatic checkpoint would run.
                unsafe {
                    ffi::sqlite3_wal_checkpoint_v2(
                        db,
                        name,
                        ffi::SQLITE_CHECKPOINT_PASSIVE,
                        ptr::null_mut(),
                        ptr::null_mut(),
                    )
                };
            }
            ffi::SQLITE_OK
        }
        let boxed = Box::new(hook);
        let arg = &*boxed as *const WalHook as *mut std::ffi::c_void;
        // SAFETY: db is open; `arg` points into `boxed`, kept in self past sqlite3_close.
        unsafe { ffi::sqlite3_wal_hook(self.db, Some(trampoline), arg) };
        self.wal_hook = Some(boxed);
    }

    /// A passive checkpoint: copies what it can from the WAL into the database without
    /// waiting for (or blocking) readers and writers. Returns (frames in the WAL, frames copied).
    pub fn checkpoint_passive(&self) -> Result<(c_int, c_int), SqlError> {
        let (mut log, mut done) = (0, 0);
        // SAFETY: db is open; out-pointers to locals.
        let rc = unsafe {
            ffi::sqlite3_wal_checkpoint_v2(
                self.db,
                ptr::null(),
                ffi::SQLITE_CHECKPOINT_PASSIVE,
                &mut log,
                &mut done,
            )
        };
        if rc == ffi::SQLITE_OK {
            Ok((log, done))
        } else {
            Err(self.error())
        }
    }

    /// Runs SQL text without parameters (pragmas, BEGIN, COMMIT).
    pub fn exec(&self, sql: &str) -> Result<(), SqlError> {
        let c_sql = CString::new(sql).map_err(|e| misuse(e.to_string()))?;
        // SAFETY: db is open, sql is NUL-terminated, no callback.
        let rc =
            unsafe { ffi::sqlite3_exec(self.db, c_sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut()) };
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// Prepares a statement kept for the life of the connection; returns its index.
    pub fn prepare(&mut self, sql: &str) -> Result<usize, SqlError> {
        let c_sql = CString::new(sql).map_err(|e| misuse(e.to_string()))?;
        let mut stmt = ptr::null_mut();
        // SAFETY: db is open; stmt is finalized in Drop.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db,
                c_sql.as_ptr(),
                -1,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            let err = self.error();
            return Err(SqlError { message: format!("cannot prepare statement: {}", err.message), ..err });
        }
        self.statements.push(stmt);
        Ok(self.statements.len() - 1)
    }

    /// Binds `values` to prepared statement `index` and runs it to completion.
    pub fn execute(&self, index: usize, values: &[Val]) -> Result<(), SqlError> {
        let stmt = self.statements[index];
        let result = self.bind_and_step(stmt, values);
        // SAFETY: stmt is a live prepared statement of this connection.
        unsafe {
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        result
    }

    fn bind_and_step(&self, stmt: *mut ffi::sqlite3_stmt, values: &[Val]) -> Result<(), SqlError> {
        for (i, value) in values.iter().enumerate() {
            let at = (i + 1) as c_int;
            // SAFETY: stmt is live. Text is bound without a copy (SQLITE_STATIC): `values`
            // outlives the statement's use of it, which ends with the reset and the clearing of
            // its bindings in `execute`, before `values` can be dropped.
            let rc = unsafe {
                match value {
                    Val::Null => ffi::sqlite3_bind_null(stmt, at),
                    Val::Int(v) => ffi::sqlite3_bind_int64(stmt, at, *v),
                    Val::Text(text) => ffi::sqlite3_bind_text(
                        stmt,
                        at,
                        text.as_ptr().cast(),
                        text.len() as c_int,
                        ffi::SQLITE_STATIC(),
                    ),
                }
            };
            if rc != ffi::SQLITE_OK {
                let err = self.error();
                return Err(SqlError {
                    message: format!("cannot bind parameter {at}: {}", err.message),
                    ..err
                });
            }
        }
        loop {
            // SAFETY: stmt is live and fully bound.
            match unsafe { ffi::sqlite3_step(stmt) } {
                ffi::SQLITE_DONE => return Ok(()),
                ffi::SQLITE_ROW => continue,
                _ => return Err(self.error()),
            }
        }
    }
}

impl Drop for RawConnection {
    fn drop(&mut self) {
        // SAFETY: each statement and the handle are released exactly once.
        unsafe {
            for stmt in self.statements.drain(..) {
                ffi::sqlite3_finalize(stmt);
            }
            if !self.db.is_null() {
                ffi::sqlite3_close(self.db);
            }
            // The WAL hook's box (dropped after this) is no longer referenced by SQLite.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executes_prepared_statements_with_bindings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = RawConnection::open(&path, 1000).unwrap();
        conn.exec("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let insert = conn.prepare("INSERT INTO t (a, b) VALUES (?, ?)").unwrap();
        conn.execute(insert, &[Val::Int(1), Val::Text("héllo")]).unwrap();
        conn.execute(insert, &[Val::Int(2), Val::Null]).unwrap();
        let err =
            conn.execute(insert, &[Val::Int(3)]).map(|_| ()).and_then(|_| conn.exec("SELECT * FROM nope"));
        assert!(err.unwrap_err().message.contains("no such table"));
        drop(conn);

        // A second connection holding the write lock makes a zero-timeout BEGIN fail busy.
        let holder = RawConnection::open(&path, 1000).unwrap();
        holder.exec("BEGIN IMMEDIATE").unwrap();
        let other = RawConnection::open(&path, 0).unwrap();
        assert!(other.exec("BEGIN IMMEDIATE").unwrap_err().is_busy());
        holder.exec("COMMIT").unwrap();
        other.exec("BEGIN IMMEDIATE; COMMIT").unwrap();
    }
}
