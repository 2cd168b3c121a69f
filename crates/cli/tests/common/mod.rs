//! Helpers shared by the CLI's black-box tests: the binary pointed at a data dir with a clean
//! environment, and assertions that print the whole command and its output on failure.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// `jobhunter --data-dir DIR`, with no inherited variables that would change its behaviour.
pub fn jh(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jobhunter").expect("the jobhunter binary is built");
    for var in ["RUST_LOG", "JOBHUNTER_DATA_DIR", "JOBHUNTER_SMTP_PASSWORD", "TZ", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(dir);
    cmd
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    jh(dir).args(args).output().expect("the jobhunter binary runs")
}

pub fn describe(args: &[&str], out: &Output) -> String {
    format!(
        "`jobhunter {}` -> {:?}\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `args`, expects success and returns stdout parsed as JSON.
pub fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, args);
    assert!(out.status.success(), "expected success: {}", describe(args, &out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(args, &out)))
}

/// Expects exit code 1 and exactly one `error: ...` line on stderr (blank lines aside);
/// returns the message after `error: `.
pub fn error_message(args: &[&str], out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "expected exit code 1: {}", describe(args, out));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "stderr must be one line: {}", describe(args, out));
    let msg =
        lines[0].strip_prefix("error: ").unwrap_or_else(|| panic!("no `error: `: {}", describe(args, out)));
    msg.to_owned()
}
