//! Layer 2: tasks. A [`Task`] is an operation plus a [`TaskPolicy`]. Executing one writes a
//! TaskRun row per attempt *before* the attempt starts (status `running`) and finalises it
//! after, applies retries/backoff/jitter, the per-attempt timeout, the result cache, the
//! concurrency limits of its tags, and inside a flow: cancellation, restart-from-failure reuse.
//!
//! * [`builder`]: the typed [`Task`] and its builder methods, `call` and `submit`;
//! * [`policy`]: the [`TaskPolicy`] as data (retries, delays, jitter, timeout, cache, tags);
//! * [`executor`]: runs one call: reuse, cache, then attempts with retries, timeout and
//!   cancellation. The TaskRun rows it writes are built in [`crate::taskrun`].

mod builder;
mod executor;
mod policy;

pub use builder::{Task, TaskFuture};
pub(crate) use executor::Call;
pub use policy::{CacheKeyPolicy, CachePolicy, RetryDelay, TaskPolicy};
