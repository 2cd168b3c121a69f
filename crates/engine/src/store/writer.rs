//! The single audit writer. All TaskRun, flow-run, log and cache writes go through one
//! connection owned by one tokio task. Requests that queue up while a write is in progress are
//! committed together in one transaction (group commit), which is what lets thousands of
//! fanned-out tasks per second each get a durable row without a transaction each. A caller that
//! awaits [`Writer::write`] resumes only after its row is committed.

use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use crate::{EngineError, Result};

/// One TaskRun row, every column, already encoded for SQLite.
#[derive(Debug, Clone)]
pub(crate) struct TaskRunRow {
    pub id: String,
    pub operation_name: String,
    pub task_name: String,
    pub status: &'static str,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub actor: String,
    pub orchestrated: bool,
    pub flow_run_id: Option<String>,
    pub task_run_id: String,
    pub attempt: u32,
    pub input_dump: String,
    pub input_hash: String,
    pub output: Option<String>,
    pub result_refs: String,
    pub error_message: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_traceback: Option<String>,
    pub tags: String,
    pub metadata: String,
    pub cache_key: Option<String>,
    pub replay_of: Option<String>,
    pub owner: String,
}

/// The columns that change when an attempt ends.
#[derive(Debug, Clone)]
pub(crate) struct TaskRunFinish {
    pub id: String,
    pub status: &'static str,
    pub finished_at: String,
    pub duration_ms: i64,
    pub output: Option<String>,
    pub result_refs: String,
    pub error_message: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_traceback: Option<String>,
    pub metadata: String,
}

#[derive(Debug, Clone)]
pub(crate) struct FlowRunRow {
    pub id: String,
    pub flow_name: String,
    pub deployment_id: Option<String>,
    pub trigger: String,
    pub actor: String,
    pub parameters: String,
    pub state_type: &'static str,
    pub state_name: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub restarted_from: Option<String>,
    pub owner: String,
}

/// A flow run's state change; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlowRunUpdate {
    pub id: String,
    pub state_type: &'static str,
    pub state_name: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub result: Option<String>,
    pub error: Option<String>,
    pub run_count: Option<u32>,
}

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
}

struct Request {
    write: Write,
    ack: Option<oneshot::Sender<std::result::Result<(), String>>>,
}

/// Handle to the writer task. Cloning shares the same writer.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::UnboundedSender<Request>,
}

/// Most requests committed in one transaction.
const MAX_BATCH: usize = 1024;

impl Writer {
    pub fn spawn(conn: SqliteConnection) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(conn, rx));
        Self { tx }
    }

    /// Queues `write` and waits until it is committed.
    pub async fn write(&self, write: Write) -> Result<()> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send(Request { write, ack: Some(ack) })
            .map_err(|_| EngineError::Writer("writer task is gone".into()))?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(msg)) => Err(EngineError::Writer(msg)),
            Err(_) => Err(EngineError::Writer("writer task dropped the request".into())),
        }
    }

    /// Queues `write` without waiting (log lines).
    pub fn write_detached(&self, write: Write) {
        let _ = self.tx.send(Request { write, ack: None });
    }
}

async fn run(mut conn: SqliteConnection, mut rx: mpsc::UnboundedReceiver<Request>) {
    let mut batch = Vec::with_capacity(64);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(req) => batch.push(req),
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, &mut batch).await;
    }
    let _ = conn.close().await;
}

async fn commit_batch(conn: &mut SqliteConnection, batch: &mut Vec<Request>) {
    if batch.len() == 1 {
        // Autocommit: one statement, one implicit transaction, one round trip.
        let req = batch.pop().expect("one request");
        let res = apply(conn, req.write).await.map_err(|e| e.to_string());
        if let Some(ack) = req.ack {
            let _ = ack.send(res);
        }
        return;
    }
    let mut results = Vec::with_capacity(batch.len());
    let began = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await;
    if let Err(e) = began {
        let msg = e.to_string();
        for req in batch.drain(..) {
            if let Some(ack) = req.ack {
                let _ = ack.send(Err(msg.clone()));
            }
        }
        return;
    }
    for req in batch.drain(..) {
        let res = apply(conn, req.write).await.map_err(|e| e.to_string());
        if let Err(e) = &res {
            tracing::warn!(error = %e, "audit write failed");
        }
        results.push((req.ack, res));
    }
    let committed = sqlx::query("COMMIT").execute(&mut *conn).await;
    for (ack, res) in results {
        let res = match (&committed, res) {
            (Err(e), _) => Err(format!("commit failed: {e}")),
            (Ok(_), r) => r,
        };
        if let Some(ack) = ack {
            let _ = ack.send(res);
        }
    }
    if committed.is_err() {
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
    }
}

