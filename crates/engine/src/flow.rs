//! Layer 3: flows. A flow is an async function with typed parameters that calls tasks in
//! sequence or fans them out, branches on their results and returns a typed result. The
//! engine gives each execution a flow run with a state (type + name), flow-level retries and
//! timeout, cancellation of in-flight tasks, captured logs, and restart from failure.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::FutureExt;
use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::clock::to_db;
use crate::context::{self, CompletedCall, FlowScope, RunScope};
use crate::operation::{from_value, OpData};
use crate::store::{FlowRunRow, FlowRunUpdate, Write};
use crate::task::new_id;
use crate::{
    Engine, EngineError, EngineEvent, ErrorKind, OpError, Result, State, StateType, Task, TaskFuture,
};

/// What the registry says about a flow.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlowMeta {
    pub name: String,
    pub description: String,
    /// Flow-level retries: the whole function runs again (completed task calls are reused).
    pub retries: u32,
    pub retry_delay: Duration,
    pub timeout: Option<Duration>,
}

type FlowFn<P, R> =
    dyn Fn(FlowContext, P) -> BoxFuture<'static, std::result::Result<R, OpError>> + Send + Sync;

/// A typed flow. Cheap to clone; register it or run it with [`Engine::run_flow`].
pub struct Flow<P, R> {
    meta: Arc<FlowMeta>,
    f: Arc<FlowFn<P, R>>,
}

impl<P, R> Clone for Flow<P, R> {
    fn clone(&self) -> Self {
        Self { meta: self.meta.clone(), f: self.f.clone() }
    }
}

impl<P: OpData, R: OpData> Flow<P, R> {
    pub fn new<F, Fut>(name: &str, f: F) -> Self
    where
        F: Fn(FlowContext, P) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<R, OpError>> + Send + 'static,
    {
        let meta = FlowMeta { name: name.to_owned(), ..Default::default() };
        Self { meta: Arc::new(meta), f: Arc::new(move |ctx, params| f(ctx, params).boxed()) }
    }
    pub fn description(mut self, description: &str) -> Self {
        Arc::make_mut(&mut self.meta).description = description.to_owned();
        self
    }
    pub fn retries(mut self, retries: u32, delay: Duration) -> Self {
        let meta = Arc::make_mut(&mut self.meta);
        meta.retries = retries;
        meta.retry_delay = delay;
        self
    }
    pub fn timeout(mut self, timeout: Duration) -> Self {
        Arc::make_mut(&mut self.meta).timeout = Some(timeout);
        self
    }
    pub fn name(&self) -> &str {
        &self.meta.name
    }
    pub fn erased(&self) -> Arc<dyn ErasedFlow> {
        Arc::new(self.clone())
    }
}

/// A flow seen through JSON (registry, CLI, UI forms, deployments).
pub trait ErasedFlow: Send + Sync + 'static {
    fn meta(&self) -> &FlowMeta;
    fn parameters_schema(&self) -> Value;
    fn result_schema(&self) -> Value;
    /// Checks `params` against the parameter type (the error names the field) and returns
    /// them with defaults filled in, as the run records them.
    fn normalize(&self, params: &Value) -> std::result::Result<Value, OpError>;
    fn run_json(
        &self,
        ctx: FlowContext,
        params: Value,
    ) -> BoxFuture<'static, std::result::Result<Value, OpError>>;
}

impl<P: OpData, R: OpData> ErasedFlow for Flow<P, R> {
    fn meta(&self) -> &FlowMeta {
        &self.meta
    }
    fn parameters_schema(&self) -> Value {
        schemars::schema_for!(P).to_value()
    }
    fn result_schema(&self) -> Value {
        schemars::schema_for!(R).to_value()
    }
    fn normalize(&self, params: &Value) -> std::result::Result<Value, OpError> {
        let typed = from_value::<P>(params)?;
        serde_json::to_value(typed)
            .map_err(|e| OpError::internal(format!("parameters do not serialize: {e}")))
    }
    fn run_json(
        &self,
        ctx: FlowContext,
        params: Value,
    ) -> BoxFuture<'static, std::result::Result<Value, OpError>> {
        let f = self.f.clone();
        async move {
            let params = from_value::<P>(&params)?;
            let result = f(ctx, params).await?;
            serde_json::to_value(result)
                .map_err(|e| OpError::internal(format!("flow result does not serialize: {e}")))
        }
        .boxed()
    }
}

