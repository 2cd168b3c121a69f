//! Layer 2: tasks. A [`Task`] is an operation plus a [`TaskPolicy`]. Executing one writes a
//! TaskRun row per attempt *before* the attempt starts (status `running`) and finalises it
//! after, applies retries/backoff/jitter, the per-attempt timeout, the result cache, the
//! concurrency limits of its tags, and inside a flow: cancellation, restart-from-failure reuse.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::{json, Value};

use crate::clock::to_db;
use crate::context::{self, CompletedCall, FlowScope, RunScope};
use crate::engine::CallOutcome;
use crate::fingerprint::{canonical_json, hash_parts};
use crate::operation::{from_value, ErasedOperation, OpContext, OpData, Operation};
use crate::policy::{CacheKeyPolicy, CachePolicy, RetryDelay};
use crate::store::{TaskRunFinish, TaskRunRow, Write};
use crate::{Engine, EngineEvent, ErrorKind, OpError, TaskPolicy, TaskRunStatus};

/// An operation with a policy. Cheap to clone.
pub struct Task<I, O> {
    op: Operation<I, O>,
    name: String,
    policy: Arc<TaskPolicy>,
}

impl<I, O> Clone for Task<I, O> {
    fn clone(&self) -> Self {
        Self { op: self.op.clone(), name: self.name.clone(), policy: self.policy.clone() }
    }
}

impl<I: OpData, O: OpData> Task<I, O> {
    /// A task named after its operation, with the default policy (one attempt).
    pub fn new(op: &Operation<I, O>) -> Self {
        Self { name: op.name().to_owned(), op: op.clone(), policy: Arc::new(TaskPolicy::default()) }
    }

    /// The task name (restart-from-failure and cache keys match on it).
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self
    }
    pub fn with_policy(mut self, policy: TaskPolicy) -> Self {
        self.policy = Arc::new(policy);
        self
    }
    fn edit(mut self, f: impl FnOnce(TaskPolicy) -> TaskPolicy) -> Self {
        self.policy = Arc::new(f((*self.policy).clone()));
        self
    }
    pub fn retries(self, retries: u32) -> Self {
        self.edit(|p| p.retries(retries))
    }
    pub fn retry_delay(self, delay: RetryDelay) -> Self {
        self.edit(|p| p.retry_delay(delay))
    }
    pub fn jitter(self, factor: f64) -> Self {
        self.edit(|p| p.jitter(factor))
    }
    pub fn retry_if(self, condition: impl Fn(&OpError) -> bool + Send + Sync + 'static) -> Self {
        self.edit(|p| p.retry_if(condition))
    }
    pub fn timeout(self, timeout: Duration) -> Self {
        self.edit(|p| p.timeout(timeout))
    }
    pub fn cache(self, key: CacheKeyPolicy, expiration: Option<Duration>) -> Self {
        self.edit(|p| p.cache(key, expiration))
    }
    pub fn tag(self, tag: &str) -> Self {
        self.edit(|p| p.tag(tag))
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn policy(&self) -> &TaskPolicy {
        &self.policy
    }
    pub fn operation(&self) -> &Operation<I, O> {
        &self.op
    }

    fn call_for(&self, input: I) -> Result<Call, OpError> {
        let input = serde_json::to_value(input).map_err(|e| {
            OpError::invalid(format!("input of task '{}' does not serialize: {e}", self.name))
        })?;
        Ok(Call {
            task_name: self.name.clone(),
            op: self.op.erased(),
            input,
            policy: self.policy.clone(),
            actor: None,
            replay_of: None,
        })
    }

    /// Runs the task and waits for its result. Inside a flow run (detected from the context)
    /// it is orchestrated: tracked, cancellable, recorded with the flow's ids.
    pub async fn call(&self, engine: &Engine, input: I) -> Result<O, OpError> {
        let call = self.call_for(input)?;
        typed(engine.execute_tracked(call).await)
    }

    /// Starts the task without waiting (`submit` in Prefect): fan out, then await the
    /// returned futures (e.g. with `futures::future::join_all`).
    pub fn submit(&self, engine: &Engine, input: I) -> TaskFuture<O> {
        let engine = engine.clone();
        let call = self.call_for(input);
        let fut = async move { typed(engine.execute_tracked(call?).await) };
        TaskFuture { inner: spawn_tracked(fut).boxed() }
    }
}

