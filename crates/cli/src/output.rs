//! Printing: one JSON document with `--json`, aligned text otherwise; and the CLI's error type,
//! which is always one line on stderr (`error: ...`, or `{"code", "message"}` with `--json`)
//! and whose [`ErrorCode`] decides the exit status.

use jobhunter_api::{CommandError, ErrorCode};
use serde::Serialize;

/// A CLI failure: one line for stderr.
#[derive(Debug)]
pub struct CliError {
    code: ErrorCode,
    message: String,
    /// stdout was closed by its reader (`jobhunter ... | head`): nothing more to say.
    broken_pipe: bool,
}

impl CliError {
    /// Bad input on the command line (the message names the flag or argument).
    pub fn new(msg: impl Into<String>) -> Self {
        Self::coded(ErrorCode::InvalidInput, msg)
    }
    pub fn coded(code: ErrorCode, msg: impl Into<String>) -> Self {
        Self { code, message: msg.into(), broken_pipe: false }
    }
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    pub fn message(&self) -> String {
        // One line, whatever the underlying error carried.
        self.message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
    }
    pub fn is_broken_pipe(&self) -> bool {
        self.broken_pipe
    }
}

impl From<jobhunter_engine::EngineError> for CliError {
    fn from(e: jobhunter_engine::EngineError) -> Self {
        Self::coded(e.code(), e.to_string())
    }
}

impl From<jobhunter_ops::Error> for CliError {
    fn from(e: jobhunter_ops::Error) -> Self {
        Self::coded(e.code(), e.to_string())
    }
}

impl From<CommandError> for CliError {
    fn from(e: CommandError) -> Self {
        Self::coded(e.code, e.message)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        let broken_pipe = e.kind() == std::io::ErrorKind::BrokenPipe;
        Self { code: ErrorCode::Io, message: format!("cannot write to stdout: {e}"), broken_pipe }
    }
}

pub type CliResult<T> = Result<T, CliError>;

/// Prints one line on stdout. Unlike `println!`, a closed stdout (`jobhunter ... | head`) is an
/// error the command returns (the engine still closes cleanly), not a panic.
pub fn out(line: impl std::fmt::Display) -> CliResult<()> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}

pub fn print_json<T: Serialize>(value: &T) -> CliResult<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::coded(ErrorCode::Internal, format!("cannot encode JSON: {e}")))?;
    out(text)
}

/// Prints rows as aligned columns under a header.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) -> CliResult<()> {
    if rows.is_empty() {
        return out("(none)");
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        out(text.trim_end())
    };
    line(header.to_vec())?;
    for row in rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into())
}

pub fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn ms(v: Option<i64>) -> String {
    match v {
        Some(ms) if ms >= 1000 => format!("{:.1}s", ms as f64 / 1000.0),
        Some(ms) => format!("{ms}ms"),
        None => "-".into(),
    }
}