async fn apply(conn: &mut SqliteConnection, write: Write) -> std::result::Result<(), sqlx::Error> {
    match write {
        Write::InsertTaskRun(r) => {
            sqlx::query(
                "INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, \
                 duration_ms, actor, orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, \
                 output, result_refs, error_message, error_kind, error_traceback, tags, metadata, cache_key, \
                 replay_of, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            )
            .bind(r.id)
            .bind(r.operation_name)
            .bind(r.task_name)
            .bind(r.status)
            .bind(r.started_at)
            .bind(r.finished_at)
            .bind(r.duration_ms)
            .bind(r.actor)
            .bind(r.orchestrated)
            .bind(r.flow_run_id)
            .bind(r.task_run_id)
            .bind(r.attempt)
            .bind(r.input_dump)
            .bind(r.input_hash)
            .bind(r.output)
            .bind(r.result_refs)
            .bind(r.error_message)
            .bind(r.error_kind)
            .bind(r.error_traceback)
            .bind(r.tags)
            .bind(r.metadata)
            .bind(r.cache_key)
            .bind(r.replay_of)
            .bind(r.owner)
            .execute(&mut *conn)
            .await?;
        }
        Write::FinishTaskRun(r) => {
            sqlx::query(
                "UPDATE task_runs SET status = ?, finished_at = ?, duration_ms = ?, output = ?, \
                 result_refs = ?, error_message = ?, error_kind = ?, error_traceback = ?, metadata = ? \
                 WHERE id = ?",
            )
            .bind(r.status)
            .bind(r.finished_at)
            .bind(r.duration_ms)
            .bind(r.output)
            .bind(r.result_refs)
            .bind(r.error_message)
            .bind(r.error_kind)
            .bind(r.error_traceback)
            .bind(r.metadata)
            .bind(r.id)
            .execute(&mut *conn)
            .await?;
        }
        Write::InsertFlowRun(r) => {
            sqlx::query(
                "INSERT INTO flow_runs (id, flow_name, deployment_id, trigger, actor, parameters, \
                 state_type, state_name, created_at, started_at, restarted_from, owner) \
                 VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            )
            .bind(r.id)
            .bind(r.flow_name)
            .bind(r.deployment_id)
            .bind(r.trigger)
            .bind(r.actor)
            .bind(r.parameters)
            .bind(r.state_type)
            .bind(r.state_name)
            .bind(r.created_at)
            .bind(r.started_at)
            .bind(r.restarted_from)
            .bind(r.owner)
            .execute(&mut *conn)
            .await?;
        }
        Write::UpdateFlowRun(u) => {
            sqlx::query(
                "UPDATE flow_runs SET state_type = ?, state_name = ?, \
                 started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), \
                 duration_ms = COALESCE(?, duration_ms), result = COALESCE(?, result), \
                 error = COALESCE(?, error), run_count = COALESCE(?, run_count) WHERE id = ?",
            )
            .bind(u.state_type)
            .bind(u.state_name)
            .bind(u.started_at)
            .bind(u.finished_at)
            .bind(u.duration_ms)
            .bind(u.result)
            .bind(u.error)
            .bind(u.run_count)
            .bind(u.id)
            .execute(&mut *conn)
            .await?;
        }
        Write::Log(l) => {
            sqlx::query(
                "INSERT INTO run_logs (flow_run_id, task_run_id, ts, level, target, message) VALUES (?,?,?,?,?,?)",
            )
            .bind(l.flow_run_id)
            .bind(l.task_run_id)
            .bind(l.ts)
            .bind(l.level)
            .bind(l.target)
            .bind(l.message)
            .execute(&mut *conn)
            .await?;
        }
        Write::CachePut { key, value, created_at, expires_at } => {
            sqlx::query(
                "INSERT INTO result_cache (cache_key, value, created_at, expires_at) VALUES (?,?,?,?) \
                 ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, \
                 created_at = excluded.created_at, expires_at = excluded.expires_at",
            )
            .bind(key)
            .bind(value)
            .bind(created_at)
            .bind(expires_at)
            .execute(&mut *conn)
            .await?;
        }
        Write::Flush => {}
    }
    Ok(())
}
