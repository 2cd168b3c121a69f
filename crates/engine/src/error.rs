//! Errors of the engine, classified so that the task layer knows whether a retry makes sense.
//!
//! Two types: [`OpError`] is what an operation (or a task or flow built on one) fails with,
//! carrying an [`ErrorKind`]; [`EngineError`] is what the engine's own API returns (storage,
//! unknown names, bad input to a registry call). Both expose a stable `code()` for the UI.

use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of failure happened; decides retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorKind {
    /// Bad input; never retried.
    Invalid,
    /// A passing fault (network, 5xx, busy database); retried.
    Transient,
    /// The other side asked us to slow down; retried after `retry_after`.
    RateLimited,
    /// Will fail again the same way (404, bad credentials); never retried.
    Permanent,
    /// Cancelled by the user or by the flow; never retried.
    Cancelled,
    /// The attempt ran past its timeout; retried.
    TimedOut,
    /// The process died while the run was in progress.
    Crashed,
    /// A bug: a panic or a broken invariant; never retried.
    Internal,
}

impl ErrorKind {
    /// Whether the task layer may retry an attempt that failed with this kind.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Transient | Self::RateLimited | Self::TimedOut)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::Transient => "transient",
            Self::RateLimited => "rate_limited",
            Self::Permanent => "permanent",
            Self::Cancelled => "cancelled",
            Self::TimedOut => "timed_out",
            Self::Crashed => "crashed",
            Self::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "invalid" => Self::Invalid,
            "transient" => Self::Transient,
            "rate_limited" => Self::RateLimited,
            "permanent" => Self::Permanent,
            "cancelled" => Self::Cancelled,
            "timed_out" => Self::TimedOut,
            "crashed" => Self::Crashed,
            "internal" => Self::Internal,
            _ => return None,
        })
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The failure of an operation, task or flow.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct OpError {
    pub kind: ErrorKind,
    pub message: String,
    /// For `RateLimited`: how long the other side asked us to wait.
    pub retry_after: Option<Duration>,
    /// The chain of causes, or a backtrace for panics.
    pub traceback: Option<String>,
}

impl OpError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), retry_after: None, traceback: None }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
    pub fn transient(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Transient, message)
    }
    pub fn permanent(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Permanent, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Cancelled, message)
    }
    pub fn timed_out(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TimedOut, message)
    }
    pub fn rate_limited(message: impl Into<String>, retry_after: Option<Duration>) -> Self {
        Self { retry_after, ..Self::new(ErrorKind::RateLimited, message) }
    }

    /// Builds an error of `kind` from any error, keeping its chain of causes as the traceback.
    pub fn from_error(kind: ErrorKind, err: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = Vec::new();
        let mut source = err.source();
        while let Some(cause) = source {
            chain.push(format!("caused by: {cause}"));
            source = cause.source();
        }
        let traceback = (!chain.is_empty()).then(|| chain.join("\n"));
        Self { traceback, ..Self::new(kind, err.to_string()) }
    }

    pub fn with_traceback(mut self, traceback: impl Into<String>) -> Self {
        self.traceback = Some(traceback.into());
        self
    }

    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }
}

impl From<EngineError> for OpError {
    fn from(err: EngineError) -> Self {
        let kind = match &err {
            EngineError::Invalid(_) => ErrorKind::Invalid,
            EngineError::Database(e) if is_busy(e) => ErrorKind::Transient,
            EngineError::UnknownOperation(_)
            | EngineError::UnknownFlow(_)
            | EngineError::NotFound(_)
            | EngineError::Conflict(_) => ErrorKind::Permanent,
            _ => ErrorKind::Internal,
        };
        Self::from_error(kind, &err)
    }
}

impl From<sqlx::Error> for OpError {
    fn from(err: sqlx::Error) -> Self {
        EngineError::from(err).into()
    }
}

/// Whether a database error is another connection holding the lock (worth trying again).
pub fn is_busy(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            let msg = db.message();
            msg.contains("database is locked") || msg.contains("database is busy")
        }
        _ => false,
    }
}

use crate::error_code::ErrorCode;

/// Errors of the engine's own API.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    /// Bad input; the message names the offending field.
    #[error("{0}")]
    Invalid(String),
    #[error("unknown operation '{0}' (see `ops list`)")]
    UnknownOperation(String),
    #[error("unknown flow '{0}' (see `flows list`)")]
    UnknownFlow(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("corrupt record: {0}")]
    Corrupt(String),
    #[error("the engine's storage writer has stopped: {0}")]
    Writer(String),
}

impl EngineError {
    /// A stable, machine-readable code (`{ code, message }` for the UI and `--json`).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Database(_) => ErrorCode::Database,
            Self::Migrate(_) => ErrorCode::Migration,
            Self::Io { .. } => ErrorCode::Io,
            Self::Invalid(_) => ErrorCode::InvalidInput,
            Self::UnknownOperation(_) => ErrorCode::UnknownOperation,
            Self::UnknownFlow(_) => ErrorCode::UnknownFlow,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Corrupt(_) => ErrorCode::CorruptRecord,
            Self::Writer(_) => ErrorCode::StorageWriter,
        }
    }

    /// Whether trying the same call again later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Database(e) => is_busy(e),
            Self::Writer(_) => true,
            _ => false,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }
}

/// Result alias of the engine's API.
pub type Result<T, E = EngineError> = std::result::Result<T, E>;
