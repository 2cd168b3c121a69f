//! Issue #10 through the real binary: an interval out of bounds (1 s to 366 days) is an input
//! error naming `--interval` (exit status 3, one line on stderr, no panic), nothing is stored,
//! and `deployments list` keeps working.

use tempfile::TempDir;

mod common;
use common::{describe, error_message, ok_json, run};

/// Runs `args`, expects the invalid-input exit status and one error line naming `flag`.
fn invalid(dir: &std::path::Path, args: &[&str], flag: &str) -> String {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(3), "invalid input: {}", describe(args, &out));
    let message = error_message(args, &out);
    assert!(message.starts_with(&format!("{flag}: ")), "names {flag}: {}", describe(args, &out));
    message
}

fn list(dir: &std::path::Path) -> Vec<serde_json::Value> {
    ok_json(dir, &["deployments", "list", "--json"]).as_array().expect("a JSON array").clone()
}

#[test]
fn an_interval_out_of_bounds_is_refused_by_create_and_nothing_is_stored() {
    let dir = TempDir::new().unwrap();
    for interval in ["9000000000000s", "367d", "53w"] {
        let args =
            ["deployments", "create", "--flow", "maintenance", "--name", "big", "--interval", interval];
        let message = invalid(dir.path(), &args, "--interval");
        assert!(message.contains("between 1s and 366d"), "{interval}: {message}");
        assert!(list(dir.path()).is_empty(), "{interval}: nothing is stored");
        // The same with --json: a JSON error, exit status 3.
        let mut json_args = args.to_vec();
        json_args.push("--json");
        invalid(dir.path(), &json_args, "--interval");
    }
    // `deployments list` works, in both forms, and the bounds themselves are accepted.
    let out = run(dir.path(), &["deployments", "list"]);
    assert!(out.status.success(), "{}", describe(&["deployments", "list"], &out));
    for (name, interval) in [("every-second", "1s"), ("yearly", "366d")] {
        ok_json(
            dir.path(),
            &[
                "deployments",
                "create",
                "--flow",
                "maintenance",
                "--name",
                name,
                "--interval",
                interval,
                "--json",
            ],
        );
    }
    let listed = list(dir.path());
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|d| d["next_runs"].as_array().is_some_and(|n| n.len() == 3)), "{listed:?}");
}

#[test]
fn edit_refuses_an_interval_out_of_bounds_and_keeps_the_old_schedule() {
    let dir = TempDir::new().unwrap();
    ok_json(
        dir.path(),
        &["deployments", "create", "--flow", "maintenance", "--name", "m", "--interval", "6h", "--json"],
    );
    invalid(dir.path(), &["deployments", "edit", "m", "--interval", "9000000000000s"], "--interval");
    let listed = list(dir.path());
    assert_eq!(listed[0]["schedule"], "every 6h (UTC)");
}

#[test]
fn schedule_preview_refuses_an_interval_out_of_bounds_instead_of_panicking() {
    let dir = TempDir::new().unwrap();
    for interval in ["10000000000000000s", "9000000000000s", "367d"] {
        invalid(
            dir.path(),
            &["schedule", "preview", "--interval", interval, "--tz", "UTC", "--count", "3"],
            "--interval",
        );
    }
    let times = ok_json(
        dir.path(),
        &[
            "schedule",
            "preview",
            "--interval",
            "366d",
            "--tz",
            "UTC",
            "--after",
            "2026-01-01T00:00:00Z",
            "--count",
            "2",
            "--json",
        ],
    );
    assert_eq!(times, serde_json::json!(["2027-01-02T00:00:00Z", "2028-01-03T00:00:00Z"]));
}

#[test]
fn schedule_preview_refuses_a_cron_expression_that_never_fires() {
    let dir = TempDir::new().unwrap();
    let message =
        invalid(dir.path(), &["schedule", "preview", "--cron", "0 0 30 2 *", "--tz", "UTC"], "--cron");
    assert!(message.contains("never fires"), "{message}");
}

/// A row an older build stored with `--interval 9000000000000s` (written here with the
/// `sqlite3` tool; skipped where it is not installed): `list` and `show` report the bad
/// schedule instead of panicking, and the other deployments are listed as usual.
#[test]
fn a_stored_bad_interval_is_reported_by_list_and_show_without_a_panic() {
    let dir = TempDir::new().unwrap();
    for name in ["big", "good"] {
        ok_json(
            dir.path(),
            &["deployments", "create", "--flow", "maintenance", "--name", name, "--interval", "1h", "--json"],
        );
    }
    let db = dir.path().join(jobhunter_engine::DATABASE_FILE);
    let sql = "UPDATE deployments SET schedules = json_set(schedules, '$[0].every_secs', 9000000000000) \
               WHERE name = 'big';";
    let Ok(status) = std::process::Command::new("sqlite3").arg(&db).arg(sql).status() else {
        eprintln!("sqlite3 is not installed; skipping the stored-row part");
        return;
    };
    assert!(status.success(), "sqlite3 {sql}");

    let listed = list(dir.path());
    assert_eq!(listed.len(), 2, "{listed:?}");
    let big = listed.iter().find(|d| d["name"] == "big").unwrap();
    assert_eq!(big["next_runs"], serde_json::json!([]), "{big}");
    assert!(big["schedule_error"].as_str().is_some_and(|e| e.contains("between 1s and 366d")), "{big}");
    let good = listed.iter().find(|d| d["name"] == "good").unwrap();
    assert_eq!(good["next_runs"].as_array().map(Vec::len), Some(3), "{good}");
    assert!(good.get("schedule_error").is_none(), "{good}");

    for args in [
        &["deployments", "list"][..],
        &["deployments", "show", "big"],
        &["deployments", "show", "big", "--json"],
    ] {
        let out = run(dir.path(), args);
        assert!(out.status.success(), "{}", describe(args, &out));
    }
    let out = run(dir.path(), &["deployments", "list"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("bad schedule"), "{table}");
}
