//! Deployments and their schedules: a flow + parameters + schedules (cron or interval, each in
//! an IANA time zone) + catch-up and overlap policies, and the scheduler that turns them into
//! flow runs. See `docs/schedules.md`.
//!
//! * [`spec`]: when a schedule fires (cron via `croner`, intervals, DST behaviour, durations);
//! * [`policy`]: what to do with missed slots and overlapping runs (pure decisions);
//! * [`store`]: deployments in SQLite, validated against the registry;
//! * `slots`: the scheduler's transaction for due slots and its queries about runs;
//! * `tags`: the tags of deployments and their runs;
//! * [`scheduler`]: the timer loop that records due slots and hands runs to the engine.

pub mod policy;
pub mod scheduler;
mod signal;
mod slots;
pub mod spec;
pub mod store;
mod tags;

pub use policy::{CatchupPolicy, OverlapPolicy, ON_TIME_GRACE};
pub use scheduler::{ScheduleSignal, Scheduler, SchedulerHandle, Tick};
pub use spec::{
    check_interval, format_duration, parse_cron, parse_duration, parse_timezone, upcoming_merged,
    CompiledSchedule, Schedule, MAX_INTERVAL, MIN_INTERVAL,
};
pub use store::{
    check_tags, merge_tags, BadDeployment, Deployment, DeploymentRun, DeploymentSpec, DeploymentUpdate,
    DEFAULT_CATCHUP_WINDOW, MAX_TAG_LEN,
};
