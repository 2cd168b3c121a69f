//! Black-box tests of `jobhunter deployments`, `schedule preview` and `serve`: the real binary
//! against a temporary data dir, `--json` documents, exit codes, one-line errors naming the bad
//! flag, and `serve` as a real process firing an interval deployment and stopping on SIGTERM.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

mod common;
use common::{error_message, ok_json, run};

/// Expects exit code 1 with exactly one `error: ...` line on stderr; returns it.
fn one_line_error(dir: &Path, args: &[&str]) -> String {
    format!("error: {}", error_message(args, &run(dir, args)))
}

#[test]
fn schedule_preview_prints_rfc3339_utc_fire_times_across_dst() {
    let dir = TempDir::new().unwrap();
    let spring = ok_json(
        dir.path(),
        &[
            "schedule",
            "preview",
            "--cron",
            "30 2 * * *",
            "--tz",
            "Europe/Berlin",
            "--after",
            "2026-03-27T12:00:00Z",
            "--count",
            "3",
            "--json",
        ],
    );
    assert_eq!(
        spring,
        serde_json::json!(["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"])
    );
    let fall = ok_json(
        dir.path(),
        &[
            "schedule",
            "preview",
            "--cron",
            "30 2 * * *",
            "--tz",
            "Europe/Berlin",
            "--after",
            "2026-10-24T12:00:00Z",
            "--count",
            "2",
            "--json",
        ],
    );
    assert_eq!(fall, serde_json::json!(["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]));
    let seconds = ok_json(
        dir.path(),
        &[
            "schedule",
            "preview",
            "--cron",
            "*/30 * * * * *",
            "--tz",
            "UTC",
            "--after",
            "2026-01-01T00:00:00Z",
            "--count",
            "2",
            "--json",
        ],
    );
    assert_eq!(seconds, serde_json::json!(["2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z"]));
    let interval = ok_json(
        dir.path(),
        &[
            "schedule",
            "preview",
            "--interval",
            "90m",
            "--tz",
            "America/New_York",
            "--after",
            "2026-01-01T00:00:00Z",
            "--count",
            "2",
            "--json",
        ],
    );
    assert_eq!(interval, serde_json::json!(["2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z"]));
}

#[test]
fn bad_flags_give_one_line_naming_the_flag() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let cases: &[(&[&str], &str)] = &[
        (
            &["schedule", "preview", "--cron", "0 9 * * *", "--tz", "Mars/Base"],
            "error: --tz: unknown time zone 'Mars/Base'",
        ),
        (
            &["schedule", "preview", "--cron", "61 9 * * *", "--tz", "UTC"],
            "error: --cron: '61 9 * * *' is not a valid cron expression",
        ),
        (
            &["schedule", "preview", "--interval", "5x", "--tz", "UTC"],
            "error: --interval: '5x' is not a duration",
        ),
        (
            &["schedule", "preview", "--cron", "0 9 * * *", "--tz", "UTC", "--after", "tomorrow"],
            "error: --after: not an RFC 3339 time",
        ),
        (
            &["deployments", "create", "--flow", "nope", "--name", "x", "--cron", "0 9 * * *"],
            "error: --flow: unknown flow 'nope'",
        ),
        (
            &[
                "deployments",
                "create",
                "--flow",
                "maintenance",
                "--name",
                "x",
                "--cron",
                "0 9 * * *",
                "--params",
                "{\"cleanup_days\": \"x\"}",
            ],
            "error: --params: cleanup_days: invalid type",
        ),
        (
            &[
                "deployments",
                "create",
                "--flow",
                "maintenance",
                "--name",
                "x",
                "--cron",
                "0 9 * * *",
                "--tz",
                "Mars/Base",
            ],
            "error: --tz: unknown time zone 'Mars/Base'",
        ),
        (
            &[
                "deployments",
                "create",
                "--flow",
                "maintenance",
                "--name",
                "x",
                "--interval",
                "1h",
                "--catchup",
                "never",
            ],
            "error: --catchup: unknown catch-up policy 'never'",
        ),
        (
            &[
                "deployments",
                "create",
                "--flow",
                "maintenance",
                "--name",
                "x",
                "--interval",
                "1h",
                "--overlap",
                "maybe",
            ],
            "error: --overlap: unknown overlap policy 'maybe'",
        ),
        (
            &["deployments", "create", "--flow", "maintenance", "--name", "x", "--interval", "0s"],
            "error: --interval: must be at least 1s",
        ),
        (&["deployments", "pause", "ghost"], "error: deployment 'ghost' not found"),
    ];
    for (args, expected) in cases {
        let line = one_line_error(d, args);
        assert!(line.starts_with(expected), "{args:?}: got {line:?}, expected {expected:?}");
    }
    // --cron and --interval together, or neither: a usage error.
    let out = run(d, &["deployments", "create", "--flow", "maintenance", "--name", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        d,
        &[
            "deployments",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "x",
            "--cron",
            "0 9 * * *",
            "--interval",
            "1h",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn deployments_create_list_pause_resume_run_delete() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let created = ok_json(
        d,
        &[
            "deployments",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "nightly",
            "--cron",
            "0 3 * * *",
            "--tz",
            "Europe/Berlin",
            "--params",
            "{\"cleanup_days\": 7}",
            "--catchup",
            "all",
            "--overlap",
            "queue_one",
            "--json",
        ],
    );
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["flow_name"], "maintenance");
    assert_eq!(created["parameters"], serde_json::json!({ "cleanup_days": 7 }));
    assert_eq!(created["catchup"], "all");
    assert_eq!(created["overlap"], "queue_one");
    assert_eq!(created["schedules"][0]["kind"], "cron");
    assert_eq!(created["next_runs"].as_array().unwrap().len(), 3);
    assert!(created["next_runs"][0].as_str().unwrap().ends_with(":00:00Z"));

    // Names are unique.
    let line = one_line_error(
        d,
        &["deployments", "create", "--flow", "maintenance", "--name", "nightly", "--interval", "1h"],
    );
    assert!(line.contains("--name: a deployment named 'nightly' already exists"), "{line}");

    let list = ok_json(d, &["deployments", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());

    let paused = ok_json(d, &["deployments", "pause", "nightly", "--json"]);
    assert_eq!(paused["paused"], true);
    assert_eq!(paused["next_runs"], serde_json::json!([]));
    let resumed = ok_json(d, &["deployments", "resume", &id, "--json"]);
    assert_eq!(resumed["paused"], false);

    let edited = ok_json(
        d,
        &["deployments", "edit", &id, "--interval", "6h", "--tz", "UTC", "--overlap", "allow", "--json"],
    );
    assert_eq!(edited["schedules"][0]["kind"], "interval");
    assert_eq!(edited["schedules"][0]["every_secs"], 21_600);
    assert_eq!(edited["overlap"], "allow");

    let ran = ok_json(d, &["deployments", "run", "nightly", "--json"]);
    assert_eq!(ran["state"], "Completed");
    let shown = ok_json(d, &["deployments", "show", "nightly", "--json"]);
    assert_eq!(shown["runs"].as_array().unwrap().len(), 1);
    assert_eq!(shown["runs"][0]["id"], ran["flow_run_id"]);
    assert_eq!(shown["runs"][0]["deployment_id"], id.as_str());

    let deleted = ok_json(d, &["deployments", "delete", &id, "--json"]);
    assert_eq!(deleted["deleted"], id.as_str());
    assert_eq!(ok_json(d, &["deployments", "list", "--json"]), serde_json::json!([]));
    // The run survives its deployment.
    let runs = ok_json(d, &["runs", "list", "--json"]);
    assert_eq!(runs.as_array().unwrap().len(), 1);
}

#[test]
fn serve_fires_an_interval_deployment_and_stops_cleanly_on_sigterm() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    ok_json(
        d,
        &[
            "deployments",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "every-second",
            "--interval",
            "1s",
            "--json",
        ],
    );

    let bin = assert_cmd::cargo::cargo_bin("jobhunter");
    let mut child = StdCommand::new(bin)
        .arg("--data-dir")
        .arg(d)
        .arg("serve")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");

    let deadline = Instant::now() + Duration::from_secs(30);
    let completed = loop {
        std::thread::sleep(Duration::from_millis(200));
        let shown = ok_json(d, &["deployments", "show", "every-second", "--json"]);
        let runs = shown["runs"].as_array().unwrap().clone();
        let done =
            runs.iter().filter(|r| r["state_name"] == "Completed" && r["trigger"] == "schedule").count();
        if done >= 2 || Instant::now() > deadline {
            break done;
        }
    };
    let status = StdCommand::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(status.success());
    let stopped = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if stopped.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            panic!("serve did not stop within 15 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(completed >= 2, "only {completed} scheduled runs completed; serve stderr: {stderr}");
    assert_eq!(exit.code(), Some(0), "serve exit: {exit:?}; stderr: {stderr}");
    assert!(stopped.elapsed() < Duration::from_secs(5), "serve took {:?} to stop", stopped.elapsed());

    let runs = ok_json(d, &["runs", "list", "--deployment", "every-second", "--limit", "1000", "--json"]);
    assert!(runs.as_array().unwrap().len() >= 2);
    for r in runs.as_array().unwrap() {
        assert_ne!(r["state_type"], "RUNNING", "a run was left Running: {r}");
        assert_ne!(r["state_type"], "SCHEDULED", "a run was left Scheduled: {r}");
    }
}
