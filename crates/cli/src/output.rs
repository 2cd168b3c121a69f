//! Printing: one JSON document with `--json`, aligned text otherwise; and the CLI's error type,
//! which is always one human line on stderr.

use serde::Serialize;

/// A CLI failure: one line for stderr.
#[derive(Debug)]
pub struct CliError(String);

impl CliError {
    pub fn new(msg: impl Into<String>) -> Self {
        Self(msg.into())
    }
    pub fn message(&self) -> String {
        // One line, whatever the underlying error carried.
        self.0.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
    }
}

impl From<jobhunter_engine::EngineError> for CliError {
    fn from(e: jobhunter_engine::EngineError) -> Self {
        Self(e.to_string())
    }
}

pub type CliResult<T> = Result<T, CliError>;

pub fn print_json<T: Serialize>(value: &T) -> CliResult<()> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CliError::new(format!("cannot encode JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Prints rows as aligned columns under a header.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        println!("(none)");
        return;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
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
