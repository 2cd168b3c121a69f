//! JobHunter's embedded workflow engine, with the semantics of Prefect.
//!
//! * Layer 1, [`Operation`]: typed business logic registered by name with JSON Schemas. Every
//!   execution leaves a TaskRun audit row in SQLite, written before it starts and finalised
//!   after, whether it was called directly or orchestrated by a flow.
//! * Layer 2, [`Task`]: an operation plus a [`TaskPolicy`]: retries, delay lists or
//!   exponential backoff, jitter, retry conditions, timeout, result cache, concurrency limits.
//! * Layer 3, [`Flow`]: an async function with typed parameters that runs and fans out tasks,
//!   with flow-level retries and timeout, cancellation, captured logs, crash recovery and
//!   restart from failure.
//!
//! No Tauri and no job-hunt knowledge lives here.

mod clock;
mod context;
mod engine;
mod error;
mod error_code;
mod events;
mod extensions;
pub mod fingerprint;
mod flow;
mod instance;
mod logs;
mod operation;
mod registry;
pub mod schedule;
mod state;
pub mod store;
mod task;
mod taskrun;

pub use clock::{Clock, ManualClock, SystemClock};
pub use engine::{default_data_dir, resolve_data_dir, CallOutcome, Engine, EngineBuilder, DATABASE_FILE};
pub use error::{is_busy, EngineError, ErrorKind, OpError, Result};
pub use error_code::ErrorCode;
pub use events::EngineEvent;
pub use extensions::Extensions;
pub use flow::{
    CancelOutcome, ErasedFlow, Flow, FlowContext, FlowMeta, FlowRunFilter, FlowRunHandle, FlowRunOutcome,
    FlowRunRecord, RunOptions, DEFAULT_TASK_CONCURRENCY,
};
pub use logs::{log_capture_layer, RunLogLayer};
pub use operation::{from_value, ErasedOperation, OpContext, OpData, Operation, OperationMeta, ResultRef};
pub use registry::{FlowInfo, OperationInfo, Registry};
pub use state::{State, StateType, TaskRunStatus};
pub use store::{CleanupCounts, LogRecord, Store};
pub use task::{CacheKeyPolicy, CachePolicy, RetryDelay, Task, TaskFuture, TaskPolicy};
pub use taskrun::{CallStats, CallStatsFilter, OperationStats, StatsGroupBy, TaskRunFilter, TaskRunRecord};

/// Re-exported so that operation and flow crates derive schemas with the same version.
pub use schemars;
