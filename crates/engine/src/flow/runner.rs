//! Starting and driving flow runs. A run is recorded before it starts (Running now, or
//! Scheduled for later and claimed when due), registered as active in this process, then
//! driven: the flow function runs under its run scope with flow-level retries, the timeout
//! and cancellation, and every state change is recorded and emitted.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::FutureExt;

use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::control::Restart;
use super::{ErasedFlow, Flow, FlowContext, FlowRunRow, FlowRunUpdate};
use crate::clock::to_db;
use crate::context::{self, FlowScope, RunScope};
use crate::operation::OpData;
use crate::store::{new_id, Write};
use crate::{Engine, EngineError, EngineEvent, ErrorKind, OpError, Result, State, StateType};

/// How a flow run was started.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// manual | schedule | cli | restart | ...
    pub trigger: String,
    /// Who started it: `cli`, `desktop`, `scheduler`, ...
    pub actor: String,
    pub deployment_id: Option<String>,
}

impl RunOptions {
    pub fn new(trigger: &str, actor: &str) -> Self {
        Self { trigger: trigger.to_owned(), actor: actor.to_owned(), deployment_id: None }
    }
}

/// The end of a flow run.
#[derive(Debug, Clone, Serialize)]
pub struct FlowRunOutcome {
    pub flow_run_id: String,
    pub state: State,
    pub result: Option<Value>,
    pub error: Option<String>,
}

/// A flow run started in the background.
pub struct FlowRunHandle {
    pub flow_run_id: String,
    join: tokio::task::JoinHandle<FlowRunOutcome>,
}

impl FlowRunHandle {
    pub async fn wait(self) -> FlowRunOutcome {
        let id = self.flow_run_id;
        self.join.await.unwrap_or_else(|e| FlowRunOutcome {
            flow_run_id: id,
            state: State::crashed(),
            result: None,
            error: Some(format!("the flow run's task died: {e}")),
        })
    }
}

impl Engine {
    /// Runs `flow` with typed parameters and waits for the end.
    pub async fn run_flow<P: OpData, R: OpData>(
        &self,
        flow: &Flow<P, R>,
        params: P,
        opts: RunOptions,
    ) -> Result<FlowRunOutcome> {
        let params = serde_json::to_value(params)
            .map_err(|e| EngineError::Invalid(format!("flow parameters do not serialize: {e}")))?;
        Ok(self.start_flow(flow.erased(), params, opts, None).await?.wait().await)
    }

    /// Runs the registered flow `name` with JSON parameters and waits for the end.
    pub async fn run_flow_json(&self, name: &str, params: Value, opts: RunOptions) -> Result<FlowRunOutcome> {
        Ok(self.start_flow_json(name, params, opts).await?.wait().await)
    }

    /// Starts the registered flow `name` in the background; the run exists when this returns.
    pub async fn start_flow_json(
        &self,
        name: &str,
        params: Value,
        opts: RunOptions,
    ) -> Result<FlowRunHandle> {
        let flow = self.registry().flow(name).ok_or_else(|| EngineError::UnknownFlow(name.to_owned()))?;
        self.start_flow(flow, params, opts, None).await
    }

    pub(super) async fn start_flow(
        &self,
        flow: Arc<dyn ErasedFlow>,
        params: Value,
        opts: RunOptions,
        restart: Option<Restart>,
    ) -> Result<FlowRunHandle> {
        let params = flow.normalize(&params).map_err(|e| EngineError::Invalid(e.message))?;
        let id = new_id();
        let now = to_db(self.clock().now());
        // A restart keeps the tags the run it restarts had.
        let tags = match &restart {
            Some(r) => r.tags.clone(),
            None => self.tags_for(flow.as_ref(), &opts).await?,
        };
        let row = FlowRunRow {
            state_type: StateType::Running.as_str(),
            state_name: "Running".into(),
            started_at: Some(now),
            restarted_from: restart.as_ref().map(|r| r.from.clone()),
            owner: Some(self.instance_id().to_owned()),
            ..self.flow_run_row(&id, flow.as_ref(), &params, &opts, &tags)
        };
        self.store().write(Write::InsertFlowRun(Box::new(row))).await?;
        Ok(self.launch(flow, id, params, opts, restart))
    }

