//! The audit writer. All TaskRun, flow-run, log and cache writes go through one connection.
//!
//! Writes are *combined*: a caller queues its request; if nobody is writing, it becomes the
//! writer and commits everything queued (its own request and any that arrive meanwhile) in one
//! transaction, then hands over. So a lone sequential task pays one SQLite statement on its own
//! thread, with no thread hop (a hop costs more than the insert), and thousands of fanned-out
//! tasks share group commits. While other operation calls are under way (fanned out, or other
//! flows), the writer about to commit first lets the tasks ready to run on its thread queue
//! their rows (one `yield_now`), so a batch holds hundreds of rows instead of the few that
//! happened to arrive during the previous commit. A caller that awaits [`Writer::write`]
//! resumes only after its row is committed.
//!
//! The inline writer never waits for another process's write lock on an async thread: it asks
//! SQLite not to wait, and when the lock is taken it moves the draining to a blocking thread
//! that waits (up to [`BUSY_WAIT`]) instead.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use self::checkpoint::checkpointer;
use self::statements::{apply, Statements};
use super::audit_keys::{Sweep, SWEEP_EVERY, SWEEP_EVERY_CONTENDED};
use super::sqlite::{RawConnection, SqlError};
use crate::flow::{FlowRunRow, FlowRunUpdate};
use crate::taskrun::{TaskRunFinish, TaskRunRow};
use crate::{EngineError, Result};

#[derive(Debug, Clone)]
pub(crate) struct LogRow {
    pub flow_run_id: Option<String>,
    pub task_run_id: Option<String>,
    pub ts: String,
    pub level: &'static str,
    pub target: String,
    pub message: String,
}

#[derive(Debug)]
pub(crate) enum Write {
    InsertTaskRun(Box<TaskRunRow>),
    FinishTaskRun(Box<TaskRunFinish>),
    InsertFlowRun(Box<FlowRunRow>),
    UpdateFlowRun(Box<FlowRunUpdate>),
    Log(Box<LogRow>),
    CachePut {
        key: String,
        value: String,
        created_at: String,
        expires_at: Option<String>,
    },
    /// Does nothing; acknowledged once everything queued before it is committed.
    Flush,
    /// Records the audit keys of every TaskRun not yet keyed (`audit_keys`), whatever their
    /// number; the writer otherwise does so every [`SWEEP_EVERY`] TaskRuns of its own.
    SweepKeys,
}

struct Request {
    write: Write,
    ack: Option<oneshot::Sender<Answer>>,
}

/// The writer's answer to a request: committed, or why not; with the write handed back either
/// way (a caller that tries again needs no copy of it, and a committed write is freed by its
/// caller's thread, not by the writer's, which every other write waits on).
type Answer = (std::result::Result<(), String>, Write);

/// Most requests committed in one transaction.
const MAX_BATCH: usize = 512;

/// How long a write waits for another process to release the database's write lock.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// Handle to the writer. Cloning shares it.
#[derive(Clone)]
pub(crate) struct Writer {
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Queue>,
    conn: Mutex<Connection>,
    /// Operation calls under way ([`Writer::call_started`]), each about to write its rows.
    calls: AtomicUsize,
}

#[derive(Default)]
struct Queue {
    requests: Vec<Request>,
    /// Someone is draining the queue (inline or on a blocking thread).
    draining: bool,
    /// Batches taken so far (each one transaction).
    batches: u64,
}

struct Connection {
    raw: RawConnection,
    st: Statements,
    sweep: Sweep,
    /// TaskRuns this writer committed since its last batch of audit keys.
    unswept: u32,
}

/// Where a drain runs: on the caller's thread (never waits for locks) or a blocking thread.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Inline,
    Blocking,
}

