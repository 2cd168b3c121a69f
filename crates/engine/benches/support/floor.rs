//! SQLite's own floor for a task's durable work, measured through the same SQLite build the
//! engine uses (the bundled `libsqlite3-sys` that sqlx and the audit writer link, one copy in
//! Cargo.lock), with the same settings (WAL, `synchronous = NORMAL`, the engine database's page
//! size).
//!
//! The least a durable task needs is two committed writes: its `running` row before it starts
//! and its final row after. So a floor "task" is one INSERT of a row shaped and sized like the
//! engine's `running` TaskRun row (the same 24 columns and values of the same lengths), committed,
//! then one UPDATE of it to the final row (the same 9 columns), committed. Each is a single
//! autocommit statement, prepared once and reused: nothing SQLite does not have to do. The table
//! has the `task_runs` columns and its primary key, but none of the engine's secondary indexes
//! and no foreign key: those are the engine's cost, not the floor.
//!
//! Two variants. [`Checkpoints::Inline`] is SQLite as it comes: its automatic checkpoint runs
//! inside the commit that takes the WAL past 1,000 frames (the floor the issue defines).
//! [`Checkpoints::Background`] moves them to a thread of their own, as the engine's writer
//! does, so the two are compared on equal footing: what remains is the engine's own cost.
//!
//! [`Floor::run_grouped`] is SQLite's own rate when tasks share commits (the same statements,
//! `batch` tasks per transaction): the ceiling the engine's group commit can approach.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::Path;
use std::ptr;
use std::sync::mpsc;
use std::time::Instant;

use libsqlite3_sys as ffi;

const COLUMNS: &str = "id TEXT PRIMARY KEY NOT NULL, operation_name TEXT NOT NULL, task_name TEXT NOT NULL, \
     status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, duration_ms INTEGER, actor TEXT NOT NULL, \
     orchestrated INTEGER NOT NULL, flow_run_id TEXT, task_run_id TEXT NOT NULL, attempt INTEGER NOT NULL, \
     input_dump TEXT NOT NULL, input_hash TEXT NOT NULL, output TEXT, result_refs TEXT NOT NULL DEFAULT '[]', \
     error_message TEXT, error_kind TEXT, error_traceback TEXT, tags TEXT NOT NULL DEFAULT '[]', \
     metadata TEXT NOT NULL DEFAULT '{}', cache_key TEXT, replay_of TEXT, owner TEXT";

/// Where the floor's WAL checkpoints run.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Checkpoints {
    /// SQLite's automatic checkpoint, inside the commit that passes 1,000 frames.
    Inline,
    /// A thread with its own connection, woken past 1,000 frames (as the engine's writer).
    Background,
}

/// One connection to the floor database, with its two statements.
pub struct Floor {
    db: *mut ffi::sqlite3,
    insert: *mut ffi::sqlite3_stmt,
    update: *mut ffi::sqlite3_stmt,
    next: u64,
    /// The background checkpointer's wake-up (boxed: SQLite holds a pointer to it).
    wake: Option<Box<mpsc::SyncSender<()>>>,
    checkpointer: Option<std::thread::JoinHandle<()>>,
}

unsafe extern "C" fn wal_hook(
    arg: *mut c_void,
    _db: *mut ffi::sqlite3,
    _name: *const c_char,
    frames: c_int,
) -> c_int {
    if frames >= 1000 {
        // SAFETY: arg is the boxed sender, alive until the connection is closed.
        let _ = unsafe { &*(arg as *const mpsc::SyncSender<()>) }.try_send(());
    }
    ffi::SQLITE_OK
}