    /// Creates a flow run of the registered flow `name` in state Scheduled, due at
    /// `expected_start`, and returns its id. Nothing runs until [`Engine::start_scheduled`]
    /// claims it (the scheduler does, at its time); `cancel_flow_run` cancels it before.
    pub async fn schedule_flow_run(
        &self,
        name: &str,
        params: Value,
        opts: RunOptions,
        expected_start: chrono::DateTime<chrono::Utc>,
    ) -> Result<String> {
        let flow = self.registry().flow(name).ok_or_else(|| EngineError::UnknownFlow(name.to_owned()))?;
        let params = flow.normalize(&params).map_err(|e| EngineError::Invalid(e.message))?;
        let id = new_id();
        let tags = self.tags_for(flow.as_ref(), &opts).await?;
        let row = FlowRunRow {
            expected_start_time: Some(to_db(expected_start)),
            ..self.flow_run_row(&id, flow.as_ref(), &params, &opts, &tags)
        };
        self.store().write(Write::InsertFlowRun(Box::new(row))).await?;
        Ok(id)
    }

    /// The tags of a new run: its deployment's (read now), then its flow's.
    async fn tags_for(&self, flow: &dyn ErasedFlow, opts: &RunOptions) -> Result<Vec<String>> {
        let deployment_tags = match &opts.deployment_id {
            Some(id) => self.deployment_tags(id).await?,
            None => None,
        };
        Ok(self.run_tags(deployment_tags.as_deref(), &flow.meta().name))
    }

    /// A new flow-run row in state Scheduled, created now, owned by nobody yet.
    fn flow_run_row(
        &self,
        id: &str,
        flow: &dyn ErasedFlow,
        params: &Value,
        opts: &RunOptions,
        tags: &[String],
    ) -> FlowRunRow {
        FlowRunRow {
            id: id.to_owned(),
            flow_name: flow.meta().name.clone(),
            deployment_id: opts.deployment_id.clone(),
            trigger: opts.trigger.clone(),
            actor: opts.actor.clone(),
            parameters: params.to_string(),
            state_type: StateType::Scheduled.as_str(),
            state_name: "Scheduled".into(),
            created_at: to_db(self.clock().now()),
            started_at: None,
            restarted_from: None,
            owner: None,
            expected_start_time: None,
            state_message: None,
            tags: serde_json::to_string(tags).unwrap_or_else(|_| "[]".into()),
        }
    }

    /// Starts the Scheduled flow run `flow_run_id` in this process. The row is claimed first
    /// (Scheduled -> Running, owned by this engine) in one conditional update, so a run is
    /// started once even when two processes (the desktop app and `serve`) try at once; the
    /// loser gets [`EngineError::Conflict`]. The run then behaves exactly like one started
    /// with [`Engine::start_flow_json`] (same states, TaskRun trail, retries, cancellation).
    pub async fn start_scheduled(&self, flow_run_id: &str) -> Result<FlowRunHandle> {
        let run = self.store().get_flow_run(flow_run_id).await?;
        if run.state_type != StateType::Scheduled {
            return Err(EngineError::Conflict(format!(
                "flow run '{flow_run_id}' is {}, not Scheduled",
                run.state_name
            )));
        }
        let flow = self
            .registry()
            .flow(&run.flow_name)
            .ok_or_else(|| EngineError::UnknownFlow(run.flow_name.clone()))?;
        if !self.store().claim_scheduled(flow_run_id, self.instance_id(), self.clock().now()).await? {
            return Err(EngineError::Conflict(format!(
                "flow run '{flow_run_id}' was started or cancelled by someone else"
            )));
        }
        let opts = RunOptions { trigger: run.trigger, actor: run.actor, deployment_id: run.deployment_id };
        Ok(self.launch(flow, run.id, run.parameters, opts, None))
    }

