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

use std::ffi::c_int;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::audit_keys::{Sweep, SWEEP_EVERY, SWEEP_EVERY_CONTENDED};
use super::sqlite::{Bind, RawConnection, SqlError};
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

/// The writer's answer to a request: committed, or why not, with the write handed back (a
/// caller that tries again needs no copy of it).
type Answer = std::result::Result<(), (String, Write)>;

/// Most requests committed in one transaction.
const MAX_BATCH: usize = 512;

/// How long a write waits for another process to release the database's write lock.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// WAL size (frames of one page) past which the checkpointer thread is woken: SQLite's own
/// automatic checkpoint threshold.
const CHECKPOINT_FRAMES: c_int = 1000;

/// WAL size past which the writer checkpoints itself after a commit, as SQLite would, because
/// the checkpointer has not kept up (about 16 MB of 4 KiB pages).
const INLINE_CHECKPOINT_FRAMES: c_int = 4000;

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

/// The prepared statements of the writer connection (the transaction's own too: preparing
/// `BEGIN` and `COMMIT` from text for every batch costs more than the insert).
struct Statements {
    begin: usize,
    commit: usize,
    rollback: usize,
    insert_task_run: usize,
    finish_task_run: usize,
    insert_flow_run: usize,
    update_flow_run: usize,
    insert_log: usize,
    cache_put: usize,
}

impl Statements {
    fn prepare(conn: &mut RawConnection) -> std::result::Result<Self, SqlError> {
        Ok(Self {
            begin: conn.prepare("BEGIN IMMEDIATE")?,
            commit: conn.prepare("COMMIT")?,
            rollback: conn.prepare("ROLLBACK")?,
            insert_task_run: conn.prepare(
                "INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, \
                 duration_ms, actor, orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, \
                 output, result_refs, error_message, error_kind, error_traceback, tags, metadata, cache_key, \
                 replay_of, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            )?,
            finish_task_run: conn.prepare(
                "UPDATE task_runs SET status = ?, finished_at = ?, duration_ms = ?, output = ?, \
                 result_refs = ?, error_message = ?, error_kind = ?, error_traceback = ?, metadata = ? \
                 WHERE id = ?",
            )?,
            insert_flow_run: conn.prepare(
                "INSERT INTO flow_runs (id, flow_name, deployment_id, trigger, actor, parameters, \
                 state_type, state_name, created_at, started_at, restarted_from, owner, \
                 expected_start_time, state_message, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            )?,
            update_flow_run: conn.prepare(
                "UPDATE flow_runs SET state_type = ?, state_name = ?, \
                 started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), \
                 duration_ms = COALESCE(?, duration_ms), result = COALESCE(?, result), \
                 error = COALESCE(?, error), run_count = COALESCE(?, run_count), \
                 state_message = COALESCE(?, state_message) WHERE id = ?",
            )?,
            insert_log: conn.prepare(
                "INSERT INTO run_logs (flow_run_id, task_run_id, ts, level, target, message) VALUES (?,?,?,?,?,?)",
            )?,
            cache_put: conn.prepare(
                "INSERT INTO result_cache (cache_key, value, created_at, expires_at) VALUES (?,?,?,?) \
                 ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, \
                 created_at = excluded.created_at, expires_at = excluded.expires_at",
            )?,
        })
    }
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
                if shared.contended() {
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
            Ok(Ok(())) => Ok(()),
            Ok(Err((msg, write))) => Err((EngineError::Writer(msg), Some(write))),
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

/// Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint runs on the
/// connection that commits, inside its commit, every 1,000 frames: copying the pages into the
/// database and two fsyncs, a pause of milliseconds for whichever task's row happened to
/// commit then. Here a thread with its own connection runs a passive checkpoint when the WAL
/// passes [`CHECKPOINT_FRAMES`]; a commit never waits for it. Durability is unchanged: a
/// commit is durable once it is in the WAL, whether or not it has been copied yet. Should the
/// thread fall behind (the WAL past [`INLINE_CHECKPOINT_FRAMES`]), or not start, the writer
/// checkpoints after its commit as SQLite would have. The thread ends with the writer's
/// connection (the hook holds the only sender).
fn checkpointer(path: &Path) -> super::sqlite::WalHook {
    let (wake, woken) = mpsc::sync_channel::<()>(1);
    let conn = RawConnection::open(path, 0);
    let started = conn.map_err(|e| e.message).and_then(|conn| {
        std::thread::Builder::new()
            .name("jobhunter-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    if let Err(e) = conn.checkpoint_passive() {
                        // Busy: another connection is checkpointing; the next wake tries again.
                        tracing::debug!(error = %e, "background checkpoint did not run");
                    }
                }
            })
            .map_err(|e| e.to_string())
    });
    if let Err(e) = &started {
        tracing::warn!(error = %e, "no checkpoint thread; the audit writer checkpoints after its commits");
    }
    let background = started.is_ok();
    Box::new(move |frames| {
        if !background {
            return frames >= CHECKPOINT_FRAMES;
        }
        if frames >= INLINE_CHECKPOINT_FRAMES {
            return true;
        }
        if frames >= CHECKPOINT_FRAMES {
            // Full means a wake is already pending.
            let _ = wake.try_send(());
        }
        false
    })
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
            let _ = ack.send(Err((message.to_owned(), req.write)));
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
        let _ = ack.send(res.map_err(|message| (message, req.write)));
    }
}

