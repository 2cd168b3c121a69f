//! Source health and the circuit breaker. A board that answers 404 every day used to be asked
//! every day, with nothing but a log line to say so; here each hunt leaves one row per source
//! (its outcome once its retries are spent, the jobs found and new, the latency), and a source
//! that keeps failing is paused for a cool-off so hunts skip it without a request:
//!
//! * 3 consecutive failed runs of kind `blocked`, `not_found` or `malformed` (asking again
//!   will not help), or 5 of any kind (`unavailable`: timeouts, 5xx) pause it;
//! * the first pause lasts [`PAUSE_BASE`] (24 h), each further one twice the last (up to
//!   [`PAUSE_MAX`]); a successful run resets the doubling;
//! * once a pause is over (or retried by hand: [`retry`]) the next hunt tries the source
//!   again, and one more failure pauses it again at once (the streak is still there);
//! * each pause sends one notification (Notifier::notify) that opens the Sources view, where
//!   "Retry now" is.
//!
//! The flows call [`paused_sources`] before fanning out and [`record_runs`] after (flows do not
//! use SQL of their own); the CLI and the app read [`health`]. Every time comes from the
//! engine's clock.
//!
//! One concern per file: [`record`] stores how each hunt went per source, [`breaker`] pauses
//! and un-pauses sources, [`view`] reads the health the CLI and the app show. This file holds
//! what all three share: the thresholds, a run's [`Outcome`] and a source's name in words.

use chrono::{DateTime, SecondsFormat, Utc};
use jobhunter_engine::{ErrorKind, OpError};
use jobhunter_jobs::error::FailureKind;
use jobhunter_jobs::sources::SourceSpec;

pub mod breaker;
pub mod record;
pub mod view;

pub use breaker::{cool_off, paused_sources, retry, Paused};
pub use record::{record_runs, RunTally, SourceRun};
pub use view::{health, health_of, SourceHealth, SourceRunView, SourceState};

/// The first cool-off; each further pause doubles it.
pub const PAUSE_BASE: chrono::Duration = chrono::Duration::hours(24);
/// The longest cool-off.
pub const PAUSE_MAX: chrono::Duration = chrono::Duration::days(32);
/// Consecutive failed runs of kind blocked, not found or malformed that pause a source.
pub const PERMANENT_THRESHOLD: usize = 3;
/// Consecutive failed runs of any kind (unavailable among them) that pause a source.
pub const ANY_THRESHOLD: usize = 5;
/// Consecutive runs without a single posting that make a source suspicious.
pub const EMPTY_THRESHOLD: usize = 5;
/// How many recent runs the health shows (the yield chart).
pub const RECENT_RUNS: usize = 14;
/// The app's Sources view (where "Retry now" is): the pause notification opens it.
pub const ROUTE: &str = "/sources";

/// How one hunt went for one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It answered with postings.
    Ok,
    /// It answered, with none.
    Empty,
    /// It still failed after its retries.
    Failed(FailureKind),
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Empty => "empty",
            Self::Failed(kind) => kind.as_str(),
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "ok" => Self::Ok,
            "empty" => Self::Empty,
            other => Self::Failed(FailureKind::parse(other).unwrap_or(FailureKind::Other)),
        }
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Self::Failed(_))
    }
}

/// The kind of a source's failure as the flow sees it (an [`OpError`] after the retries: its
/// engine kind and the message the fetcher wrote, which names the HTTP status).
pub fn failure_kind(err: &OpError) -> FailureKind {
    let named = FailureKind::of_message(&err.message);
    match err.kind {
        ErrorKind::RateLimited => FailureKind::Blocked,
        ErrorKind::Transient | ErrorKind::TimedOut | ErrorKind::Crashed => {
            named.unwrap_or(FailureKind::Unavailable)
        }
        _ => named.unwrap_or(FailureKind::Other),
    }
}

pub(crate) fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// A source's name in words: "Lever board 'globex'", "Remote OK".
pub fn display_name(spec: &str) -> String {
    let Ok(parsed) = SourceSpec::parse(spec) else { return spec.to_owned() };
    let name = jobhunter_jobs::sources::catalogue::info(parsed.board).name;
    match parsed.argument {
        Some(arg) => match name.strip_suffix(" company boards") {
            Some(brand) => format!("{brand} board '{arg}'"),
            None => format!("{name}: {arg}"),
        },
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_kinds_from_errors_after_the_retries() {
        let err = |kind, m: &str| OpError::new(kind, m);
        assert_eq!(
            failure_kind(&err(ErrorKind::Permanent, "GET http://h/x: 404 Not Found")),
            FailureKind::NotFound
        );
        assert_eq!(
            failure_kind(&err(ErrorKind::Permanent, "GET http://h/x: 403 Forbidden")),
            FailureKind::Blocked
        );
        assert_eq!(failure_kind(&err(ErrorKind::RateLimited, "GET http://h/x: 429")), FailureKind::Blocked);
        assert_eq!(
            failure_kind(&err(ErrorKind::Transient, "GET http://h/x: 500 Internal Server Error")),
            FailureKind::Unavailable
        );
        assert_eq!(
            failure_kind(&err(ErrorKind::TimedOut, "the attempt ran longer")),
            FailureKind::Unavailable
        );
        assert_eq!(
            failure_kind(&err(ErrorKind::Permanent, "lever: malformed payload: eof")),
            FailureKind::Malformed
        );
    }

    #[test]
    fn names_in_words() {
        assert_eq!(display_name("lever:globex"), "Lever board 'globex'");
        assert_eq!(display_name("remoteok"), "Remote OK");
        assert_eq!(display_name("nonsense:x"), "nonsense:x");
    }
}
