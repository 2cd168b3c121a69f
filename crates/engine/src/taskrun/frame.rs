//! The TaskRun rows of one operation call. A [`CallFrame`] holds what every row of a call
//! shares (ids, names, actor, input, tags) and derives from it the row written before an
//! attempt, the `cached` row of a cache hit or reused result, the TaskRun events and the
//! call's outcome, so the executor ([`crate::task`]) only decides *when* rows are written.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::clock::to_db;
use crate::context::{CompletedCall, FlowScope};
use crate::engine::CallOutcome;
use crate::store::{new_id, Write};
use crate::taskrun::TaskRunRow;
use crate::{Engine, EngineEvent, ErrorKind, OpError, TaskRunStatus};

/// What every row of one call carries unchanged, shared by its rows (one allocation per call,
/// not one per column and row).
#[derive(Debug)]
pub(crate) struct CallRecord {
    pub(crate) call_id: String,
    pub(crate) task_name: String,
    pub(crate) operation_name: String,
    pub(crate) actor: String,
    pub(crate) orchestrated: bool,
    pub(crate) flow_run_id: Option<String>,
    pub(crate) input_dump: String,
    pub(crate) input_hash: String,
    pub(crate) tags: String,
    pub(crate) replay_of: Option<String>,
    pub(crate) owner: String,
}

/// Everything about a call that every one of its rows shares.
pub(crate) struct CallFrame {
    pub(crate) engine: Engine,
    pub(crate) flow: Option<Arc<FlowScope>>,
    pub(crate) call: Arc<CallRecord>,
}

impl CallFrame {
    pub(crate) fn row(
        &self,
        id: &str,
        attempt: u32,
        status: TaskRunStatus,
        started_at: String,
    ) -> TaskRunRow {
        TaskRunRow {
            call: self.call.clone(),
            id: id.to_owned(),
            status: status.as_str(),
            started_at,
            finished_at: None,
            duration_ms: None,
            attempt,
            output: None,
            error_message: None,
            error_kind: None,
            error_traceback: None,
            metadata: "{}".into(),
            cache_key: None,
        }
    }

    pub(crate) fn metadata(&self, extra: serde_json::Map<String, Value>) -> String {
        if extra.is_empty() {
            // The common case, written directly (as serde_json would write it).
            return match &self.flow {
                Some(flow) => format!("{{\"flow_attempt\":{}}}", flow.attempt()),
                None => "{}".into(),
            };
        }
        let mut meta = extra;
        if let Some(flow) = &self.flow {
            meta.insert("flow_attempt".into(), json!(flow.attempt()));
        }
        Value::Object(meta).to_string()
    }

    /// Writes a finished `cached` row (cache hit or a reused result) and returns its outcome.
    pub(crate) async fn record_cached(
        &self,
        output: Value,
        cache_key: Option<String>,
        meta: Value,
    ) -> CallOutcome {
        let id = new_id();
        let now = to_db(self.engine.clock().now());
        let mut row = self.row(&id, 1, TaskRunStatus::Cached, now.clone());
        row.finished_at = Some(now);
        row.duration_ms = Some(0);
        row.output = Some(output.to_string());
        row.cache_key = cache_key;
        row.metadata = self.metadata(meta.as_object().cloned().unwrap_or_default());
        if let Err(e) = write_audit(&self.engine, Write::InsertTaskRun(Box::new(row))).await {
            return self.outcome(&id, 1, Err(audit_error(e)));
        }
        self.completed(&id, &output);
        self.engine.emit(|| self.finished_event(&id, 1, TaskRunStatus::Cached, 0, None));
        CallOutcome {
            taskrun_id: id,
            call_id: self.call.call_id.clone(),
            status: TaskRunStatus::Cached,
            attempts: 1,
            output: Some(output),
            error: None,
        }
    }

    pub(crate) fn started_event(&self, id: &str, attempt: u32) -> EngineEvent {
        EngineEvent::TaskRunStarted {
            taskrun_id: id.to_owned(),
            flow_run_id: self.call.flow_run_id.clone(),
            task_name: self.call.task_name.clone(),
            operation_name: self.call.operation_name.clone(),
            attempt,
        }
    }

    pub(crate) fn finished_event(
        &self,
        id: &str,
        attempt: u32,
        status: TaskRunStatus,
        duration_ms: i64,
        error: Option<String>,
    ) -> EngineEvent {
        EngineEvent::TaskRunFinished {
            taskrun_id: id.to_owned(),
            flow_run_id: self.call.flow_run_id.clone(),
            task_name: self.call.task_name.clone(),
            operation_name: self.call.operation_name.clone(),
            attempt,
            status,
            duration_ms,
            error,
        }
    }

    /// Remembers a completed call for the flow's next attempt (flows with retries only).
    pub(crate) fn completed(&self, row_id: &str, output: &Value) {
        if let Some(flow) = self.flow.as_ref().filter(|f| f.may_retry) {
            let call = CompletedCall { task_run_row: row_id.to_owned(), output: output.clone() };
            flow.record_completed(&self.call.task_name, &self.call.input_hash, call);
        }
    }

    pub(crate) fn outcome(&self, row_id: &str, attempts: u32, result: Result<Value, OpError>) -> CallOutcome {
        let (status, output, error) = match result {
            Ok(v) => (TaskRunStatus::Success, Some(v), None),
            Err(e) => (failure_status(e.kind), None, Some(e)),
        };
        CallOutcome {
            taskrun_id: row_id.to_owned(),
            call_id: self.call.call_id.clone(),
            status,
            attempts,
            output,
            error,
        }
    }
}

pub(crate) fn failure_status(kind: ErrorKind) -> TaskRunStatus {
    match kind {
        ErrorKind::TimedOut => TaskRunStatus::TimedOut,
        ErrorKind::Cancelled => TaskRunStatus::Cancelled,
        _ => TaskRunStatus::Failed,
    }
}

pub(crate) fn audit_error(e: crate::EngineError) -> OpError {
    OpError::from(e).with_traceback("the TaskRun audit row could not be written; the operation was not run")
}

/// Pauses before the retries of a TaskRun write that failed: a batch rolled back because of
/// another write in it, a disk that was full for a moment, a lock held past the busy wait.
const AUDIT_RETRY_DELAYS: [Duration; 4] = [
    Duration::from_millis(10),
    Duration::from_millis(50),
    Duration::from_millis(200),
    Duration::from_millis(500),
];

/// Writes a TaskRun row, retrying a failed write a few times with the write the writer hands
/// back; returns the last error once the retries are spent. A failed write committed nothing
/// (the writer rolls back the whole batch), so a retry never writes a row twice.
pub(crate) async fn write_audit(engine: &Engine, mut write: Write) -> crate::Result<()> {
    let mut delays = AUDIT_RETRY_DELAYS.iter();
    loop {
        match engine.store().write_or_return(write).await {
            Ok(()) => return Ok(()),
            Err((e, back)) => match (delays.next(), back) {
                (Some(delay), Some(back)) => {
                    tracing::warn!(error = %e, "TaskRun audit write failed; retrying in {delay:?}");
                    tokio::time::sleep(*delay).await;
                    write = back;
                }
                _ => return Err(e),
            },
        }
    }
}