fn apply(conn: &RawConnection, st: &Statements, write: &Write) -> std::result::Result<(), SqlError> {
    match write {
        Write::InsertTaskRun(r) => conn.execute(
            st.insert_task_run,
            &[
                r.id.val(),
                r.call.operation_name.val(),
                r.call.task_name.val(),
                r.status.val(),
                r.started_at.val(),
                r.finished_at.val(),
                r.duration_ms.val(),
                r.call.actor.val(),
                r.call.orchestrated.val(),
                r.call.flow_run_id.val(),
                r.call.call_id.val(),
                r.attempt.val(),
                r.call.input_dump.val(),
                r.call.input_hash.val(),
                r.output.val(),
                r.result_refs.val(),
                r.error_message.val(),
                r.error_kind.val(),
                r.error_traceback.val(),
                r.call.tags.val(),
                r.metadata.val(),
                r.cache_key.val(),
                r.call.replay_of.val(),
                r.call.owner.val(),
            ],
        ),
        Write::FinishTaskRun(r) => conn.execute(
            st.finish_task_run,
            &[
                r.status.val(),
                r.finished_at.val(),
                r.duration_ms.val(),
                r.output.val(),
                r.result_refs.val(),
                r.error_message.val(),
                r.error_kind.val(),
                r.error_traceback.val(),
                r.metadata.val(),
                r.id.val(),
            ],
        ),
        Write::InsertFlowRun(r) => conn.execute(
            st.insert_flow_run,
            &[
                r.id.val(),
                r.flow_name.val(),
                r.deployment_id.val(),
                r.trigger.val(),
                r.actor.val(),
                r.parameters.val(),
                r.state_type.val(),
                r.state_name.val(),
                r.created_at.val(),
                r.started_at.val(),
                r.restarted_from.val(),
                r.owner.val(),
                r.expected_start_time.val(),
                r.state_message.val(),
                r.tags.val(),
            ],
        ),
        Write::UpdateFlowRun(u) => conn.execute(
            st.update_flow_run,
            &[
                u.state_type.val(),
                u.state_name.val(),
                u.started_at.val(),
                u.finished_at.val(),
                u.duration_ms.val(),
                u.result.val(),
                u.error.val(),
                u.run_count.val(),
                u.state_message.val(),
                u.id.val(),
            ],
        ),
        Write::Log(l) => conn.execute(
            st.insert_log,
            &[
                l.flow_run_id.val(),
                l.task_run_id.val(),
                l.ts.val(),
                l.level.val(),
                l.target.val(),
                l.message.val(),
            ],
        ),
        Write::CachePut { key, value, created_at, expires_at } => {
            conn.execute(st.cache_put, &[key.val(), value.val(), created_at.val(), expires_at.val()])
        }
        Write::Flush | Write::SweepKeys => Ok(()),
    }
}

#[cfg(test)]
mod tests;