/// A submitted task's result.
pub struct TaskFuture<O> {
    inner: BoxFuture<'static, Result<O, OpError>>,
}

impl<O> Future for TaskFuture<O> {
    type Output = Result<O, OpError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

/// Spawns `fut` as its own tokio task, keeping the run scope (and the flow's tracker, so the
/// flow run waits for it and can cancel it).
fn spawn_tracked<T: Send + 'static>(
    fut: impl Future<Output = Result<T, OpError>> + Send + 'static,
) -> impl Future<Output = Result<T, OpError>> + Send + 'static {
    let handle = match context::current() {
        Some(scope) => match scope.flow.clone() {
            Some(flow) => flow.tracker.spawn(context::scoped(scope, fut)),
            None => tokio::spawn(context::scoped(scope, fut)),
        },
        None => tokio::spawn(fut),
    };
    async move {
        handle.await.unwrap_or_else(|e| Err(OpError::internal(format!("task execution was aborted: {e}"))))
    }
}

fn typed<O: OpData>(outcome: CallOutcome) -> Result<O, OpError> {
    if let Some(err) = outcome.error {
        return Err(err);
    }
    let output = outcome.output.unwrap_or(Value::Null);
    from_value(&output)
        .map_err(|e| OpError::internal(format!("output does not match its type: {}", e.message)))
}

/// One operation call as the executor sees it.
pub(crate) struct Call {
    pub task_name: String,
    pub op: Arc<dyn ErasedOperation>,
    pub input: Value,
    pub policy: Arc<TaskPolicy>,
    pub actor: Option<String>,
    pub replay_of: Option<String>,
}

/// Everything about a call that every one of its rows shares.
struct CallFrame {
    engine: Engine,
    flow: Option<Arc<FlowScope>>,
    call_id: String,
    task_name: String,
    operation_name: String,
    actor: String,
    input_dump: String,
    input_hash: String,
    tags: String,
    replay_of: Option<String>,
}

impl CallFrame {
    fn row(&self, id: &str, attempt: u32, status: TaskRunStatus, started_at: String) -> TaskRunRow {
        TaskRunRow {
            id: id.to_owned(),
            operation_name: self.operation_name.clone(),
            task_name: self.task_name.clone(),
            status: status.as_str(),
            started_at,
            finished_at: None,
            duration_ms: None,
            actor: self.actor.clone(),
            orchestrated: self.flow.is_some(),
            flow_run_id: self.flow.as_ref().map(|f| f.flow_run_id.clone()),
            task_run_id: self.call_id.clone(),
            attempt,
            input_dump: self.input_dump.clone(),
            input_hash: self.input_hash.clone(),
            output: None,
            result_refs: "[]".into(),
            error_message: None,
            error_kind: None,
            error_traceback: None,
            tags: self.tags.clone(),
            metadata: "{}".into(),
            cache_key: None,
            replay_of: self.replay_of.clone(),
            owner: self.engine.instance_id().to_owned(),
        }
    }

    fn metadata(&self, extra: serde_json::Map<String, Value>) -> String {
        let mut meta = extra;
        if let Some(flow) = &self.flow {
            meta.insert("flow_attempt".into(), json!(flow.attempt()));
        }
        Value::Object(meta).to_string()
    }

    /// Writes a finished `cached` row (cache hit or a reused result) and returns its outcome.
    async fn record_cached(&self, output: Value, cache_key: Option<String>, meta: Value) -> CallOutcome {
        let id = new_id();
        let now = to_db(self.engine.clock().now());
        let mut row = self.row(&id, 1, TaskRunStatus::Cached, now.clone());
        row.finished_at = Some(now);
        row.duration_ms = Some(0);
        row.output = Some(output.to_string());
        row.cache_key = cache_key;
        row.metadata = self.metadata(meta.as_object().cloned().unwrap_or_default());
        if let Err(e) = self.engine.store().write(Write::InsertTaskRun(Box::new(row))).await {
            return self.outcome(&id, 1, Err(audit_error(e)));
        }
        self.completed(&id, &output);
        self.engine.emit(|| self.finished_event(&id, 1, TaskRunStatus::Cached, 0, None));
        CallOutcome {
            taskrun_id: id,
            call_id: self.call_id.clone(),
            status: TaskRunStatus::Cached,
            attempts: 1,
            output: Some(output),
            error: None,
        }
    }

