//! Deployments and their schedules: a flow + parameters + schedules (cron or interval, each in
//! an IANA time zone) + catch-up and overlap policies, and the scheduler that turns them into
//! flow runs. See `docs/schedules.md`.
//!
//! * [`spec`]: when a schedule fires (cron via `croner`, intervals, DST behaviour, durations);
//! * [`policy`]: what to do with missed slots and overlapping runs (pure decisions);
//! * [`store`]: deployments in SQLite, validated against the registry;
//! * [`scheduler`]: the timer loop that records due slots and hands runs to the engine.

pub mod policy;
pub mod scheduler;
mod signal;
pub mod spec;
pub mod store;

pub use policy::{CatchupPolicy, OverlapPolicy, ON_TIME_GRACE};
pub use scheduler::{ScheduleSignal, Scheduler, SchedulerHandle, Tick};
pub use spec::{
    check_interval, format_duration, parse_cron, parse_duration, parse_timezone, upcoming_merged,
    CompiledSchedule, Schedule, MAX_INTERVAL, MIN_INTERVAL,
};
pub use store::{
    BadDeployment, Deployment, DeploymentRun, DeploymentSpec, DeploymentUpdate, DEFAULT_CATCHUP_WINDOW,
};