impl Writer {
    /// Opens the writer's own connection to the (already migrated) database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let fail = |e: SqlError| EngineError::Writer(e.message);
        let mut raw = RawConnection::open(path, 0).map_err(fail)?;
        let st = Statements::prepare(&mut raw).map_err(fail)?;
        let sweep = Sweep::prepare(&mut raw).map_err(fail)?;
        raw.on_wal_commit(checkpointer(path));
        let conn = Connection { raw, st, sweep, unswept: 0 };
        let shared = Shared {
            queue: Mutex::new(Queue::default()),
            conn: Mutex::new(conn),
            calls: AtomicUsize::new(0),
        };
        Ok(Self { shared: Arc::new(shared) })
    }

    /// Queues `write` and waits until it is committed.
    pub async fn write(&self, write: Write) -> Result<()> {
        self.write_or_return(write).await.map_err(|(e, _)| e)
    }

    /// As [`Writer::write`], handing the write back when it was not committed (none when the
    /// request itself was lost, which a panic inside the writer would do).
    pub async fn write_or_return(
        &self,
        write: Write,
    ) -> std::result::Result<(), (EngineError, Option<Write>)> {
        let (ack, done) = oneshot::channel();
        if self.enqueue(Request { write, ack: Some(ack) }) {
            let mut drainer = DrainOnDrop(Some(self.shared.clone()));
            while let Some(shared) = &drainer.0 {
                if shared.worth_gathering() {
                    // Other calls are under way: let the tasks ready to run on this thread
                    // queue their rows first, so that they share this commit instead of each
                    // paying for one of their own. A lone call commits at once.
                    tokio::task::yield_now().await;
                }
                if !shared.drain_batch(Mode::Inline) {
                    drainer.0 = None;
                }
            }
        }
        match done.await {
            Ok((Ok(()), _)) => Ok(()),
            Ok((Err(msg), write)) => Err((EngineError::Writer(msg), Some(write))),
            Err(_) => Err((EngineError::Writer("the audit writer dropped the request".into()), None)),
        }
    }

    /// Counts an operation call as under way until the returned guard is dropped. While more
    /// than one is, a writer that is to commit first lets the others' rows join its batch.
    pub fn call_started(&self) -> CallUnderWay {
        self.shared.calls.fetch_add(1, Ordering::Relaxed);
        CallUnderWay(self.shared.clone())
    }

    /// Queues `write` without waiting for it (log lines).
    pub fn write_detached(&self, write: Write) {
        self.submit(Request { write, ack: None });
    }

    fn submit(&self, request: Request) {
        if self.enqueue(request) {
            self.shared.drain(Mode::Inline);
        }
    }

    /// Queues `request`; returns whether the caller must drain the queue (nobody else is).
    fn enqueue(&self, request: Request) -> bool {
        let mut queue = self.shared.queue.lock().expect("writer queue lock");
        queue.requests.push(request);
        !std::mem::replace(&mut queue.draining, true)
    }
}

/// An operation call under way ([`Writer::call_started`]).
pub(crate) struct CallUnderWay(Arc<Shared>);

impl Drop for CallUnderWay {
    fn drop(&mut self) {
        self.0.calls.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Drains the queue when dropped still holding it: a writer whose future is dropped while it
/// waits to drain must not leave the queue marked as being drained.
struct DrainOnDrop(Option<Arc<Shared>>);

impl Drop for DrainOnDrop {
    fn drop(&mut self) {
        if let Some(shared) = self.0.take() {
            shared.drain(Mode::Inline);
        }
    }
}

impl Shared {
    /// Commits queued requests until the queue is empty; only one drain runs at a time.
    fn drain(self: &Arc<Self>, mode: Mode) {
        while self.drain_batch(mode) {}
    }

    /// Commits one batch of queued requests; returns whether this drainer goes on (false once
    /// the queue is empty, or when the draining moved to a blocking thread).
    fn drain_batch(self: &Arc<Self>, mode: Mode) -> bool {
        let mut batch = {
            let mut queue = self.queue.lock().expect("writer queue lock");
            if queue.requests.is_empty() {
                queue.draining = false;
                return false;
            }
            let take = queue.requests.len().min(MAX_BATCH);
            queue.batches += 1;
            queue.requests.drain(..take).collect::<Vec<_>>()
        };
        let mut conn = self.conn.lock().expect("writer connection lock");
        match begin(&conn, mode) {
            Ok(()) => commit_batch(&mut conn, &mut batch, self.contended()),
            Err(e) if e.is_busy() && mode == Mode::Inline => {
                // Another process holds the write lock: wait for it off the async threads.
                drop(conn);
                self.requeue_front(batch);
                let shared = self.clone();
                match tokio::runtime::Handle::try_current() {
                    Ok(handle) => {
                        handle.spawn_blocking(move || shared.drain(Mode::Blocking));
                    }
                    Err(_) => shared.drain(Mode::Blocking),
                }
                return false;
            }
            Err(e) => fail_all(&mut batch, &e.message),
        }
        true
    }

    /// Whether other operation calls are under way: their rows can share the next commit.
    fn contended(&self) -> bool {
        self.calls.load(Ordering::Relaxed) > 1
    }

    /// Whether a writer about to commit should first let other rows join the batch: other
    /// calls are under way and the queue holds less than a quarter of a batch (a longer queue
    /// is committed at once: the writer is what every one of them waits for).
    fn worth_gathering(&self) -> bool {
        self.contended() && self.queue.lock().expect("writer queue lock").requests.len() < MAX_BATCH / 4
    }

    fn requeue_front(&self, batch: Vec<Request>) {
        let mut queue = self.queue.lock().expect("writer queue lock");
        let rest = std::mem::take(&mut queue.requests);
        queue.requests = batch;
        queue.requests.extend(rest);
    }
}

/// `BEGIN IMMEDIATE`: inline it fails at once when the lock is taken; blocking, it waits.
fn begin(conn: &Connection, mode: Mode) -> std::result::Result<(), SqlError> {
    if mode == Mode::Inline {
        return conn.raw.execute(conn.st.begin, &[]);
    }
    let deadline = Instant::now() + BUSY_WAIT;
    loop {
        match conn.raw.execute(conn.st.begin, &[]) {
            Err(e) if e.is_busy() && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2))
            }
            other => return other,
        }
    }
}

