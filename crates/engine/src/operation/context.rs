//! What an executing operation can see and report: the engine, the database, the clock, the
//! ids of its TaskRun and flow run, and the result references and metadata it adds to its
//! TaskRun row. The executor creates one [`OpContext`] per attempt.

use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Clock, Engine};

/// A document or record an operation created or changed (`result_refs` of its TaskRun).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResultRef {
    pub kind: String,
    pub id: String,
}

/// What an executing operation can see of its surroundings.
#[derive(Clone)]
pub struct OpContext {
    pub(crate) engine: Engine,
    pub(crate) task_run_id: String,
    pub(crate) flow_run_id: Option<String>,
    pub(crate) attempt: u32,
    pub(crate) refs: Arc<Mutex<Vec<ResultRef>>>,
    pub(crate) metadata: Arc<Mutex<serde_json::Map<String, Value>>>,
}

impl OpContext {
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
    /// The SQLite pool (domain operations read and write their own tables through it).
    pub fn db(&self) -> &sqlx::SqlitePool {
        self.engine.store().pool()
    }
    pub fn clock(&self) -> &dyn Clock {
        self.engine.clock()
    }
    /// The id of this attempt's TaskRun row.
    pub fn task_run_id(&self) -> &str {
        &self.task_run_id
    }
    pub fn flow_run_id(&self) -> Option<&str> {
        self.flow_run_id.as_deref()
    }
    /// Whether this execution is orchestrated by a flow.
    pub fn is_orchestrated(&self) -> bool {
        self.flow_run_id.is_some()
    }
    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
    /// Records a document or record this execution created or changed.
    pub fn add_result_ref(&self, kind: impl Into<String>, id: impl Into<String>) {
        self.refs.lock().expect("refs lock").push(ResultRef { kind: kind.into(), id: id.into() });
    }
    /// Adds a key to the TaskRun's `metadata`.
    pub fn set_metadata(&self, key: impl Into<String>, value: impl Into<Value>) {
        self.metadata.lock().expect("metadata lock").insert(key.into(), value.into());
    }
}
