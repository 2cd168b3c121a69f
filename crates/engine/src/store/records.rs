//! The records the store hands out (TaskRun, flow run, log line, stats) and the filters that
//! select them. Field names are the public JSON names used by the CLI and the UI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{ErrorKind, ResultRef, StateType, TaskRunStatus};

/// The TaskRun audit record: one row per attempt of one operation call.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TaskRunRecord {
    pub id: String,
    pub operation_name: String,
    pub task_name: String,
    pub status: TaskRunStatus,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    /// Who or what triggered it: `cli`, `desktop`, `flow:<name>`, `replay`, ...
    pub actor: String,
    pub orchestrated: bool,
    pub flow_run_id: Option<String>,
    /// Groups the attempts of one task call.
    pub task_run_id: String,
    pub attempt: u32,
    pub input_dump: Value,
    pub input_hash: String,
    pub output: Option<Value>,
    pub result_refs: Vec<ResultRef>,
    pub error_message: Option<String>,
    pub error_kind: Option<ErrorKind>,
    pub error_traceback: Option<String>,
    pub tags: Vec<String>,
    pub metadata: Value,
    pub cache_key: Option<String>,
    pub replay_of: Option<String>,
}

/// A flow run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FlowRunRecord {
    pub id: String,
    pub flow_name: String,
    pub deployment_id: Option<String>,
    pub trigger: String,
    pub actor: String,
    pub parameters: Value,
    pub state_type: StateType,
    pub state_name: String,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub restarted_from: Option<String>,
    /// How many times the flow function ran (1 + flow retries used).
    pub run_count: u32,
}

/// A log line captured inside a flow run or task run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LogRecord {
    pub id: i64,
    pub flow_run_id: Option<String>,
    pub task_run_id: Option<String>,
    pub ts: DateTime<Utc>,
    pub level: String,
    pub target: String,
    pub message: String,
}

/// Per-operation statistics over the TaskRun audit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OperationStats {
    pub operation_name: String,
    pub runs: i64,
    pub successes: i64,
    pub failures: i64,
    /// Successful (success or cached) runs / finished runs, 0..1.
    pub success_rate: f64,
    pub avg_duration_ms: Option<f64>,
    pub p95_duration_ms: Option<i64>,
}

/// What `cleanup_older_than` removed.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CleanupCounts {
    pub task_runs: u64,
    pub flow_runs: u64,
    pub logs: u64,
    pub cache_entries: u64,
}

/// Selects TaskRuns, newest first.
#[derive(Debug, Clone, Default)]
pub struct TaskRunFilter {
    pub flow_run_id: Option<String>,
    pub status: Option<TaskRunStatus>,
    pub operation: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// 0 means the default page size (50).
    pub limit: u32,
    pub offset: u32,
}

/// Selects flow runs, newest first.
#[derive(Debug, Clone, Default)]
pub struct FlowRunFilter {
    pub flow_name: Option<String>,
    pub state_type: Option<StateType>,
    pub deployment_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// 0 means the default page size (50).
    pub limit: u32,
    pub offset: u32,
}

pub(crate) const DEFAULT_PAGE: u32 = 50;
