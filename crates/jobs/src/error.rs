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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
