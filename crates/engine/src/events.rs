//! Live events: what the engine did, as it does it. The desktop shell forwards them to the UI
//! (live run views without polling); notification rules and the scheduler react to flow-run
//! state changes. Events are best effort (a slow subscriber misses old ones: `Lagged`); the
//! database stays the record of truth.

use serde::Serialize;
use tokio::sync::broadcast;

use crate::{State, TaskRunStatus};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A flow run entered a state (Running, Retrying, Completed, Failed, Crashed, ...).
    FlowRunState {
        flow_run_id: String,
        flow_name: String,
        deployment_id: Option<String>,
        state: State,
        error: Option<String>,
    },
    /// A TaskRun row was written as running (an attempt started).
    TaskRunStarted {
        taskrun_id: String,
        flow_run_id: Option<String>,
        task_name: String,
        operation_name: String,
        attempt: u32,
    },
    /// An attempt ended (or a cached/reused result was recorded).
    TaskRunFinished {
        taskrun_id: String,
        flow_run_id: Option<String>,
        task_name: String,
        operation_name: String,
        attempt: u32,
        status: TaskRunStatus,
        duration_ms: i64,
        error: Option<String>,
    },
    /// A log line captured inside a run.
    Log { flow_run_id: Option<String>, taskrun_id: Option<String>, level: String, message: String },
}

/// The sending side, owned by the engine.
pub(crate) struct EventBus {
    tx: broadcast::Sender<EngineEvent>,
}

impl EventBus {
    pub fn new() -> Self {
        Self { tx: broadcast::channel(4096).0 }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.tx.subscribe()
    }

    /// Sends the event built by `make`, which is not even called when nobody listens.
    pub fn emit(&self, make: impl FnOnce() -> EngineEvent) {
        if self.tx.receiver_count() > 0 {
            let _ = self.tx.send(make());
        }
    }
}
