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

/// The exit status the CLI gives a failure with this `--json` error code (the table in
/// docs/architecture.md).
pub fn exit_status_of(code: &str) -> i32 {
    match code {
        "invalid_input" => 3,
        "not_found" | "unknown_operation" | "unknown_flow" => 4,
        "conflict" => 5,
        _ => 1,
    }
}

/// Expects a failure (an error's exit status: 1, 3, 4 or 5; not clap's 2 nor a panic's 101)
/// with exactly one line on stderr (blank lines aside): `error: ...`, or with `--json`
/// `{"code", "message"}` whose code matches the exit status. Returns the message.
pub fn error_message(args: &[&str], out: &Output) -> String {
    let status = out.status.code();
    assert!(
        matches!(status, Some(1 | 3 | 4 | 5)),
        "expected an error's exit status: {}",
        describe(args, out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "stderr must be one line: {}", describe(args, out));
    if args.contains(&"--json") {
        let doc: Value = serde_json::from_str(lines[0])
            .unwrap_or_else(|e| panic!("--json error is not JSON ({e}): {}", describe(args, out)));
        let code = doc["code"].as_str().unwrap_or_else(|| panic!("no code: {}", describe(args, out)));
        assert_eq!(status, Some(exit_status_of(code)), "exit status of {code}: {}", describe(args, out));
        return doc["message"].as_str().expect("message").to_owned();
    }
    let msg =
        lines[0].strip_prefix("error: ").unwrap_or_else(|| panic!("no `error: `: {}", describe(args, out)));
    msg.to_owned()
}
