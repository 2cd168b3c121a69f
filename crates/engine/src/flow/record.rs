//! The flow run as stored: the record the store hands out, the filter that selects records,
//! and the rows the audit writer inserts and updates as the run changes state. Field names of
//! the record are the public JSON names used by the CLI and the UI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::StateType;

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
    /// Its deployment's tags, then its flow's, as they were when the run was created.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Selects flow runs, newest first.
#[derive(Debug, Clone, Default)]
pub struct FlowRunFilter {
    pub flow_name: Option<String>,
    pub state_type: Option<StateType>,
    pub deployment_id: Option<String>,
    /// Only runs carrying this tag.
    pub tag: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// 0 means the default page size (50).
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct FlowRunRow {
    pub id: String,
    pub flow_name: String,
    pub deployment_id: Option<String>,
    pub trigger: String,
    pub actor: String,
    pub parameters: String,
    pub state_type: &'static str,
    pub state_name: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub restarted_from: Option<String>,
    /// `None` for a run waiting to be claimed (Scheduled): no process executes it yet.
    pub owner: Option<String>,
    pub expected_start_time: Option<String>,
    pub state_message: Option<String>,
    /// JSON array of strings.
    pub tags: String,
}

/// A flow run's state change; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlowRunUpdate {
    pub id: String,
    pub state_type: &'static str,
    pub state_name: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub result: Option<String>,
    pub error: Option<String>,
    pub run_count: Option<u32>,
    pub state_message: Option<String>,
}
