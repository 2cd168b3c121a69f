//! The typed task: an [`Operation`] with a name and a shared [`TaskPolicy`], built with
//! chained methods, and the two ways to run it (`call` waits, `submit` fans out). Everything
//! else about running it is the executor's job ([`super::executor`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::Value;

use super::executor::Call;
use super::policy::{CacheKeyPolicy, RetryDelay};
use crate::context;
use crate::engine::CallOutcome;
use crate::operation::{from_value, OpData, Operation};
use crate::{Engine, OpError, TaskPolicy};

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
            under_way: None,
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
        // Under way from now: its rows can share a commit with those of the calls submitted
        // with it, even before it starts.
        let call =
            self.call_for(input).map(|call| Call { under_way: Some(engine.store().call_started()), ..call });
        // Already its own tracked task: a dropped TaskFuture does not stop it, so the executor
        // runs here rather than in a second spawned task (`execute_tracked`), one spawn fewer.
        // The executor's future is large: boxed, it is built in place instead of being moved
        // into the spawned task's cell.
        // Inside a flow run, it starts once one of the run's task slots is free (a cancelled
        // run does not wait: the executor ends the call as cancelled at once).
        let slots =
            context::with_current(|s| s.flow.as_ref().map(|f| (f.task_slots.clone(), f.cancel.clone())))
                .flatten();
        let fut = async move {
            let _slot = match slots {
                Some((slots, cancel)) => tokio::select! {
                    slot = slots.acquire_owned() => slot.ok(),
                    _ = cancel.cancelled() => None,
                },
                None => None,
            };
            typed(Box::pin(engine.execute(call?)).await)
        };
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
pub(super) fn spawn_tracked<T: Send + 'static>(
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
