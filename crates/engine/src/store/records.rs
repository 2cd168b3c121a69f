//! The records the store hands out that belong to no single run kind (log lines, what a
//! cleanup removed), and the page size of the listings. The TaskRun and flow-run records live
//! with their concept (`taskrun/`, `flow/`) and are re-exported here, so `store::records::X`
//! and `store::X` keep naming them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::flow::{FlowRunFilter, FlowRunRecord};
pub use crate::taskrun::{
    CallStats, CallStatsFilter, OperationStats, StatsGroupBy, TaskRunFilter, TaskRunRecord,
};

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

/// What `cleanup_older_than` removed.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CleanupCounts {
    pub task_runs: u64,
    pub flow_runs: u64,
    pub logs: u64,
    pub cache_entries: u64,
}

pub(crate) const DEFAULT_PAGE: u32 = 50;
