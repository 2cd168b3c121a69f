//! Acting on flow runs from outside the flow function: restart a finished, unsuccessful run
//! from failure (reusing what it completed), cancel a run wherever it executes (this
//! process, another one, or not started yet), and wind down this process's runs at shutdown.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::{FlowRunHandle, FlowRunOutcome, RunOptions};
use crate::context::CompletedCall;
use crate::{Engine, EngineError, Result, StateType};

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
        let restart = Restart { from: old.id, reuse, tags: old.tags };
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
}

/// What a restart from failure hands the new run: the run it restarts and the calls to reuse.
pub(super) struct Restart {
    pub(super) from: String,
    pub(super) reuse: HashMap<(String, String), std::collections::VecDeque<CompletedCall>>,
    /// The tags of the run it restarts, which the new run keeps.
    pub(super) tags: Vec<String>,
}
