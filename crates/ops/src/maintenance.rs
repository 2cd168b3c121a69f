//! Housekeeping of the engine's own tables: the audit trail grows with every run, so old
//! TaskRuns, flow runs, logs and expired cache entries are deleted after a retention period,
//! and with them the AI re-ranking answers no hunt will read again (`rerank::prune`).

use chrono::Duration;
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{CleanupCounts, OpContext, OpError, Operation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CleanupInput {
    /// Delete finished runs that started more than this many days ago (1..=3650).
    #[schemars(title = "Older than (days)")]
    pub days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub struct CleanupOutput {
    pub task_runs_deleted: u64,
    pub flow_runs_deleted: u64,
    pub logs_deleted: u64,
    pub cache_entries_deleted: u64,
    /// Failed or superseded AI re-ranking answers, and those about jobs no longer kept.
    #[serde(default)]
    pub llm_answers_deleted: u64,
}

impl CleanupOutput {
    fn new(c: CleanupCounts, llm_answers: u64) -> Self {
        Self {
            task_runs_deleted: c.task_runs,
            flow_runs_deleted: c.flow_runs,
            logs_deleted: c.logs,
            cache_entries_deleted: c.cache_entries,
            llm_answers_deleted: llm_answers,
        }
    }
}

/// `cleanup_taskruns {days}` -> counts of deleted rows.
pub fn cleanup_taskruns() -> Operation<CleanupInput, CleanupOutput> {
    Operation::new("cleanup_taskruns", run)
        .description("Delete TaskRuns, logs and flow runs older than N days, and stale AI re-ranking answers; returns what was deleted")
        .category("maintenance")
        .tags(["maintenance", "database"])
}

async fn run(ctx: OpContext, input: CleanupInput) -> Result<CleanupOutput, OpError> {
    if !(1..=3650).contains(&input.days) {
        return Err(OpError::invalid(format!("days: must be between 1 and 3650, got {}", input.days)));
    }
    let now = ctx.clock().now();
    let cutoff = now - Duration::days(i64::from(input.days));
    let counts = ctx.engine().store().cleanup_older_than(cutoff, now).await?;
    let answers = crate::rerank::prune(ctx.engine().store().pool(), cutoff.date_naive())
        .await
        .map_err(|e| OpError::transient(e.to_string()))?;
    tracing::info!(
        task_runs = counts.task_runs,
        flow_runs = counts.flow_runs,
        logs = counts.logs,
        llm_answers = answers,
        "deleted audit records older than {} days",
        input.days
    );
    Ok(CleanupOutput::new(counts, answers))
}
