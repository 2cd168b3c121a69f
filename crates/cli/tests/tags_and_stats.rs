//! The seed's labels and analytics from the command line: `deploy create --tag` (repeated),
//! `runs list --tag`, flow settings in `flows list | show`, and `taskruns stats --by
//! operation|actor [--orchestrated true|false] --json` counting calls.

mod common;

use std::path::Path;

use common::*;
use serde_json::json;
use tempfile::TempDir;

fn one_line_error(dir: &Path, args: &[&str]) -> String {
    error_message(args, &run(dir, args))
}

#[test]
fn deployment_tags_reach_their_runs_and_filter_them() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let created = ok_json(
        d,
        &[
            "deploy",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "nightly",
            "--cron",
            "0 2 * * *",
            "--tag",
            "scheduled",
            "--tag",
            "maintenance",
            "--tag",
            "scheduled",
            "--json",
        ],
    );
    assert_eq!(created["tags"], json!(["scheduled", "maintenance"]));
    let ran = ok_json(d, &["deployments", "run", "nightly", "--json"]);
    assert_eq!(ran["state"], "Completed");
    ok_json(d, &["flows", "run", "maintenance", "--json"]);

    let tagged = ok_json(d, &["runs", "list", "--tag", "maintenance", "--json"]);
    let ids: Vec<_> = tagged.as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, [ran["flow_run_id"].clone()]);
    assert_eq!(tagged[0]["tags"], json!(["scheduled", "maintenance"]));
    assert_eq!(ok_json(d, &["runs", "list", "--json"]).as_array().unwrap().len(), 2);
    let table = run(d, &["runs", "list", "--tag", "scheduled"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("TAGS") && text.contains("scheduled,maintenance"), "{text}");

    let edited = ok_json(d, &["deployments", "edit", "nightly", "--tag", "cleanup", "--json"]);
    assert_eq!(edited["tags"], json!(["cleanup"]));
    let cleared = ok_json(d, &["deployments", "edit", "nightly", "--no-tags", "--json"]);
    assert_eq!(cleared["tags"], json!([]));
    let line = one_line_error(d, &["deployments", "edit", "nightly", "--tag", "a,b"]);
    assert!(line.contains("--tag: tags:"), "{line}");
}

#[test]
fn flows_list_and_show_their_settings() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let flows = ok_json(d, &["flows", "list", "--json"]);
    let hunt = flows.as_array().unwrap().iter().find(|f| f["name"] == "daily_job_hunt").unwrap().clone();
    assert_eq!((hunt["retries"].clone(), hunt["timeout_secs"].clone()), (json!(1), json!(3600.0)));
    assert_eq!(hunt["tags"], json!(["production", "scheduled"]));
    let shown = ok_json(d, &["flows", "show", "daily_job_hunt", "--json"]);
    assert_eq!(shown["tags"], json!(["production", "scheduled"]));
    let text = String::from_utf8_lossy(&run(d, &["flows", "show", "daily_job_hunt"]).stdout).into_owned();
    assert!(text.contains("retries: 1") && text.contains("timeout: 1h"), "{text}");
    assert!(text.contains("tags: production,scheduled"), "{text}");
    let table = String::from_utf8_lossy(&run(d, &["flows", "list"]).stdout).into_owned();
    assert!(table.contains("TIMEOUT") && table.contains("production,scheduled"), "{table}");
    let line = one_line_error(d, &["flows", "show", "nope"]);
    assert!(line.contains("unknown flow 'nope'"), "{line}");
}

#[test]
fn taskrun_stats_count_calls_by_operation_or_actor() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // Two orchestrated calls of cleanup_taskruns (one run each) and one direct call.
    ok_json(d, &["flows", "run", "maintenance", "--json"]);
    ok_json(d, &["flows", "run", "maintenance", "--json"]);
    ok_json(d, &["ops", "run", "cleanup_taskruns", "--input", r#"{"days": 30}"#, "--json"]);

    let by_op = ok_json(d, &["taskruns", "stats", "--by", "operation", "--json"]);
    let cleanup =
        by_op.as_array().unwrap().iter().find(|s| s["group"] == "cleanup_taskruns").unwrap().clone();
    assert_eq!((cleanup["calls"].clone(), cleanup["successes"].clone()), (json!(3), json!(3)), "{cleanup}");
    assert_eq!(cleanup["success_rate"], json!(1.0));
    assert!(cleanup["total_duration_ms"].as_i64().unwrap() >= 0);
    assert!(cleanup["avg_duration_ms"].is_number());

    let direct = ok_json(d, &["taskruns", "stats", "--by", "operation", "--orchestrated", "false", "--json"]);
    assert_eq!(direct.as_array().unwrap().iter().map(|s| s["calls"].as_i64().unwrap()).sum::<i64>(), 1);
    let by_actor = ok_json(d, &["taskruns", "stats", "--by", "actor", "--orchestrated", "true", "--json"]);
    assert_eq!(by_actor[0]["group"], "cli", "{by_actor}");
    assert_eq!(by_actor[0]["calls"], 2);

    let table = String::from_utf8_lossy(&run(d, &["taskruns", "stats", "--by", "actor"]).stdout).into_owned();
    assert!(table.contains("ACTOR") && table.contains("CALLS") && table.contains("TOTAL"), "{table}");
    let line = one_line_error(d, &["taskruns", "stats", "--by", "weekday"]);
    assert!(line.contains("--by: unknown grouping 'weekday'"), "{line}");
}
