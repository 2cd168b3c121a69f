//! Errors of the job-hunt operations and their domain modules, classified so that callers
//! (the task layer, the CLI, the UI) know whether trying again may help.

use jobhunter_engine::{is_busy, EngineError, ErrorKind, OpError};

/// What went wrong in an ops-crate function.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input; the message names the offending field or flag. Never retried.
    #[error("{0}")]
    Invalid(String),
    /// A named record does not exist (`channel 'x' not found`).
    #[error("{0} not found")]
    NotFound(String),
    /// A record with the same name already exists.
    #[error("{0}")]
    Conflict(String),
    /// The secret store (OS keyring) could not be used.
    #[error("secret store: {0}")]
    Secret(String),
    /// A notification channel could not deliver. `retryable`: a passing fault (timeout,
    /// connection refused, 5xx, 429) rather than a refusal (4xx, bad credentials).
    #[error("{message}")]
    Delivery { message: String, retryable: bool },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Self::Invalid(msg.into())
    }
    /// A delivery failure that may succeed later.
    pub fn transient(msg: impl Into<String>) -> Self {
        Self::Delivery { message: msg.into(), retryable: true }
    }
    /// A delivery failure that will happen again the same way.
    pub fn permanent(msg: impl Into<String>) -> Self {
        Self::Delivery { message: msg.into(), retryable: false }
    }

    /// Whether trying the same call again later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Delivery { retryable, .. } => *retryable,
            Self::Database(e) => is_busy(e),
            Self::Engine(e) => e.is_retryable(),
            Self::Invalid(_) | Self::NotFound(_) | Self::Conflict(_) | Self::Secret(_) => false,
        }
    }

    /// A stable, machine-readable code (`{ code, message }`).
    pub fn code(&self) -> jobhunter_engine::ErrorCode {
        use jobhunter_engine::ErrorCode;
        match self {
            Self::Invalid(_) => ErrorCode::InvalidInput,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Secret(_) => ErrorCode::SecretStore,
            Self::Delivery { .. } => ErrorCode::DeliveryFailed,
            Self::Database(_) => ErrorCode::Database,
            Self::Engine(e) => e.code(),
        }
    }
}

impl From<Error> for OpError {
    fn from(err: Error) -> Self {
        if let Error::Engine(e) = err {
            return e.into();
        }
        let kind = match &err {
            Error::Invalid(_) => ErrorKind::Invalid,
            e if e.is_retryable() => ErrorKind::Transient,
            _ => ErrorKind::Permanent,
        };
        OpError::from_error(kind, &err)
    }
}

/// Result alias of the ops crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
