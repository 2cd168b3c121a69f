//! Layer 1: operations. A typed, named piece of business logic (`I -> Result<O, OpError>`)
//! with its metadata and JSON Schemas. Operations never retry or sleep on their own; the task
//! layer does that. Every execution leaves a TaskRun row, written by the engine around it.
//!
//! * [`definition`]: the typed [`Operation`], its metadata and its JSON-erased form;
//! * [`context`]: the [`OpContext`] an executing operation sees, and the [`ResultRef`]s it reports.

mod context;
mod definition;

pub use context::{OpContext, ResultRef};
pub use definition::{from_value, ErasedOperation, OpData, Operation, OperationMeta};