    /// Registers the (already recorded, Running) run `id` as active here and drives it.
    fn launch(
        &self,
        flow: Arc<dyn ErasedFlow>,
        id: String,
        params: Value,
        opts: RunOptions,
        restart: Option<Restart>,
    ) -> FlowRunHandle {
        let cancel = CancellationToken::new();
        self.register_active(&id, cancel.clone());
        let scope = Arc::new(FlowScope {
            flow_run_id: id.clone(),
            flow_name: flow.meta().name.clone(),
            deployment_id: opts.deployment_id.clone(),
            parameters: params.clone(),
            actor: opts.actor.clone(),
            cancel,
            tracker: TaskTracker::new(),
            task_slots: Arc::new(tokio::sync::Semaphore::new(flow.meta().task_concurrency.max(1))),
            attempt: Mutex::new(0),
            reuse: Mutex::new(restart.map(|r| r.reuse).unwrap_or_default()),
            completed: Mutex::new(Vec::new()),
            may_retry: flow.meta().retries > 0,
        });
        let engine = self.clone();
        let join = tokio::spawn(async move {
            let outcome = engine.drive(flow, scope, params).await;
            engine.unregister_active(&outcome.flow_run_id);
            outcome
        });
        FlowRunHandle { flow_run_id: id, join }
    }

    /// Runs the flow function (with retries and timeout) and records the final state.
    #[tracing::instrument(skip_all, fields(flow = %flow.meta().name, flow_run_id = %scope.flow_run_id))]
    async fn drive(&self, flow: Arc<dyn ErasedFlow>, scope: Arc<FlowScope>, params: Value) -> FlowRunOutcome {
        let meta = flow.meta().clone();
        let started = Instant::now();
        let deadline = meta.timeout.map(|t| tokio::time::Instant::now() + t);
        let mut attempt = 0;
        let (state, result, error) = loop {
            attempt += 1;
            *scope.attempt.lock().expect("attempt lock") = attempt;
            let state = if attempt == 1 { State::running() } else { State::retrying() };
            self.set_flow_state(&scope, &state, Some(attempt)).await;

            let ctx = FlowContext { engine: self.clone(), scope: scope.clone() };
            let run_scope = RunScope { engine: self.clone(), flow: Some(scope.clone()), task_run_id: None };
            // A panic in the flow function ends the run (Failed), not the task driving it.
            let fut = AssertUnwindSafe(context::scoped(run_scope, flow.run_json(ctx, params.clone())))
                .catch_unwind();
            let sleep_until_deadline = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            let ended = tokio::select! {
                r = fut => match r {
                    Ok(r) => Ended::Returned(r),
                    Err(payload) => Ended::Panicked(panic_text(payload)),
                },
                _ = scope.cancel.cancelled() => Ended::Cancelled,
                _ = sleep_until_deadline => Ended::TimedOut,
            };
            match ended {
                Ended::Returned(Ok(value)) => {
                    scope.tracker.close();
                    scope.tracker.wait().await;
                    break (State::completed(), Some(value), None);
                }
                Ended::Returned(Err(err))
                    if err.kind == ErrorKind::Cancelled || scope.cancel.is_cancelled() =>
                {
                    self.stop_tasks(&scope).await;
                    break (State::cancelled(), None, Some(err.message));
                }
                Ended::Returned(Err(err)) => {
                    // Let tasks the flow function left running finish before deciding.
                    scope.tracker.close();
                    scope.tracker.wait().await;
                    scope.tracker.reopen();
                    // Bad parameters or a permanent refusal fail the same way again: no retry.
                    let hopeless = matches!(err.kind, ErrorKind::Invalid | ErrorKind::Permanent);
                    if attempt > meta.retries || hopeless {
                        break (State::failed(), None, Some(err.message));
                    }
                    tracing::warn!(attempt, error = %err, "flow run failed; retrying in {:?}", meta.retry_delay);
                    scope.carry_over_completed();
                    let cancelled = tokio::select! {
                        _ = tokio::time::sleep(meta.retry_delay) => false,
                        _ = scope.cancel.cancelled() => true,
                    };
                    if cancelled {
                        break (State::cancelled(), None, Some("cancelled while waiting to retry".into()));
                    }
                }
                Ended::Panicked(message) => {
                    // A bug, not bad luck: no retry. Tasks it started finish first.
                    scope.tracker.close();
                    scope.tracker.wait().await;
                    tracing::error!(%message, "the flow function panicked");
                    break (State::failed(), None, Some(format!("the flow panicked: {message}")));
                }
                Ended::Cancelled => {
                    self.stop_tasks(&scope).await;
                    break (State::cancelled(), None, Some("the flow run was cancelled".into()));
                }
                Ended::TimedOut => {
                    // No retry after a timeout: the time limit covers every try together.
                    self.stop_tasks(&scope).await;
                    let limit = limit_text(meta.timeout.unwrap_or_default());
                    break (
                        State::timed_out(),
                        None,
                        Some(format!("stopped: it ran longer than its time limit of {limit}")),
                    );
                }
            }
        };
        let duration_ms = started.elapsed().as_millis() as i64;
        let update = FlowRunUpdate {
            id: scope.flow_run_id.clone(),
            state_type: state.kind.as_str(),
            state_name: state.name.clone(),
            finished_at: Some(to_db(self.clock().now())),
            duration_ms: Some(duration_ms),
            result: result.as_ref().map(Value::to_string),
            error: error.clone(),
            // Why it ended so, for the user; the other endings say it in `error` alone.
            state_message: (state.name == "TimedOut").then(|| error.clone()).flatten(),
            ..Default::default()
        };
        self.record_final_state(update).await;
        self.emit_flow_state(&scope, &state, error.clone());
        match state.kind {
            StateType::Completed => tracing::info!(duration_ms, "flow run completed"),
            _ => {
                tracing::warn!(duration_ms, state = %state.name, error = error.as_deref().unwrap_or(""), "flow run ended")
            }
        }
        FlowRunOutcome { flow_run_id: scope.flow_run_id.clone(), state, result, error }
    }