enum V<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl Floor {
    /// Creates the floor database at `path` with `page_size` (the engine database's).
    /// `FLOOR_EXTRA_SQL`, if set, runs after the table is created: a diagnostic, e.g. the
    /// engine's `CREATE INDEX` statements to see what its indexes cost.
    pub fn open(path: &Path, page_size: i64, checkpoints: Checkpoints) -> Self {
        let c_path = CString::new(path.to_str().unwrap()).unwrap();
        let mut db = ptr::null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: valid C string and out-pointer; closed in Drop.
        let rc = unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, flags, ptr::null()) };
        assert_eq!(rc, ffi::SQLITE_OK, "open {}", path.display());
        let mut floor = Self {
            db,
            insert: ptr::null_mut(),
            update: ptr::null_mut(),
            next: 0,
            wake: None,
            checkpointer: None,
        };
        floor.exec(&format!(
            "PRAGMA page_size = {page_size}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
             CREATE TABLE task_runs ({COLUMNS}); {}",
            std::env::var("FLOOR_EXTRA_SQL").unwrap_or_default()
        ));
        if checkpoints == Checkpoints::Background {
            let (wake, woken) = mpsc::sync_channel::<()>(1);
            let other = Floor::connect(path);
            floor.checkpointer = Some(std::thread::spawn(move || {
                let other = other; // the whole handle, not its (non-Send) pointer field
                while woken.recv().is_ok() {
                    // SAFETY: `other` is open and used by this thread only.
                    unsafe {
                        ffi::sqlite3_wal_checkpoint_v2(
                            other.0,
                            ptr::null(),
                            ffi::SQLITE_CHECKPOINT_PASSIVE,
                            ptr::null_mut(),
                            ptr::null_mut(),
                        );
                    }
                }
                // SAFETY: closed once, by its only user.
                unsafe { ffi::sqlite3_close(other.0) };
            }));
            let wake = Box::new(wake);
            let arg = &*wake as *const mpsc::SyncSender<()> as *mut c_void;
            // SAFETY: db is open; the box outlives the connection (dropped after close).
            unsafe { ffi::sqlite3_wal_hook(floor.db, Some(wal_hook), arg) };
            floor.wake = Some(wake);
        }
        floor.insert = floor.prepare(&format!("INSERT INTO task_runs VALUES ({})", vec!["?"; 24].join(",")));
        floor.update = floor.prepare(
            "UPDATE task_runs SET status = ?, finished_at = ?, duration_ms = ?, output = ?, result_refs = ?, \
             error_message = ?, error_kind = ?, error_traceback = ?, metadata = ? WHERE id = ?",
        );
        floor
    }

    fn connect(path: &Path) -> Handle {
        let c_path = CString::new(path.to_str().unwrap()).unwrap();
        let mut db = ptr::null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: valid C string and out-pointer; closed by the checkpointer thread.
        let rc = unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, flags, ptr::null()) };
        assert_eq!(rc, ffi::SQLITE_OK);
        Handle(db)
    }

    /// The page size, journal mode and synchronous setting in effect (to print beside the figure).
    pub fn settings(&self) -> String {
        format!(
            "page_size={} journal_mode={} synchronous={}",
            self.query("PRAGMA page_size"),
            self.query("PRAGMA journal_mode"),
            self.query("PRAGMA synchronous")
        )
    }

    /// Runs `tasks` floor tasks; returns the time per task in µs.
    pub fn run(&mut self, tasks: u64) -> f64 {
        let started = Instant::now();
        for _ in 0..tasks {
            self.task();
        }
        started.elapsed().as_secs_f64() * 1e6 / tasks as f64
    }

    /// SQLite's own rate for group-committed tasks: `tasks` tasks whose `running` rows are
    /// committed `batch` at a time, then their final rows `batch` at a time (as fanned-out
    /// tasks share the audit writer's commits). Returns tasks per second.
    pub fn run_grouped(&mut self, tasks: u64, batch: u64) -> f64 {
        let started = Instant::now();
        let mut done = 0;
        while done < tasks {
            let n = batch.min(tasks - done);
            self.exec("BEGIN IMMEDIATE");
            for i in 0..n {
                self.insert_row(self.next + 1 + i);
            }
            self.exec("COMMIT");
            self.exec("BEGIN IMMEDIATE");
            for i in 0..n {
                self.finish_row(self.next + 1 + i);
            }
            self.exec("COMMIT");
            self.next += n;
            done += n;
        }
        tasks as f64 / started.elapsed().as_secs_f64()
    }

    /// One task: the `running` row committed, then the final row committed.
    fn task(&mut self) {
        self.next += 1;
        self.insert_row(self.next);
        self.finish_row(self.next);
    }

    fn insert_row(&self, n: u64) {
        let (id, call, input, started, hash) = Self::values(n);
        let flow = "0190c0de-0000-7000-a000-000000000001";
        let owner = "0190c0de-0000-7000-b000-000000000001";
        let meta = "{\"flow_attempt\":1}";
        use V::*;
        self.step(
            self.insert,
            &[
                Text(&id),
                Text("trivial"),
                Text("trivial"),
                Text("running"),
                Text(&started),
                Null,
                Null,
                Text("bench"),
                Int(1),
                Text(flow),
                Text(&call),
                Int(1),
                Text(&input),
                Text(&hash),
                Null,
                Text("[]"),
                Null,
                Null,
                Null,
                Text("[]"),
                Text(meta),
                Null,
                Null,
                Text(owner),
            ],
        );
    }

    fn finish_row(&self, n: u64) {
        let (id, _, input, started, _) = Self::values(n);
        let meta = "{\"flow_attempt\":1}";
        use V::*;
        self.step(
            self.update,
            &[
                Text("success"),
                Text(&started),
                Int(0),
                Text(&input),
                Text("[]"),
                Null,
                Null,
                Null,
                Text(meta),
                Text(&id),
            ],
        );
    }

    /// A task's values, of the lengths the engine writes: UUIDs (36), µs timestamps (27), a
    /// SHA-256 (64).
    fn values(n: u64) -> (String, String, String, String, String) {
        (
            format!("0190c0de-0000-7000-8000-{n:012}"),
            format!("0190c0de-0000-7000-9000-{n:012}"),
            format!("{{\"n\":{}}}", n % 1000),
            format!("2026-12-01T09:00:00.{:06}Z", n % 1_000_000),
            format!("{:064x}", n),
        )
    }

    fn step(&self, stmt: *mut ffi::sqlite3_stmt, values: &[V]) {
        // SAFETY: stmt is a live statement of this connection; text is copied (TRANSIENT).
        unsafe {
            for (i, v) in values.iter().enumerate() {
                let at = (i + 1) as c_int;
                let rc = match v {
                    V::Null => ffi::sqlite3_bind_null(stmt, at),
                    V::Int(x) => ffi::sqlite3_bind_int64(stmt, at, *x),
                    V::Text(s) => ffi::sqlite3_bind_text(
                        stmt,
                        at,
                        s.as_ptr().cast(),
                        s.len() as c_int,
                        ffi::SQLITE_TRANSIENT(),
                    ),
                };
                assert_eq!(rc, ffi::SQLITE_OK);
            }
            let rc = ffi::sqlite3_step(stmt);
            assert_eq!(rc, ffi::SQLITE_DONE, "{}", self.errmsg());
            ffi::sqlite3_reset(stmt);
        }
    }

    fn prepare(&self, sql: &str) -> *mut ffi::sqlite3_stmt {
        let c_sql = CString::new(sql).unwrap();
        let mut stmt = ptr::null_mut();
        // SAFETY: db is open; stmt is finalized in Drop (or is a one-off finalized by the caller).
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
        assert_eq!(rc, ffi::SQLITE_OK, "{}", self.errmsg());
        stmt
    }

    fn exec(&self, sql: &str) {
        let c_sql = CString::new(sql).unwrap();
        // SAFETY: db is open; no callback.
        let rc =
            unsafe { ffi::sqlite3_exec(self.db, c_sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut()) };
        assert_eq!(rc, ffi::SQLITE_OK, "{}", self.errmsg());
    }

    fn query(&self, sql: &str) -> String {
        let stmt = self.prepare(sql);
        // SAFETY: stmt is live; the column text is copied before finalize.
        unsafe {
            assert_eq!(ffi::sqlite3_step(stmt), ffi::SQLITE_ROW);
            let text =
                CStr::from_ptr(ffi::sqlite3_column_text(stmt, 0).cast()).to_string_lossy().into_owned();
            ffi::sqlite3_finalize(stmt);
            text
        }
    }

    fn errmsg(&self) -> String {
        // SAFETY: db is open; the message is owned by SQLite.
        unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(self.db)).to_string_lossy().into_owned() }
    }
}

impl Drop for Floor {
    fn drop(&mut self) {
        // SAFETY: each handle is released once.
        unsafe {
            ffi::sqlite3_finalize(self.insert);
            ffi::sqlite3_finalize(self.update);
            ffi::sqlite3_close(self.db);
        }
        // The hook is gone with the connection: dropping the sender ends the checkpointer.
        self.wake = None;
        if let Some(thread) = self.checkpointer.take() {
            thread.join().unwrap();
        }
    }
}

/// A connection handed to the checkpointer thread.
struct Handle(*mut ffi::sqlite3);
// SAFETY: opened NOMUTEX and used by one thread only (the checkpointer).
unsafe impl Send for Handle {}
