//! The executor: how one operation call runs. Reuse of a completed call (restart from
//! failure, flow retries), the result cache, then attempts under the concurrency limits, each
//! with its timeout, panic guard and cancellation, retried as the policy says. Every attempt
//! is bracketed by its TaskRun row ([`crate::taskrun::CallFrame`]).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::FutureExt;
use serde_json::{json, Value};

use super::builder::spawn_tracked;
use super::policy::{CacheKeyPolicy, CachePolicy};
use crate::clock::to_db;
use crate::context::{self, FlowScope, RunScope};
use crate::engine::CallOutcome;
use crate::fingerprint::{canonical_json, hash_parts};
use crate::operation::{ErasedOperation, OpContext};
use crate::store::{new_id, CallUnderWay, Write};
use crate::taskrun::{audit_error, failure_status, write_audit, CallFrame, CallRecord, TaskRunFinish};
use crate::{Engine, OpError, TaskPolicy, TaskRunStatus};

/// One operation call as the executor sees it.
pub(crate) struct Call {
    pub task_name: String,
    pub op: Arc<dyn ErasedOperation>,
    pub input: Value,
    pub policy: Arc<TaskPolicy>,
    pub actor: Option<String>,
    pub replay_of: Option<String>,
    /// Counted as under way from when it was submitted (a fanned-out call), else from when
    /// it starts executing.
    pub under_way: Option<CallUnderWay>,
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
    pub(crate) async fn execute(&self, mut call: Call) -> CallOutcome {
        let _under_way = call.under_way.take().unwrap_or_else(|| self.store().call_started());
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
        let record = CallRecord {
            call_id: new_id(),
            task_name: call.task_name.clone(),
            operation_name: call.op.meta().name.clone(),
            actor,
            orchestrated: flow.is_some(),
            flow_run_id: flow.as_ref().map(|f| f.flow_run_id.clone()),
            input_dump,
            input_hash,
            tags: serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
            replay_of: call.replay_of.clone(),
            owner: self.instance_id().to_owned(),
        };
        let frame = CallFrame { engine: self.clone(), flow: flow.clone(), call: Arc::new(record) };

        // Restart from failure / flow retry: a call that already completed is not run again.
        if let Some(hit) =
            flow.as_ref().and_then(|f| f.take_reusable(&frame.call.task_name, &frame.call.input_hash))
        {
            tracing::info!(task = %frame.call.task_name, "reusing the result of a completed task call");
            let meta = json!({ "reused_from": hit.task_run_row });
            return Box::pin(frame.record_cached(hit.output, None, meta)).await;
        }

        let key = policy
            .cache
            .as_ref()
            .map(|c| cache_key(c, &frame.call.task_name, &frame.call.input_dump, flow.as_deref()));
        if let Some(key) = &key {
            match Box::pin(self.store().cache_get(key, self.clock().now())).await {
                Ok(Some(value)) => {
                    tracing::info!(task = %frame.call.task_name, "cache hit");
                    return Box::pin(frame.record_cached(
                        value,
                        Some(key.clone()),
                        json!({ "cache_hit": true }),
                    ))
                    .await;
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
            // Without its `running` row the attempt does not start: "not run" is the truth here.
            if let Err(e) = write_audit(self, Write::InsertTaskRun(Box::new(row))).await {
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
            let (refs, meta) = (op_ctx.refs.clone(), op_ctx.metadata.clone());
            let result = self.run_attempt(&call, &policy, op_ctx, flow.clone(), cancel.as_ref()).await;
            drop(permits);

            let duration_ms = started.elapsed().as_millis() as i64;
            let refs = std::mem::take(&mut *refs.lock().expect("refs lock"));
            let meta = std::mem::take(&mut *meta.lock().expect("metadata lock"));
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
            // The attempt has run: whatever happens to its row, the caller gets its real result.
            // A row that cannot be finalised stays `running` until crash recovery ends it after
            // this process exits; the failure is logged loudly, never passed off as "not run".
            if let Err(e) = write_audit(self, Write::FinishTaskRun(Box::new(finish))).await {
                tracing::error!(
                    taskrun = %row_id, task = %frame.call.task_name, status = status.as_str(), error = %e,
                    "the operation ran but its TaskRun row could not be finalised; \
                     returning the operation's result anyway"
                );
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
                        task = %frame.call.task_name, attempt, error = %err, kind = %err.kind,
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
