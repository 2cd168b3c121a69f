//! Errors of the job-hunt domain. Each says whether trying again later can help, so the
//! operations built on it map them to the engine's error kinds without guessing.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad user input (a profile file, a source spec); the message names the field.
    #[error("{0}")]
    Invalid(String),
    /// The board answered with something we cannot read; trying again will not help.
    #[error("{source_name}: malformed payload: {message}")]
    Malformed { source_name: String, message: String },
    /// A passing network or server problem.
    #[error("{0}")]
    Transient(String),
    /// The board asked us to slow down.
    #[error("{message}")]
    RateLimited { message: String, retry_after: Option<Duration> },
    /// The request itself is wrong (404 board, 400 query).
    #[error("{0}")]
    Permanent(String),
}

impl Error {
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Transient(_) | Self::RateLimited { .. })
    }

    pub(crate) fn malformed(source_name: &str, message: impl Into<String>) -> Self {
        Self::Malformed { source_name: source_name.to_owned(), message: message.into() }
    }

    /// What a board's failure says about the board (source health, the circuit breaker).
    pub fn failure_kind(&self) -> FailureKind {
        match self {
            Self::Malformed { .. } => FailureKind::Malformed,
            Self::RateLimited { .. } => FailureKind::Blocked,
            Self::Transient(m) => FailureKind::of_message(m).unwrap_or(FailureKind::Unavailable),
            Self::Permanent(m) => FailureKind::of_message(m).unwrap_or(FailureKind::Other),
            Self::Invalid(_) => FailureKind::Other,
        }
    }
}

/// The kind of a board's failure, for source health: `blocked` (401/403, or 429 still after
/// the retries), `not_found` (404/410: a wrong company or board name), `malformed` (the board
/// changed its format), `unavailable` (timeouts, 5xx, connection errors), `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    Blocked,
    NotFound,
    Malformed,
    Unavailable,
    Other,
}

impl FailureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::NotFound => "not_found",
            Self::Malformed => "malformed",
            Self::Unavailable => "unavailable",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "blocked" => Self::Blocked,
            "not_found" => Self::NotFound,
            "malformed" => Self::Malformed,
            "unavailable" => Self::Unavailable,
            "other" => Self::Other,
            _ => return None,
        })
    }

    /// The kind of an HTTP error status.
    pub fn from_status(code: u16) -> Option<Self> {
        match code {
            401 | 403 | 429 => Some(Self::Blocked),
            404 | 410 => Some(Self::NotFound),
            408 | 500..=599 => Some(Self::Unavailable),
            _ => None,
        }
    }

    /// The kind named by an error message this crate wrote: the HTTP status of
    /// `GET <url>: 404 Not Found` (the fetcher's status errors), `malformed payload`, or a
    /// refused redirect / oversized body (the board changed). `None`: nothing recognisable
    /// (an error that crossed the engine keeps only its message; see `ops::source_health`).
    pub fn of_message(message: &str) -> Option<Self> {
        if message.contains(": malformed payload: ")
            || message.contains(": redirect refused: ")
            || message.contains(": response body too big: ")
        {
            return Some(Self::Malformed);
        }
        message
            .split(": ")
            .skip(1)
            .find_map(|part| {
                let code = part.split(' ').next()?;
                (code.len() == 3).then(|| code.parse::<u16>().ok()).flatten()
            })
            .and_then(Self::from_status)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_kinds_follow_the_status() {
        let kind = |e: Error| e.failure_kind();
        assert_eq!(
            kind(Error::Permanent("GET http://127.0.0.1:80/v0/x: 404 Not Found".into())),
            FailureKind::NotFound
        );
        assert_eq!(kind(Error::Permanent("GET http://h/x: 403 Forbidden".into())), FailureKind::Blocked);
        assert_eq!(
            kind(Error::Transient("GET http://h/x: 503 Service Unavailable".into())),
            FailureKind::Unavailable
        );
        assert_eq!(
            kind(Error::Transient("GET http://h/x timed out: operation timed out".into())),
            FailureKind::Unavailable
        );
        assert_eq!(
            kind(Error::Transient("GET http://h/x: 429 Too Many Requests with Retry-After 9000 s".into())),
            FailureKind::Blocked
        );
        assert_eq!(
            kind(Error::RateLimited { message: "429".into(), retry_after: None }),
            FailureKind::Blocked
        );
        assert_eq!(kind(Error::malformed("lever", "expected an array")), FailureKind::Malformed);
        assert_eq!(kind(Error::Permanent("GET http://h/x: 400 Bad Request".into())), FailureKind::Other);
        assert_eq!(FailureKind::of_message("lever:x: malformed payload: eof"), Some(FailureKind::Malformed));
        for k in
            [FailureKind::Blocked, FailureKind::NotFound, FailureKind::Malformed, FailureKind::Unavailable]
        {
            assert_eq!(FailureKind::parse(k.as_str()), Some(k));
        }
    }
}
