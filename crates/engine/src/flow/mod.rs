//! Layer 3: flows. A flow is an async function with typed parameters that calls tasks in
//! sequence or fans them out, branches on their results and returns a typed result. The
//! engine gives each execution a flow run with a state (type + name), flow-level retries and
//! timeout, cancellation of in-flight tasks, captured logs, and restart from failure.
//!
//! * [`definition`]: the typed [`Flow`], its JSON-erased form and the [`FlowContext`] its
//!   function receives;
//! * [`runner`]: starting a flow run (now, or Scheduled for later) and driving it to its end;
//! * [`control`]: acting on runs from outside: restart from failure, cancel, wind down;
//! * [`record`] and [`queries`]: the flow run as stored, and the queries over it.

mod control;
mod definition;
mod queries;
mod record;
mod runner;

pub use control::CancelOutcome;
pub use definition::{ErasedFlow, Flow, FlowContext, FlowMeta, DEFAULT_TASK_CONCURRENCY};
pub use record::{FlowRunFilter, FlowRunRecord};
pub(crate) use record::{FlowRunRow, FlowRunUpdate};
pub use runner::{FlowRunHandle, FlowRunOutcome, RunOptions};