fn fail_all(batch: &mut Vec<Request>, message: &str) {
    for req in batch.drain(..) {
        if let Some(ack) = req.ack {
            let _ = ack.send((Err(message.to_owned()), req.write));
        }
    }
}

/// Applies every request inside the open transaction, commits, then acknowledges each.
///
/// All or nothing: the first statement that fails ends the batch. Its transaction is rolled
/// back (SQLite may already have rolled it back itself, e.g. on a full disk or a trigger's
/// `RAISE(ROLLBACK)`; the statements after it would then commit one by one outside any
/// transaction), the requests after it are not applied, and every waiter of the batch gets
/// the error: no caller is told "committed" for a row that is not there, nor "failed" for one
/// that is. Callers that must not lose their row (the executor's TaskRun writes) retry.
fn commit_batch(conn: &mut Connection, batch: &mut Vec<Request>, contended: bool) {
    let size = batch.len();
    let mut failed = None;
    let (mut inserted, mut sweep) = (0, false);
    for (i, req) in batch.iter().enumerate() {
        inserted += u32::from(matches!(req.write, Write::InsertTaskRun(_)));
        sweep |= matches!(req.write, Write::SweepKeys);
        if let Err(e) = apply(&conn.raw, &conn.st, &req.write) {
            failed = Some((i, e.message));
            break;
        }
    }
    let mut unswept = conn.unswept + inserted;
    let due = if contended { SWEEP_EVERY_CONTENDED } else { SWEEP_EVERY };
    if failed.is_none() && (sweep || unswept >= due) {
        match conn.sweep.run(&conn.raw) {
            Ok(()) => unswept = 0,
            Err(e) => {
                tracing::warn!(error = %e, "the audit keys were not recorded; the next batch tries again")
            }
        }
    }
    let outcome = match &failed {
        None => conn.raw.execute(conn.st.commit, &[]).map_err(|e| format!("commit failed: {e}")),
        Some((_, e)) => Err(e.clone()),
    };
    if outcome.is_ok() {
        conn.unswept = unswept;
    }
    if let Err(e) = &outcome {
        // Fails harmlessly when SQLite already rolled the transaction back.
        let _ = conn.raw.execute(conn.st.rollback, &[]);
        tracing::warn!(error = %e, batch = size, "audit write failed; its whole batch was rolled back");
    }
    for (i, req) in batch.drain(..).enumerate() {
        let Some(ack) = req.ack else { continue };
        let res = match (&outcome, &failed) {
            (Ok(()), _) => Ok(()),
            (Err(e), Some((bad, _))) if *bad == i => Err(e.clone()),
            (Err(e), Some(_)) => {
                Err(format!("rolled back with its batch because another audit write failed: {e}"))
            }
            (Err(e), None) => Err(e.clone()),
        };
        let _ = ack.send((res, req.write));
    }
}

mod checkpoint;
mod statements;
#[cfg(test)]
mod tests;
