//! The scheduler's decisions, as pure functions of time and counts: what to do with the slots
//! that came due (catch-up after the app or laptop was off) and with a slot that fires while
//! the previous run is still going (overlap). Kept apart from the loop and the database so
//! every rule is tested directly, and the loop only carries the decisions out.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::{EngineError, Result};

/// A slot that fires later than this after its time was missed (the scheduler was not
/// running, or the machine slept); before that it is on time.
pub const ON_TIME_GRACE: Duration = Duration::from_secs(60);

/// What happens to slots missed while the scheduler was not running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CatchupPolicy {
    /// None of them run; each is recorded as Skipped.
    Skip,
    /// The most recent one runs (Late); older ones are recorded as Skipped.
    #[default]
    LatestOnce,
    /// Every one inside the catch-up window runs (Late), one after another.
    All,
}

/// What happens when a slot fires while a run of the same deployment is still going.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OverlapPolicy {
    /// The new run is recorded as Skipped.
    #[default]
    Skip,
    /// The new run waits for the previous one to end; at most one waits (others are Skipped).
    QueueOne,
    /// The new run starts at once, beside the previous one.
    Allow,
    /// The previous run is cancelled; the new one starts when it has ended.
    CancelPrevious,
}

impl CatchupPolicy {
    pub const NAMES: &'static str = "skip, latest_once, all";
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Skip => "skip",
            Self::LatestOnce => "latest_once",
            Self::All => "all",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "skip" => Ok(Self::Skip),
            "latest_once" => Ok(Self::LatestOnce),
            "all" => Ok(Self::All),
            _ => Err(EngineError::Invalid(format!("unknown catch-up policy '{s}' ({})", Self::NAMES))),
        }
    }
}

impl OverlapPolicy {
    pub const NAMES: &'static str = "skip, queue_one, allow, cancel_previous";
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Skip => "skip",
            Self::QueueOne => "queue_one",
            Self::Allow => "allow",
            Self::CancelPrevious => "cancel_previous",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "skip" => Ok(Self::Skip),
            "queue_one" => Ok(Self::QueueOne),
            "allow" => Ok(Self::Allow),
            "cancel_previous" => Ok(Self::CancelPrevious),
            _ => Err(EngineError::Invalid(format!("unknown overlap policy '{s}' ({})", Self::NAMES))),
        }
    }
}

/// What to do with one due slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotAction {
    /// Create a run for the slot. `late`: it was missed and runs now (state name Late).
    Run { at: DateTime<Utc>, late: bool, message: Option<String> },
    /// Record the slot as a Cancelled/"Skipped" run with the reason.
    Skip { at: DateTime<Utc>, message: String },
}

impl SlotAction {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Run { at, .. } | Self::Skip { at, .. } => *at,
        }
    }
}

fn show(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Decides every due slot (`due` sorted ascending, all `<= now`): on-time slots run; missed
/// ones follow the catch-up policy inside `window`, and are skipped outside it.
pub fn plan_due(
    now: DateTime<Utc>,
    due: &[DateTime<Utc>],
    catchup: CatchupPolicy,
    window: Duration,
) -> Vec<SlotAction> {
    let grace = chrono::Duration::from_std(ON_TIME_GRACE).unwrap_or_default();
    let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
    // Differences of two instants cannot overflow (chrono's range is far inside TimeDelta's).
    let age = |t: DateTime<Utc>| now.signed_duration_since(t);
    let on_time_exists = due.iter().any(|t| age(*t) <= grace);
    let latest_missed_in_window = due.iter().rev().find(|t| age(**t) > grace && age(**t) <= window).copied();
    due.iter()
        .map(|&at| {
            let age = age(at);
            if age <= grace {
                return SlotAction::Run { at, late: false, message: None };
            }
            if age > window {
                return SlotAction::Skip {
                    at,
                    message: format!(
                        "missed at {} while the scheduler was not running, more than the catch-up window ago",
                        show(at)
                    ),
                };
            }
            let missed = format!("missed at {} while the scheduler was not running", show(at));
            match catchup {
                CatchupPolicy::Skip => {
                    SlotAction::Skip { at, message: format!("{missed} (catch-up policy skip)") }
                }
                CatchupPolicy::LatestOnce if on_time_exists => SlotAction::Skip {
                    at,
                    message: format!("{missed}; a run on time follows (catch-up policy latest_once)"),
                },
                CatchupPolicy::LatestOnce if Some(at) != latest_missed_in_window => SlotAction::Skip {
                    at,
                    message: format!(
                        "{missed}; only the latest missed run is made up (catch-up policy latest_once)"
                    ),
                },
                CatchupPolicy::LatestOnce => SlotAction::Run {
                    at,
                    late: true,
                    message: Some(format!("{missed}; started late (catch-up policy latest_once)")),
                },
                CatchupPolicy::All => SlotAction::Run {
                    at,
                    late: true,
                    message: Some(format!("{missed}; started late (catch-up policy all)")),
                },
            }
        })
        .collect()
}

/// What to do with a run whose slot fired, given the deployment's runs in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlapAction {
    Start,
    /// Wait for the runs in progress to end.
    Queue,
    /// Cancel the runs in progress, then start when they have ended.
    CancelPreviousThenStart,
    Skip(String),
}