/// Handed to a flow function: runs and submits tasks inside this flow run.
#[derive(Clone)]
pub struct FlowContext {
    engine: Engine,
    scope: Arc<FlowScope>,
}

impl FlowContext {
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
    pub fn flow_run_id(&self) -> &str {
        &self.scope.flow_run_id
    }
    pub fn flow_name(&self) -> &str {
        &self.scope.flow_name
    }
    pub fn parameters(&self) -> &Value {
        &self.scope.parameters
    }
    /// Whether the run was cancelled (or timed out); long flow code may check it.
    pub fn is_cancelled(&self) -> bool {
        self.scope.cancel.is_cancelled()
    }
    /// Runs `task` and waits for its result.
    pub async fn run<I: OpData, O: OpData>(
        &self,
        task: &Task<I, O>,
        input: I,
    ) -> std::result::Result<O, OpError> {
        task.call(&self.engine, input).await
    }
    /// Starts `task` concurrently; await the returned future (fan-out, then join).
    pub fn submit<I: OpData, O: OpData>(&self, task: &Task<I, O>, input: I) -> TaskFuture<O> {
        task.submit(&self.engine, input)
    }
}

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

/// What `cancel_flow_run` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelOutcome {
    /// Running in this process; its tasks were told to stop.
    Cancelling,
    /// Running in another process, which was asked to stop it.
    Requested,
    /// It had not started; it is now Cancelled.
    Cancelled,
    /// It had already finished.
    AlreadyFinished,
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

    /// Re-runs a finished, unsuccessful flow run as a new run (`restarted_from`): task calls
    /// that completed in it return their persisted result; only the failed and the not-yet-run
    /// steps execute.
    pub async fn restart_flow_run(&self, flow_run_id: &str, opts: RunOptions) -> Result<FlowRunOutcome> {
        Ok(self.start_restart_flow_run(flow_run_id, opts).await?.wait().await)
    }

    /// [`Engine::restart_flow_run`] in the background: the new run exists when this returns.
    pub async fn start_restart_flow_run(&self, flow_run_id: &str, opts: RunOptions) -> Result<FlowRunHandle> {
        let old = self.store().get_flow_run(flow_run_id).await?;
        if !old.state_type.is_terminal() {
            return Err(EngineError::Conflict(format!(
                "flow run '{flow_run_id}' is {} and cannot be restarted until it ends",
                old.state_name
            )));
        }
        if old.state_type == StateType::Completed {
            return Err(EngineError::Conflict(format!(
                "flow run '{flow_run_id}' completed; there is nothing to restart (run the flow again instead)"
            )));
        }
        let flow = self
            .registry()
            .flow(&old.flow_name)
            .ok_or_else(|| EngineError::UnknownFlow(old.flow_name.clone()))?;
        let mut reuse: HashMap<(String, String), std::collections::VecDeque<CompletedCall>> = HashMap::new();
        for tr in self.store().task_runs_of_flow_run(flow_run_id).await? {
            let last_attempt =
                tr.metadata.get("flow_attempt").and_then(Value::as_u64) == Some(old.run_count as u64);
            let done = matches!(tr.status, crate::TaskRunStatus::Success | crate::TaskRunStatus::Cached);
            if let (true, true, Some(output)) = (done, last_attempt, tr.output) {
                let call = CompletedCall { task_run_row: tr.id, output };
                reuse.entry((tr.task_name, tr.input_hash)).or_default().push_back(call);
            }
        }
        let opts = RunOptions { deployment_id: old.deployment_id.clone(), ..opts };
        let restart = Restart { from: old.id, reuse };
        self.start_flow(flow, old.parameters, opts, Some(restart)).await
    }

    /// Cancels a flow run, wherever it runs.
    pub async fn cancel_flow_run(&self, flow_run_id: &str) -> Result<CancelOutcome> {
        if let Some(token) = self.active_token(flow_run_id) {
            token.cancel();
            return Ok(CancelOutcome::Cancelling);
        }
        let run = self.store().get_flow_run(flow_run_id).await?;
        match run.state_type {
            t if t.is_terminal() => Ok(CancelOutcome::AlreadyFinished),
            StateType::Scheduled => {
                // Conditional: a scheduler may claim the run at this very moment.
                if self.store().cancel_scheduled(flow_run_id, self.clock().now()).await? {
                    return Ok(CancelOutcome::Cancelled);
                }
                if let Some(token) = self.active_token(flow_run_id) {
                    token.cancel();
                    return Ok(CancelOutcome::Cancelling);
                }
                let run = self.store().get_flow_run(flow_run_id).await?;
                if run.state_type.is_terminal() {
                    return Ok(CancelOutcome::AlreadyFinished);
                }
                self.store().request_cancel(flow_run_id).await?;
                Ok(CancelOutcome::Requested)
            }
            _ => {
                self.store().request_cancel(flow_run_id).await?;
                Ok(CancelOutcome::Requested)
            }
        }
    }

    /// For a clean stop (`serve` on SIGTERM, the desktop app quitting): lets the flow runs
    /// executing in this process finish within `grace`, then cancels the rest and waits until
    /// they have ended (Cancelled, their TaskRuns finalised), so none is left Running. Returns
    /// the ids of the runs it cancelled.
    pub async fn wind_down(&self, grace: Duration) -> Result<Vec<String>> {
        let deadline = tokio::time::Instant::now() + grace;
        while !self.active_flow_runs().is_empty() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let cancelled = self.active_flow_runs();
        for id in &cancelled {
            tracing::warn!(flow_run_id = %id, "cancelling a run still in progress at shutdown");
            self.cancel_flow_run(id).await?;
        }
        while !self.active_flow_runs().is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.store().flush().await?;
        Ok(cancelled)
    }

    async fn start_flow(
        &self,
        flow: Arc<dyn ErasedFlow>,
        params: Value,
        opts: RunOptions,
        restart: Option<Restart>,
    ) -> Result<FlowRunHandle> {
        let params = flow.normalize(&params).map_err(|e| EngineError::Invalid(e.message))?;
        let id = new_id();
        let now = to_db(self.clock().now());
        let row = FlowRunRow {
            state_type: StateType::Running.as_str(),
            state_name: "Running".into(),
            started_at: Some(now),
            restarted_from: restart.as_ref().map(|r| r.from.clone()),
            owner: Some(self.instance_id().to_owned()),
            ..self.flow_run_row(&id, flow.as_ref(), &params, &opts)
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
        let row = FlowRunRow {
            expected_start_time: Some(to_db(expected_start)),
            ..self.flow_run_row(&id, flow.as_ref(), &params, &opts)
        };
        self.store().write(Write::InsertFlowRun(Box::new(row))).await?;
        Ok(id)
    }

    /// A new flow-run row in state Scheduled, created now, owned by nobody yet.
    fn flow_run_row(&self, id: &str, flow: &dyn ErasedFlow, params: &Value, opts: &RunOptions) -> FlowRunRow {
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
            attempt: Mutex::new(0),
            reuse: Mutex::new(restart.map(|r| r.reuse).unwrap_or_default()),
            completed: Mutex::new(Vec::new()),
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
            let fut = context::scoped(run_scope, flow.run_json(ctx, params.clone()));
            let sleep_until_deadline = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            let ended = tokio::select! {
                r = fut => Ended::Returned(r),
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
                    if attempt > meta.retries {
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
                Ended::Cancelled => {
                    self.stop_tasks(&scope).await;
                    break (State::cancelled(), None, Some("the flow run was cancelled".into()));
                }
                Ended::TimedOut => {
                    self.stop_tasks(&scope).await;
                    let limit = meta.timeout.unwrap_or_default();
                    break (
                        State::timed_out(),
                        None,
                        Some(format!("the flow run exceeded its timeout of {limit:?}")),
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
            ..Default::default()
        };
        if let Err(e) = self.store().write(Write::UpdateFlowRun(Box::new(update))).await {
            tracing::error!(error = %e, "could not record the end of the flow run");
        }
        self.emit_flow_state(&scope, &state, error.clone());
        match state.kind {
            StateType::Completed => tracing::info!(duration_ms, "flow run completed"),
            _ => {
                tracing::warn!(duration_ms, state = %state.name, error = error.as_deref().unwrap_or(""), "flow run ended")
            }
        }
        FlowRunOutcome { flow_run_id: scope.flow_run_id.clone(), state, result, error }
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

enum Ended {
    Returned(std::result::Result<Value, OpError>),
    Cancelled,
    TimedOut,
}

struct Restart {
    from: String,
    reuse: HashMap<(String, String), std::collections::VecDeque<CompletedCall>>,
}
