//! Context detection. The engine keeps the current flow run / task run in a tokio task-local
//! (the Rust analogue of Prefect's `FlowRunContext.get()`): an operation executed inside a flow
//! records `orchestrated = true` and both ids; one called directly records `orchestrated =
//! false`. The log-capture layer reads the same task-local to file log lines under their run.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::Engine;

tokio::task_local! {
    static CURRENT: RunScope;
}

/// What is running right now, as far as the current tokio task knows.
#[derive(Clone)]
pub(crate) struct RunScope {
    pub engine: Engine,
    pub flow: Option<Arc<FlowScope>>,
    /// The TaskRun row of the operation attempt being executed, if any.
    pub task_run_id: Option<String>,
}

/// A completed task call, by the key restart-from-failure and flow retries match on.
#[derive(Clone, Debug)]
pub(crate) struct CompletedCall {
    pub task_run_row: String,
    pub output: Value,
}

/// State shared by everything running inside one flow run.
pub(crate) struct FlowScope {
    pub flow_run_id: String,
    pub flow_name: String,
    pub deployment_id: Option<String>,
    pub parameters: Value,
    pub actor: String,
    pub cancel: CancellationToken,
    /// In-flight task calls (sequential and submitted); waited for before the run ends.
    pub tracker: TaskTracker,
    /// One slot per submitted task call that may run at once ([`crate::FlowMeta`]'s
    /// `task_concurrency`); a submitted call waits for one before it starts.
    pub task_slots: std::sync::Arc<tokio::sync::Semaphore>,
    /// The flow function's attempt number (1 + flow retries used).
    pub attempt: Mutex<u32>,
    /// Results of task calls completed by an earlier attempt or by the run this one restarts,
    /// keyed by (task name, input hash), consumed in call order.
    pub reuse: Mutex<HashMap<(String, String), VecDeque<CompletedCall>>>,
    /// Task calls completed during the current attempt (feeds `reuse` on a flow retry); kept
    /// only when the flow has retries.
    pub completed: Mutex<Vec<((String, String), CompletedCall)>>,
    /// Whether the flow may run again (it has retries): only then are completed calls kept.
    pub may_retry: bool,
}

impl FlowScope {
    pub fn take_reusable(&self, task_name: &str, input_hash: &str) -> Option<CompletedCall> {
        let mut reuse = self.reuse.lock().expect("reuse lock");
        if reuse.is_empty() {
            return None;
        }
        let key = (task_name.to_owned(), input_hash.to_owned());
        let queue = reuse.get_mut(&key)?;
        let hit = queue.pop_front();
        if queue.is_empty() {
            reuse.remove(&key);
        }
        hit
    }

    pub fn record_completed(&self, task_name: &str, input_hash: &str, call: CompletedCall) {
        self.completed
            .lock()
            .expect("completed lock")
            .push(((task_name.to_owned(), input_hash.to_owned()), call));
    }

    /// Before a flow retry: what the failed attempt completed becomes reusable.
    pub fn carry_over_completed(&self) {
        let completed = std::mem::take(&mut *self.completed.lock().expect("completed lock"));
        let mut reuse = self.reuse.lock().expect("reuse lock");
        reuse.clear();
        for (key, call) in completed {
            reuse.entry(key).or_default().push_back(call);
        }
    }

    pub fn attempt(&self) -> u32 {
        *self.attempt.lock().expect("attempt lock")
    }
}

/// The scope of the current tokio task, if it runs inside the engine.
pub(crate) fn current() -> Option<RunScope> {
    CURRENT.try_with(|scope| scope.clone()).ok()
}

/// Runs `fut` with `scope` as the current run scope.
pub(crate) async fn scoped<F: std::future::Future>(scope: RunScope, fut: F) -> F::Output {
    CURRENT.scope(scope, fut).await
}

/// Reads the ids of the current run scope without cloning the engine (log capture).
pub(crate) fn with_current<R>(f: impl FnOnce(&RunScope) -> R) -> Option<R> {
    CURRENT.try_with(f).ok()
}
