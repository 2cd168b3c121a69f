//! Run states as in Prefect: a *type* the engine acts on and a *name* the user sees
//! (`Failed`/"TimedOut", `Completed`/"Cached", `Running`/"Retrying", `Scheduled`/"Late").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum StateType {
    Scheduled,
    Pending,
    Running,
    Paused,
    Completed,
    Failed,
    Cancelled,
    Crashed,
}

impl StateType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "SCHEDULED",
            Self::Pending => "PENDING",
            Self::Running => "RUNNING",
            Self::Paused => "PAUSED",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
            Self::Crashed => "CRASHED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "SCHEDULED" => Self::Scheduled,
            "PENDING" => Self::Pending,
            "RUNNING" => Self::Running,
            "PAUSED" => Self::Paused,
            "COMPLETED" => Self::Completed,
            "FAILED" => Self::Failed,
            "CANCELLED" => Self::Cancelled,
            "CRASHED" => Self::Crashed,
            _ => return None,
        })
    }

    /// A final state: the run will not change any more (unless restarted as a new run).
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled | Self::Crashed)
    }
}

/// A state: type + display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct State {
    #[serde(rename = "type")]
    pub kind: StateType,
    pub name: String,
}

impl State {
    pub fn new(kind: StateType, name: &str) -> Self {
        Self { kind, name: name.to_owned() }
    }
    pub fn scheduled() -> Self {
        Self::new(StateType::Scheduled, "Scheduled")
    }
    pub fn pending() -> Self {
        Self::new(StateType::Pending, "Pending")
    }
    pub fn running() -> Self {
        Self::new(StateType::Running, "Running")
    }
    pub fn retrying() -> Self {
        Self::new(StateType::Running, "Retrying")
    }
    pub fn completed() -> Self {
        Self::new(StateType::Completed, "Completed")
    }
    pub fn failed() -> Self {
        Self::new(StateType::Failed, "Failed")
    }
    pub fn timed_out() -> Self {
        Self::new(StateType::Failed, "TimedOut")
    }
    pub fn cancelled() -> Self {
        Self::new(StateType::Cancelled, "Cancelled")
    }
    pub fn crashed() -> Self {
        Self::new(StateType::Crashed, "Crashed")
    }
}

/// Status of one TaskRun row (one attempt of one task call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TaskRunStatus {
    Running,
    Success,
    Failed,
    Cached,
    TimedOut,
    Cancelled,
    Crashed,
}

impl TaskRunStatus {
    pub const ALL: [Self; 7] = [
        Self::Running,
        Self::Success,
        Self::Failed,
        Self::Cached,
        Self::TimedOut,
        Self::Cancelled,
        Self::Crashed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Success => "success",
            Self::Failed => "failed",
            Self::Cached => "cached",
            Self::TimedOut => "timed_out",
            Self::Cancelled => "cancelled",
            Self::Crashed => "crashed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl std::fmt::Display for TaskRunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
