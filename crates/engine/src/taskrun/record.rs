//! The TaskRun as stored: the record the store hands out (one per attempt of one operation
//! call), the filter that selects records, per-operation statistics over them, and the rows
//! the audit writer inserts and finalises. Field names of the records are the public JSON
//! names used by the CLI and the UI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{ErrorKind, ResultRef, TaskRunStatus};

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
    /// Keyset paging: only the TaskRuns listed after the one with this id (older ones).
    pub after: Option<String>,
    /// Keyset paging: the TaskRuns listed just before the one with this id (newer ones),
    /// still newest first; ignored when `after` is set.
    pub before: Option<String>,
}

/// Per-operation statistics over the TaskRun audit, counted per call (see [`CallStats`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OperationStats {
    pub operation_name: String,
    /// Finished calls (not attempts).
    pub runs: i64,
    pub successes: i64,
    pub failures: i64,
    /// Successful (success or cached) calls / finished calls, 0..1.
    pub success_rate: f64,
    pub avg_duration_ms: Option<f64>,
    pub p95_duration_ms: Option<i64>,
}

/// What call statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum StatsGroupBy {
    /// One group per operation (`scrape_jobs`, `generate_cv`, ...).
    #[default]
    Operation,
    /// One group per actor: who started the call (`cli`, `desktop`, `flow:<name>`, ...).
    Actor,
}

impl StatsGroupBy {
    pub const ALL: [Self; 2] = [Self::Operation, Self::Actor];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operation => "operation",
            Self::Actor => "actor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Which calls [`crate::Store::call_stats`] counts.
#[derive(Debug, Clone, Default)]
pub struct CallStatsFilter {
    pub by: StatsGroupBy,
    /// Only calls made by a flow (`true`) or directly (`false`).
    pub orchestrated: Option<bool>,
    /// Only calls of this operation.
    pub operation: Option<String>,
    /// Only calls whose first attempt started at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only calls whose first attempt started before this instant.
    pub until: Option<DateTime<Utc>>,
}

/// Statistics of one group of finished calls. A call is one logical operation call: all its
/// attempts (the TaskRun rows sharing a `task_run_id`) count once, with the outcome of its last
/// attempt; a call still running is not counted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CallStats {
    /// The operation name or the actor, as grouped.
    pub group: String,
    pub calls: i64,
    /// Attempts those calls took (retries included).
    pub attempts: i64,
    /// Calls whose last attempt succeeded (success, or cached: a result reused).
    pub successes: i64,
    pub failures: i64,
    /// successes / calls, 0..1.
    pub success_rate: f64,
    /// A call's duration is the time its attempts ran (waits between retries not included).
    pub avg_duration_ms: Option<f64>,
    pub total_duration_ms: i64,
    pub p95_duration_ms: Option<i64>,
}

/// One TaskRun row, already encoded for SQLite: the call's shared columns and the attempt's
/// own; every column but `result_refs`, which is `[]` when a row is inserted (the finishing
/// update writes the attempt's).
#[derive(Debug)]
pub(crate) struct TaskRunRow {
    pub call: std::sync::Arc<super::frame::CallRecord>,
    pub id: String,
    pub status: &'static str,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub attempt: u32,
    pub output: Option<String>,
    pub error_message: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_traceback: Option<String>,
    pub metadata: String,
    pub cache_key: Option<String>,
}

/// The columns that change when an attempt ends.
#[derive(Debug)]
pub(crate) struct TaskRunFinish {
    pub id: String,
    pub status: &'static str,
    pub finished_at: String,
    pub duration_ms: i64,
    pub output: Option<String>,
    pub result_refs: String,
    pub error_message: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_traceback: Option<String>,
    pub metadata: String,
}
