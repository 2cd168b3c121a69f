//! What a flow is: its typed function and metadata (retries, timeout), the JSON-erased form
//! the registry, the CLI, the UI forms and deployments use, and the [`FlowContext`] through
//! which the function runs and submits tasks inside its flow run.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;
use serde::Serialize;
use serde_json::Value;

use crate::context::FlowScope;
use crate::operation::{from_value, OpData};
use crate::{Engine, OpError, Task, TaskFuture};

/// What the registry says about a flow.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlowMeta {
    pub name: String,
    /// What people read instead of the name ("Daily job hunt"); the name when not set.
    pub title: String,
    pub description: String,
    /// Flow-level retries: the whole function runs again (completed task calls are reused),
    /// after `retry_delay`, unless it failed on bad input or a permanent refusal. The timeout
    /// covers every try together; a run that times out is not retried.
    pub retries: u32,
    pub retry_delay: Duration,
    pub timeout: Option<Duration>,
    /// Labels every run of the flow carries (with its deployment's), e.g. `production`.
    pub tags: Vec<String>,
    /// How many submitted task calls of one run execute at once; the others wait for one of
    /// them to end before they start (and before their TaskRun row is written), as Prefect's
    /// task runner waits for a free worker. Default [`DEFAULT_TASK_CONCURRENCY`].
    pub task_concurrency: usize,
}

/// Submitted task calls of one flow run that execute at once unless the flow says otherwise.
///
/// Why a bound: a call in flight holds its executor's state (about 3 KB) and its rows, and
/// may hold a socket or a file. With ten thousand submitted at once, their state no longer fit
/// in the processor's caches and fan-out ran at 100,000 tasks/s; with 1,024 at a time, group
/// commits stay full and it ran at 120,000 (the overhead bench's fan-out, 128 to 4,096 tried:
/// 768-1,024 were best).
pub const DEFAULT_TASK_CONCURRENCY: usize = 1024;

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
        let meta = FlowMeta {
            name: name.to_owned(),
            title: name.to_owned(),
            task_concurrency: DEFAULT_TASK_CONCURRENCY,
            ..Default::default()
        };
        Self { meta: Arc::new(meta), f: Arc::new(move |ctx, params| f(ctx, params).boxed()) }
    }
    /// The flow's title for people ("Daily job hunt"), shown wherever the flow is named.
    pub fn title(mut self, title: &str) -> Self {
        Arc::make_mut(&mut self.meta).title = title.to_owned();
        self
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
    /// How many submitted task calls of one run execute at once (at least 1).
    pub fn task_concurrency(mut self, calls: usize) -> Self {
        Arc::make_mut(&mut self.meta).task_concurrency = calls.max(1);
        self
    }
    /// Labels every run of this flow carries, so runs can be filtered by them; blank and
    /// repeated tags are dropped.
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let tags = tags.into_iter().map(Into::into).collect::<Vec<String>>();
        Arc::make_mut(&mut self.meta).tags = crate::schedule::store::merge_tags(&[], &tags);
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
    pub(super) engine: Engine,
    pub(super) scope: Arc<FlowScope>,
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
