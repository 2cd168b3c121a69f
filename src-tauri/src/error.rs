//! The error every command returns: it reaches the front end as `{ code, message }`.

use serde::{Deserialize, Serialize};

/// A command failure as the UI sees it.
///
/// `code` is a stable, machine-readable kind (`database`, `not_found`, `invalid_input`, ...),
/// taken from [`jobhunter_engine::EngineError::code`] when the engine failed; `message` is
/// meant for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }
}

impl From<jobhunter_engine::EngineError> for CommandError {
    fn from(error: jobhunter_engine::EngineError) -> Self {
        Self::new(error.code(), error.to_string())
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = CommandError::new("database", "database is locked");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({ "code": "database", "message": "database is locked" })
        );
        assert_eq!(error.to_string(), "database: database is locked");
    }
}