    fn started_event(&self, id: &str, attempt: u32) -> EngineEvent {
        EngineEvent::TaskRunStarted {
            taskrun_id: id.to_owned(),
            flow_run_id: self.flow.as_ref().map(|f| f.flow_run_id.clone()),
            task_name: self.task_name.clone(),
            operation_name: self.operation_name.clone(),
            attempt,
        }
    }

    fn finished_event(
        &self,
        id: &str,
        attempt: u32,
        status: TaskRunStatus,
        duration_ms: i64,
        error: Option<String>,
    ) -> EngineEvent {
        EngineEvent::TaskRunFinished {
            taskrun_id: id.to_owned(),
            flow_run_id: self.flow.as_ref().map(|f| f.flow_run_id.clone()),
            task_name: self.task_name.clone(),
            operation_name: self.operation_name.clone(),
            attempt,
            status,
            duration_ms,
            error,
        }
    }

    fn completed(&self, row_id: &str, output: &Value) {
        if let Some(flow) = &self.flow {
            let call = CompletedCall { task_run_row: row_id.to_owned(), output: output.clone() };
            flow.record_completed(&self.task_name, &self.input_hash, call);
        }
    }

    fn outcome(&self, row_id: &str, attempts: u32, result: Result<Value, OpError>) -> CallOutcome {
        let (status, output, error) = match result {
            Ok(v) => (TaskRunStatus::Success, Some(v), None),
            Err(e) => (failure_status(e.kind), None, Some(e)),
        };
        CallOutcome {
            taskrun_id: row_id.to_owned(),
            call_id: self.call_id.clone(),
            status,
            attempts,
            output,
            error,
        }
    }
}

fn failure_status(kind: ErrorKind) -> TaskRunStatus {
    match kind {
        ErrorKind::TimedOut => TaskRunStatus::TimedOut,
        ErrorKind::Cancelled => TaskRunStatus::Cancelled,
        _ => TaskRunStatus::Failed,
    }
}

