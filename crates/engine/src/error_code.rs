//! The one list of error codes a caller sees. Every front end (the app's `{ code, message }`,
//! the CLI's `--json` errors and its exit status) takes its code from here, so the codes
//! cannot drift apart as free strings did.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable kind of failure. Serialized in snake_case (`"not_found"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Bad input; the message names the field.
    InvalidInput,
    NotFound,
    /// The action contradicts the current state (a taken name, a finished run, ...).
    Conflict,
    UnknownOperation,
    UnknownFlow,
    Database,
    Migration,
    Io,
    CorruptRecord,
    StorageWriter,
    /// The OS keyring refused or failed.
    SecretStore,
    /// A notification could not be delivered.
    DeliveryFailed,
    /// An operation failed in a way that trying again later may fix (a board or a mail
    /// server did not answer, a rate limit).
    Unavailable,
    /// An operation took longer than its timeout.
    TimedOut,
    Cancelled,
    /// An operation failed for good (its retries are spent, or it crashed).
    OperationFailed,
    /// A bug or an unexpected failure (a panicked background task, ...).
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 17] = [
        Self::InvalidInput,
        Self::NotFound,
        Self::Conflict,
        Self::UnknownOperation,
        Self::UnknownFlow,
        Self::Database,
        Self::Migration,
        Self::Io,
        Self::CorruptRecord,
        Self::StorageWriter,
        Self::SecretStore,
        Self::DeliveryFailed,
        Self::Unavailable,
        Self::TimedOut,
        Self::Cancelled,
        Self::OperationFailed,
        Self::Internal,
    ];

    /// The code as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::UnknownOperation => "unknown_operation",
            Self::UnknownFlow => "unknown_flow",
            Self::Database => "database",
            Self::Migration => "migration",
            Self::Io => "io",
            Self::CorruptRecord => "corrupt_record",
            Self::StorageWriter => "storage_writer",
            Self::SecretStore => "secret_store",
            Self::DeliveryFailed => "delivery_failed",
            Self::Unavailable => "unavailable",
            Self::TimedOut => "timed_out",
            Self::Cancelled => "cancelled",
            Self::OperationFailed => "operation_failed",
            Self::Internal => "internal",
        }
    }

    /// The `jobhunter` CLI's exit status for a command that failed with this code (see the
    /// table in `docs/architecture.md`): 3 for input the user can correct, 4 for something
    /// missing, 5 for a conflict with the current state, 1 for everything else. (2 stays the
    /// argument parser's usage error; 0 is success.)
    pub fn exit_status(self) -> u8 {
        match self {
            Self::InvalidInput => 3,
            Self::NotFound | Self::UnknownOperation | Self::UnknownFlow => 4,
            Self::Conflict => 5,
            _ => 1,
        }
    }
}

/// The code of an operation call that failed with this kind of error.
impl From<crate::ErrorKind> for ErrorCode {
    fn from(kind: crate::ErrorKind) -> Self {
        use crate::ErrorKind;
        match kind {
            ErrorKind::Invalid => Self::InvalidInput,
            ErrorKind::Transient | ErrorKind::RateLimited => Self::Unavailable,
            ErrorKind::TimedOut => Self::TimedOut,
            ErrorKind::Cancelled => Self::Cancelled,
            ErrorKind::Permanent | ErrorKind::Crashed => Self::OperationFailed,
            ErrorKind::Internal => Self::Internal,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_names_are_the_strings() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
            assert_eq!(code, code.as_str());
        }
    }
}
