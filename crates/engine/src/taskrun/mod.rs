//! The TaskRun audit: one row per attempt of one operation call, written as `running` before
//! the attempt starts and finalised after, whether the call was direct or orchestrated by a
//! flow. This folder gathers everything about that record; the executor that decides when
//! rows are written is in [`crate::task`], the shared writer and pool in [`crate::store`].
//!
//! * [`record`]: the [`TaskRunRecord`] read back, its filter, statistics, and the rows written;
//! * [`frame`]: the rows, events and outcome of one call, built from what its rows share;
//! * [`listing`]: the audit list, by filter and page;
//! * [`queries`]: lookups and call statistics (per operation or actor) over
//!   `task_runs`.

mod frame;
mod listing;
mod queries;
mod record;

pub(crate) use frame::{audit_error, failure_status, write_audit, CallFrame, CallRecord};
pub use record::{CallStats, CallStatsFilter, OperationStats, StatsGroupBy, TaskRunFilter, TaskRunRecord};
pub(crate) use record::{TaskRunFinish, TaskRunRow};
