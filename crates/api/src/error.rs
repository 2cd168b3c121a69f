//! The error every action returns: it reaches the app as `{ code, message }` and the CLI's
//! `--json` errors the same way; the CLI's exit status follows from the code
//! ([`ErrorCode::exit_status`]).

use jobhunter_engine::ErrorCode;
use serde::{Deserialize, Serialize};

/// A failed action as a front end sees it: `code` is one of [`ErrorCode`] (a union of string
/// literals in TypeScript), `message` is meant for people and names the field on bad input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// Bad input; `field` names the offending argument.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::InvalidInput, format!("{field}: {message}"))
    }
}

impl From<jobhunter_engine::EngineError> for CommandError {
    fn from(error: jobhunter_engine::EngineError) -> Self {
        Self::new(error.code(), error.to_string())
    }
}

impl From<jobhunter_ops::Error> for CommandError {
    fn from(error: jobhunter_ops::Error) -> Self {
        Self::new(error.code(), error.to_string())
    }
}

/// Parses an optional JSON text argument (`None` or blank: `None`); the error names `field`.
pub fn parse_json_arg(field: &str, text: Option<&str>) -> CommandResult<Option<serde_json::Value>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => serde_json::from_str(t).map(Some).map_err(|e| CommandError::invalid(field, e)),
    }
}

/// What every action returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = CommandError::new(ErrorCode::Database, "database is locked");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({ "code": "database", "message": "database is locked" })
        );
        assert_eq!(error.to_string(), "database: database is locked");
    }

    #[test]
    fn ops_errors_keep_their_code() {
        let error = CommandError::from(jobhunter_ops::Error::NotFound("document 'x'".into()));
        assert_eq!(error.code, ErrorCode::NotFound);
        assert_eq!(error.message, "document 'x' not found");
    }

    #[test]
    fn json_arguments_name_the_field() {
        assert_eq!(parse_json_arg("params_json", None).unwrap(), None);
        assert_eq!(parse_json_arg("params_json", Some("  ")).unwrap(), None);
        assert_eq!(parse_json_arg("p", Some("{\"a\":1}")).unwrap(), Some(serde_json::json!({"a": 1})));
        let error = parse_json_arg("params_json", Some("{")).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.starts_with("params_json: "), "{}", error.message);
    }
}