/// `busy`: runs of the deployment in progress (in any process); `waiting`: runs already
/// queued behind them.
pub fn on_overlap(policy: OverlapPolicy, busy: usize, waiting: usize) -> OverlapAction {
    if busy == 0 && waiting == 0 {
        return OverlapAction::Start;
    }
    match policy {
        OverlapPolicy::Allow => OverlapAction::Start,
        OverlapPolicy::Skip => OverlapAction::Skip(
            "skipped: the previous run was still in progress (overlap policy skip)".into(),
        ),
        OverlapPolicy::QueueOne if waiting == 0 => OverlapAction::Queue,
        OverlapPolicy::QueueOne => OverlapAction::Skip(
            "skipped: a run was already waiting for the previous one to end (overlap policy queue_one)"
                .into(),
        ),
        OverlapPolicy::CancelPrevious => OverlapAction::CancelPreviousThenStart,
    }
}

/// Most Skipped rows recorded one by one for a deployment in one go; older skipped slots are
/// summarised in the oldest row's message.
const MAX_SKIP_ROWS: usize = 100;
/// Keeps at most [`MAX_SKIP_ROWS`] Skipped rows (the newest); the oldest kept one says how
/// many earlier slots were skipped without a row of their own.
/// `at_least`: more slots were missed than counted (the walk jumped over some).
pub(crate) fn summarise_skips(
    actions: &mut Vec<SlotAction>,
    uncounted: u64,
    first_uncounted: Option<DateTime<Utc>>,
    at_least: bool,
) {
    let skips = actions.iter().filter(|a| matches!(a, SlotAction::Skip { .. })).count();
    let extra = skips.saturating_sub(MAX_SKIP_ROWS);
    let mut first = first_uncounted;
    if extra > 0 {
        let mut removed = 0;
        actions.retain(|a| {
            if removed < extra && matches!(a, SlotAction::Skip { .. }) {
                removed += 1;
                first = first.or(Some(a.at()));
                return false;
            }
            true
        });
    }
    let total = uncounted + extra as u64;
    if total == 0 {
        return;
    }
    if let Some(SlotAction::Skip { message, .. }) =
        actions.iter_mut().find(|a| matches!(a, SlotAction::Skip { .. }))
    {
        let since = first.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)).unwrap_or_default();
        let total = if at_least { format!("at least {total}") } else { total.to_string() };
        message
            .push_str(&format!(" (and {total} earlier missed slots since {since}, not recorded one by one)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const DAY: Duration = Duration::from_secs(86_400);

    #[test]
    fn on_time_slot_runs() {
        let now = t("2026-01-01T09:00:01Z");
        let plan = plan_due(now, &[t("2026-01-01T09:00:00Z")], CatchupPolicy::Skip, DAY);
        assert_eq!(plan, vec![SlotAction::Run { at: t("2026-01-01T09:00:00Z"), late: false, message: None }]);
    }

    #[test]
    fn latest_once_runs_only_the_latest_missed_slot() {
        let now = t("2026-01-03T12:00:00Z");
        let due = [t("2026-01-01T09:00:00Z"), t("2026-01-02T09:00:00Z"), t("2026-01-03T09:00:00Z")];
        let plan = plan_due(now, &due, CatchupPolicy::LatestOnce, 2 * DAY);
        assert!(matches!(&plan[0], SlotAction::Skip { message, .. } if message.contains("catch-up window")));
        assert!(matches!(&plan[1], SlotAction::Skip { message, .. } if message.contains("only the latest")));
        assert!(matches!(&plan[2], SlotAction::Run { late: true, .. }));
    }

    #[test]
    fn overlap_rules() {
        assert_eq!(on_overlap(OverlapPolicy::Skip, 0, 0), OverlapAction::Start);
        assert!(matches!(on_overlap(OverlapPolicy::Skip, 1, 0), OverlapAction::Skip(_)));
        assert_eq!(on_overlap(OverlapPolicy::QueueOne, 1, 0), OverlapAction::Queue);
        assert!(matches!(on_overlap(OverlapPolicy::QueueOne, 1, 1), OverlapAction::Skip(_)));
        assert_eq!(on_overlap(OverlapPolicy::Allow, 3, 0), OverlapAction::Start);
        assert_eq!(on_overlap(OverlapPolicy::CancelPrevious, 1, 0), OverlapAction::CancelPreviousThenStart);
    }
}