    /// Writes a flow run's final state, trying again a few times when the database is busy or
    /// the write fails: a run whose end is not recorded would look Running until its process
    /// exits.
    async fn record_final_state(&self, update: FlowRunUpdate) {
        let mut delay = Duration::from_millis(50);
        for attempt in 1..=FINAL_WRITE_ATTEMPTS {
            match self.store().write(Write::UpdateFlowRun(Box::new(update.clone()))).await {
                Ok(()) => return,
                Err(e) if attempt < FINAL_WRITE_ATTEMPTS => {
                    tracing::warn!(error = %e, attempt, "could not record the end of the flow run; trying again");
                    tokio::time::sleep(delay).await;
                    delay *= 4;
                }
                Err(e) => tracing::error!(error = %e, "could not record the end of the flow run"),
            }
        }
    }

    /// Cancels in-flight tasks and waits until each has finalised its TaskRun row.
    async fn stop_tasks(&self, scope: &FlowScope) {
        scope.cancel.cancel();
        scope.tracker.close();
        scope.tracker.wait().await;
    }

    async fn set_flow_state(&self, scope: &FlowScope, state: &State, run_count: Option<u32>) {
        let update = FlowRunUpdate {
            id: scope.flow_run_id.clone(),
            state_type: state.kind.as_str(),
            state_name: state.name.clone(),
            run_count,
            ..Default::default()
        };
        if let Err(e) = self.store().write(Write::UpdateFlowRun(Box::new(update))).await {
            tracing::error!(error = %e, "could not record a flow run state change");
        }
        self.emit_flow_state(scope, state, None);
    }

    fn emit_flow_state(&self, scope: &FlowScope, state: &State, error: Option<String>) {
        self.emit(|| EngineEvent::FlowRunState {
            flow_run_id: scope.flow_run_id.clone(),
            flow_name: scope.flow_name.clone(),
            deployment_id: scope.deployment_id.clone(),
            state: state.clone(),
            error,
        });
    }
}

/// How often the final state of a flow run is tried before giving up (then the run ends
/// Crashed when its process exits: see crash recovery).
const FINAL_WRITE_ATTEMPTS: u32 = 4;

/// A time limit in words for a state message: `1h`, `90s`, `200ms`.
fn limit_text(limit: Duration) -> String {
    if limit < Duration::from_secs(1) {
        return format!("{}ms", limit.as_millis());
    }
    crate::schedule::format_duration(limit)
}

/// The text of a panic's payload.
fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".into())
}

enum Ended {
    /// The flow function panicked (with this message).
    Panicked(String),
    Returned(std::result::Result<Value, OpError>),
    Cancelled,
    TimedOut,
}