fn audit_error(e: crate::EngineError) -> OpError {
    OpError::from(e).with_traceback("the TaskRun audit row could not be written; the operation was not run")
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn cache_key(policy: &CachePolicy, task_name: &str, input_dump: &str, flow: Option<&FlowScope>) -> String {
    match &policy.key {
        CacheKeyPolicy::Inputs => hash_parts(&["inputs", task_name, input_dump]),
        CacheKeyPolicy::InputsAndFlowParameters => {
            let params = flow.map(|f| canonical_json(&f.parameters)).unwrap_or_else(|| "null".into());
            hash_parts(&["inputs+params", task_name, input_dump, &params])
        }
        CacheKeyPolicy::Custom(f) => {
            let input: Value = serde_json::from_str(input_dump).unwrap_or(Value::Null);
            let params = flow.map(|f| f.parameters.clone()).unwrap_or(Value::Null);
            hash_parts(&["custom", task_name, &f(&input, &params)])
        }
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> OpError {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".into());
    OpError::internal(format!("the operation panicked: {msg}"))
        .with_traceback(format!("panic: {msg}\n(the panic hook printed the backtrace to stderr)"))
}

impl Engine {
    /// Executes `call`; inside a flow run, as a tracked tokio task that outlives a dropped
    /// caller long enough to finalise its TaskRun row.
    pub(crate) async fn execute_tracked(&self, call: Call) -> CallOutcome {
        let in_flow = context::with_current(|s| s.flow.is_some()).unwrap_or(false);
        if !in_flow {
            return self.execute(call).await;
        }
        let engine = self.clone();
        let task_name = call.task_name.clone();
        let res = spawn_tracked(async move { Ok::<_, OpError>(engine.execute(call).await) }).await;
        res.unwrap_or_else(|e| CallOutcome {
            taskrun_id: String::new(),
            call_id: String::new(),
            status: TaskRunStatus::Failed,
            attempts: 0,
            output: None,
            error: Some(OpError::internal(format!("task '{task_name}': {e}"))),
        })
    }

    /// The executor: reuse, cache, then attempts with retries. Always leaves TaskRun rows.
    #[tracing::instrument(skip_all, fields(task = %call.task_name))]
    pub(crate) async fn execute(&self, call: Call) -> CallOutcome {
        let scope = context::current();
        let flow = scope.and_then(|s| s.flow);
        let policy = call.policy.clone();
        let input_dump = canonical_json(&call.input);
        let input_hash = hash_parts(&[&input_dump]);
        let mut tags = call.op.meta().tags.clone();
        tags.extend(policy.tags.iter().cloned());
        tags.sort();
        tags.dedup();
        let actor = call
            .actor
            .clone()
            .or_else(|| flow.as_ref().map(|f| f.actor.clone()))
            .unwrap_or_else(|| "api".into());
        let frame = CallFrame {
            engine: self.clone(),
            flow: flow.clone(),
            call_id: new_id(),
            task_name: call.task_name.clone(),
            operation_name: call.op.meta().name.clone(),
            actor,
            input_dump,
            input_hash,
            tags: serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
            replay_of: call.replay_of.clone(),
        };

        // Restart from failure / flow retry: a call that already completed is not run again.
        if let Some(hit) = flow.as_ref().and_then(|f| f.take_reusable(&frame.task_name, &frame.input_hash)) {
            tracing::info!(task = %frame.task_name, "reusing the result of a completed task call");
            let meta = json!({ "reused_from": hit.task_run_row });
            return frame.record_cached(hit.output, None, meta).await;
        }

        let key =
            policy.cache.as_ref().map(|c| cache_key(c, &frame.task_name, &frame.input_dump, flow.as_deref()));
        if let Some(key) = &key {
            match self.store().cache_get(key, self.clock().now()).await {
                Ok(Some(value)) => {
                    tracing::info!(task = %frame.task_name, "cache hit");
                    return frame.record_cached(value, Some(key.clone()), json!({ "cache_hit": true })).await;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cache lookup failed; executing"),
            }
        }

        let cancel = flow.as_ref().map(|f| f.cancel.clone());
        let mut attempt = 0;
        let mut last_row = String::new();
        loop {
            attempt += 1;
            if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
                return frame.outcome(
                    &last_row,
                    attempt - 1,
                    Err(OpError::cancelled("the flow run was cancelled")),
                );
            }
            let permits = match &cancel {
                Some(token) => tokio::select! {
                    p = self.acquire_limits(&tags) => p,
                    _ = token.cancelled() => {
                        return frame.outcome(&last_row, attempt - 1, Err(OpError::cancelled("the flow run was cancelled")));
                    }
                },
                None => self.acquire_limits(&tags).await,
            };

            let row_id = new_id();
            last_row = row_id.clone();
            let mut row = frame.row(&row_id, attempt, TaskRunStatus::Running, to_db(self.clock().now()));
            row.cache_key = key.clone();
            row.metadata = frame.metadata(Default::default());
            if let Err(e) = self.store().write(Write::InsertTaskRun(Box::new(row))).await {
                return frame.outcome(&row_id, attempt, Err(audit_error(e)));
            }
            self.emit(|| frame.started_event(&row_id, attempt));
            let started = Instant::now();
            let op_ctx = OpContext {
                engine: self.clone(),
                task_run_id: row_id.clone(),
                flow_run_id: flow.as_ref().map(|f| f.flow_run_id.clone()),
                attempt,
                refs: Arc::new(Mutex::new(Vec::new())),
                metadata: Arc::new(Mutex::new(Default::default())),
            };
            let result =
                self.run_attempt(&call, &policy, op_ctx.clone(), flow.clone(), cancel.as_ref()).await;
            drop(permits);

            let duration_ms = started.elapsed().as_millis() as i64;
            let refs = op_ctx.refs.lock().expect("refs lock").clone();
            let meta = op_ctx.metadata.lock().expect("metadata lock").clone();
            let (status, output, err) = match &result {
                Ok(v) => (TaskRunStatus::Success, Some(v.to_string()), None),
                Err(e) => (failure_status(e.kind), None, Some(e)),
            };
            let finish = TaskRunFinish {
                id: row_id.clone(),
                status: status.as_str(),
                finished_at: to_db(self.clock().now()),
                duration_ms,
                output,
                result_refs: serde_json::to_string(&refs).unwrap_or_else(|_| "[]".into()),
                error_message: err.map(|e| e.message.clone()),
                error_kind: err.map(|e| e.kind.as_str()),
                error_traceback: err.and_then(|e| e.traceback.clone()),
                metadata: frame.metadata(meta),
            };
            if let Err(e) = self.store().write(Write::FinishTaskRun(Box::new(finish))).await {
                return frame.outcome(&row_id, attempt, Err(audit_error(e)));
            }
            self.emit(|| {
                frame.finished_event(&row_id, attempt, status, duration_ms, err.map(|e| e.message.clone()))
            });

            match result {
                Ok(value) => {
                    if let (Some(key), Some(cache)) = (&key, &policy.cache) {
                        let now = self.clock().now();
                        let expires = cache
                            .expiration
                            .and_then(|d| chrono::Duration::from_std(d).ok())
                            .map(|d| to_db(now + d));
                        let put = Write::CachePut {
                            key: key.clone(),
                            value: value.to_string(),
                            created_at: to_db(now),
                            expires_at: expires,
                        };
                        // Awaited, so the next identical call is a hit; a failed put only costs
                        // a future cache miss.
                        if let Err(e) = self.store().write(put).await {
                            tracing::warn!(error = %e, "could not store the result in the cache");
                        }
                    }
                    frame.completed(&row_id, &value);
                    return frame.outcome(&row_id, attempt, Ok(value));
                }
                Err(err) => {
                    let Some(delay) = policy.next_retry(attempt, &err) else {
                        return frame.outcome(&row_id, attempt, Err(err));
                    };
                    tracing::warn!(
                        task = %frame.task_name, attempt, error = %err, kind = %err.kind,
                        "attempt failed; retrying in {:.3}s", delay.as_secs_f64()
                    );
                    let slept = match &cancel {
                        Some(token) => tokio::select! {
                            _ = tokio::time::sleep(delay) => true,
                            _ = token.cancelled() => false,
                        },
                        None => {
                            tokio::time::sleep(delay).await;
                            true
                        }
                    };
                    if !slept {
                        return frame.outcome(
                            &row_id,
                            attempt,
                            Err(OpError::cancelled("the flow run was cancelled")),
                        );
                    }
                }
            }
        }
    }

    /// One attempt: the operation's future under the run scope, the timeout and cancellation.
    async fn run_attempt(
        &self,
        call: &Call,
        policy: &TaskPolicy,
        op_ctx: OpContext,
        flow: Option<Arc<FlowScope>>,
        cancel: Option<&tokio_util::sync::CancellationToken>,
    ) -> Result<Value, OpError> {
        let scope = RunScope { engine: self.clone(), flow, task_run_id: Some(op_ctx.task_run_id.clone()) };
        let fut = call.op.call_json(op_ctx, call.input.clone());
        let guarded =
            AssertUnwindSafe(fut).catch_unwind().map(|r| r.unwrap_or_else(|p| Err(panic_message(p))));
        let timed = async move {
            match policy.timeout {
                Some(limit) => tokio::time::timeout(limit, guarded).await.unwrap_or_else(|_| {
                    Err(OpError::timed_out(format!("the attempt ran longer than its timeout of {limit:?}")))
                }),
                None => guarded.await,
            }
        };
        let scoped = context::scoped(scope, timed);
        match cancel {
            Some(token) => tokio::select! {
                biased;
                _ = token.cancelled() => Err(OpError::cancelled("the flow run was cancelled")),
                r = scoped => r,
            },
            None => scoped.await,
        }
    }
}
