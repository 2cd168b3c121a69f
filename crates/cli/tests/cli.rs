//! Black-box tests of the `jobhunter` binary: every test runs the real executable in fresh
//! processes against its own temporary data dir and checks the parsed `--json` documents,
//! the exit codes and the one-line errors on stderr.

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::Instant;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

const OP: &str = "cleanup_taskruns";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The binary with a clean environment for logging and the data dir (no inherited
/// `RUST_LOG` or `JOBHUNTER_DATA_DIR`), and nothing else set.
fn bare() -> Command {
    let mut cmd = Command::cargo_bin("jobhunter").expect("the jobhunter binary is built");
    cmd.env_remove("RUST_LOG").env_remove("JOBHUNTER_DATA_DIR").env_remove("NO_COLOR");
    cmd
}

/// The binary pointed at `dir` with `--data-dir`.
fn jh(dir: &Path) -> Command {
    let mut cmd = bare();
    cmd.arg("--data-dir").arg(dir);
    cmd
}

fn output(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().expect("the jobhunter binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn describe(args: &[&str], out: &Output) -> String {
    format!(
        "`jobhunter {}` -> {:?}\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    )
}

fn parse(args: &[&str], out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", describe(args, out)))
}

/// Runs `args` in `dir`, expects success and returns stdout parsed as JSON.
fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = output(jh(dir), args);
    assert!(out.status.success(), "expected success: {}", describe(args, &out));
    parse(args, &out)
}

/// Runs `args` in `dir`, expects success and returns stdout as text.
fn ok_text(dir: &Path, args: &[&str]) -> String {
    let out = output(jh(dir), args);
    assert!(out.status.success(), "expected success: {}", describe(args, &out));
    text(&out.stdout)
}

/// Asserts a failure with an error's exit status (1, 3, 4 or 5, see docs/architecture.md):
/// neither a clap usage error (2) nor a panic (101).
fn assert_failed(args: &[&str], out: &Output) {
    assert!(!out.status.success(), "expected a failure: {}", describe(args, out));
    assert!(
        matches!(out.status.code(), Some(1 | 3 | 4 | 5)),
        "expected an error's exit status: {}",
        describe(args, out)
    );
    assert!(!text(&out.stderr).contains("panicked"), "the CLI panicked: {}", describe(args, out));
}

/// The stderr of a failed command, which must be exactly one `error: ...` line; returned
/// without the `error: ` prefix.
fn one_error_line(args: &[&str], out: &Output) -> String {
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "stderr must be one line: {}", describe(args, out));
    let line = lines[0];
    if args.contains(&"--json") {
        let doc: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a --json error is {{code, message}} ({e}): {}", describe(args, out)));
        return doc["message"].as_str().expect("message").to_owned();
    }
    assert!(line.starts_with("error: "), "stderr must start with `error: `: {}", describe(args, out));
    assert!(!line.contains('\u{1b}'), "no terminal escape codes on a pipe: {}", describe(args, out));
    line["error: ".len()..].to_owned()
}

/// A command rejected before anything ran: an error's exit status, nothing on stdout, one error line naming
/// `needle`. Returns the message.
fn rejected(dir: &Path, args: &[&str], needle: &str) -> String {
    let out = output(jh(dir), args);
    assert_failed(args, &out);
    assert!(
        out.stdout.is_empty(),
        "stdout must be empty when the input is rejected: {}",
        describe(args, &out)
    );
    let msg = one_error_line(args, &out);
    assert!(msg.contains(needle), "the error must name `{needle}`: {}", describe(args, &out));
    msg
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` is not a string in {v:#}"))
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not a JSON array: {v:#}"))
}

fn ids(list: &Value) -> Vec<String> {
    arr(list).iter().map(|r| s(r, "id").to_owned()).collect()
}

/// `ops run cleanup_taskruns --input INPUT --json`, expected to succeed; returns the TaskRun id.
fn run_op_ok(dir: &Path, input: &str) -> String {
    let out = ok_json(dir, &["ops", "run", OP, "--input", input, "--json"]);
    assert_eq!(out["status"], "success", "{out:#}");
    s(&out, "taskrun_id").to_owned()
}

/// `flows run maintenance --params PARAMS --json`, expected to complete; returns the flow run id.
fn run_flow_ok(dir: &Path, params: &str) -> (String, Value) {
    let out = ok_json(dir, &["flows", "run", "maintenance", "--params", params, "--json"]);
    assert_eq!(out["state"], "Completed", "{out:#}");
    (s(&out, "flow_run_id").to_owned(), out)
}

fn show_taskrun(dir: &Path, id: &str) -> Value {
    ok_json(dir, &["taskruns", "show", id, "--json"])
}

fn assert_finished_timestamps(tr: &Value) {
    for key in ["started_at", "finished_at"] {
        let t = s(tr, key);
        assert!(t.ends_with('Z') && t.contains('T'), "`{key}` is not an RFC 3339 UTC time: {tr:#}");
    }
    assert!(s(tr, "finished_at") >= s(tr, "started_at"), "finished before it started: {tr:#}");
    let ms = tr["duration_ms"].as_i64().unwrap_or_else(|| panic!("no duration_ms: {tr:#}"));
    assert!(ms >= 0, "{tr:#}");
}

// ---------------------------------------------------------------------------------------------
// ops
// ---------------------------------------------------------------------------------------------

#[test]
fn ops_list_json_describes_cleanup_taskruns_with_schemas() {
    let dir = TempDir::new().unwrap();
    let ops = ok_json(dir.path(), &["ops", "list", "--json"]);
    let op =
        arr(&ops).iter().find(|o| o["name"] == OP).unwrap_or_else(|| panic!("{OP} is not listed: {ops:#}"));
    assert_eq!(op["category"], "maintenance");
    assert!(arr(&op["tags"]).contains(&json!("maintenance")), "{op:#}");
    assert!(!s(op, "description").is_empty());

    let input = &op["input_schema"];
    assert!(input.is_object(), "input_schema is not an object: {op:#}");
    assert_eq!(input["type"], "object");
    assert_eq!(input["properties"]["days"]["type"], "integer", "{input:#}");
    assert_eq!(input["required"], json!(["days"]));

    let output = &op["output_schema"];
    assert!(output.is_object(), "output_schema is not an object: {op:#}");
    for field in ["task_runs_deleted", "flow_runs_deleted", "logs_deleted", "cache_entries_deleted"] {
        assert_eq!(output["properties"][field]["type"], "integer", "{field} missing: {output:#}");
    }
}

#[test]
fn ops_run_records_a_direct_taskrun() {
    let dir = TempDir::new().unwrap();
    let out = ok_json(dir.path(), &["ops", "run", OP, "--input", r#"{"days":7}"#, "--json"]);
    assert_eq!(out["status"], "success", "{out:#}");
    assert_eq!(out["attempts"], 1);
    assert!(out["error"].is_null(), "{out:#}");
    for field in ["task_runs_deleted", "flow_runs_deleted", "logs_deleted", "cache_entries_deleted"] {
        assert_eq!(out["output"][field], 0, "a fresh database has nothing to delete: {out:#}");
    }
    let id = s(&out, "taskrun_id");
    assert!(!id.is_empty());

    let tr = show_taskrun(dir.path(), id);
    assert_eq!(tr["id"], id);
    assert_eq!(tr["orchestrated"], false, "{tr:#}");
    assert!(tr["flow_run_id"].is_null(), "{tr:#}");
    assert_eq!(tr["actor"], "cli");
    assert_eq!(tr["operation_name"], OP);
    assert_eq!(tr["task_name"], OP);
    assert_eq!(tr["input_dump"], json!({"days": 7}));
    assert_eq!(tr["attempt"], 1);
    assert_eq!(tr["status"], "success");
    assert_eq!(tr["output"], out["output"], "the recorded output is what the call returned");
    assert!(tr["error_kind"].is_null() && tr["error_message"].is_null(), "{tr:#}");
    assert!(tr["replay_of"].is_null(), "{tr:#}");
    assert_finished_timestamps(&tr);

    // Human output: the id and the status on the first line.
    let human = ok_text(dir.path(), &["ops", "run", OP, "--input", r#"{"days":7}"#]);
    let first = human.lines().next().unwrap_or_default();
    assert!(first.starts_with("taskrun ") && first.ends_with("success"), "{human}");
}

#[test]
fn ops_run_rejects_bad_input_with_one_line_naming_the_problem() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();

    let msg = rejected(d, &["ops", "run", OP, "--input", r#"{"days":"x"}"#, "--json"], "days");
    assert!(msg.starts_with("days"), "the message starts with the field: {msg}");
    rejected(d, &["ops", "run", OP, "--input", r#"{"days":7,"extra":1}"#, "--json"], "extra");
    rejected(d, &["ops", "run", OP, "--input", "{}", "--json"], "days");
    rejected(d, &["ops", "run", OP, "--input", "nope", "--json"], "--input");
    rejected(d, &["ops", "run", OP, "--input", "[1,2]", "--json"], "--input");
    rejected(d, &["ops", "run", "no_such_op", "--json"], "no_such_op");
    // The same without --json.
    rejected(d, &["ops", "run", OP, "--input", r#"{"days":"x"}"#], "days");

    // Rejected input never reaches the audit: no TaskRun was written.
    let all = ok_json(d, &["taskruns", "list", "--json"]);
    assert_eq!(arr(&all).len(), 0, "rejected calls must not leave TaskRuns: {all:#}");
}

#[test]
fn ops_run_failure_is_recorded_and_reported() {
    let dir = TempDir::new().unwrap();
    let args = ["ops", "run", OP, "--input", r#"{"days":0}"#, "--json"];
    let out = output(jh(dir.path()), &args);
    assert_failed(&args, &out);
    // A run that ran and failed still prints its document, then one error line.
    let doc = parse(&args, &out);
    assert_eq!(doc["status"], "failed", "{doc:#}");
    assert_eq!(doc["error"]["kind"], "invalid", "{doc:#}");
    assert!(doc["output"].is_null());
    let msg = one_error_line(&args, &out);
    assert!(msg.contains("invalid") && msg.contains("days"), "{msg}");

    let tr = show_taskrun(dir.path(), s(&doc, "taskrun_id"));
    assert_eq!(tr["status"], "failed");
    assert_eq!(tr["error_kind"], "invalid");
    assert!(s(&tr, "error_message").contains("days"), "{tr:#}");
    assert_eq!(tr["input_dump"], json!({"days": 0}));
    assert_finished_timestamps(&tr);
}

// ---------------------------------------------------------------------------------------------
// flows and runs
// ---------------------------------------------------------------------------------------------

#[test]
fn flows_list_json_describes_maintenance() {
    let dir = TempDir::new().unwrap();
    let flows = ok_json(dir.path(), &["flows", "list", "--json"]);
    let flow = arr(&flows)
        .iter()
        .find(|f| f["name"] == "maintenance")
        .unwrap_or_else(|| panic!("maintenance is not listed: {flows:#}"));
    let schema = &flow["parameters_schema"];
    assert!(schema.is_object(), "{flow:#}");
    assert!(schema.to_string().contains("cleanup_days"), "{schema:#}");
    // Absent: the retention setting (else 30 days) applies.
    assert_eq!(schema["properties"]["cleanup_days"]["default"], serde_json::Value::Null, "{schema:#}");
    assert_eq!(
        schema["properties"]["cleanup_days"]["type"],
        serde_json::json!(["integer", "null"]),
        "{schema:#}"
    );
    assert!(flow["result_schema"].to_string().contains("cleanup"), "{flow:#}");
}

#[test]
fn flows_run_maintenance_then_runs_list_and_show() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (id, out) = run_flow_ok(d, "{}");
    assert_eq!(out["state_type"], "COMPLETED");
    assert!(out["error"].is_null(), "{out:#}");
    let cleanup = &out["result"]["cleanup"];
    assert!(cleanup.is_object(), "result.cleanup is missing: {out:#}");
    assert!(cleanup["task_runs_deleted"].is_u64(), "{out:#}");

    // runs list
    let runs = ok_json(d, &["runs", "list", "--json"]);
    assert_eq!(ids(&runs), vec![id.clone()], "{runs:#}");
    let run = &arr(&runs)[0];
    assert_eq!(run["flow_name"], "maintenance");
    assert_eq!(run["state_name"], "Completed");
    assert_eq!(run["actor"], "cli");
    assert_eq!(run["result"], out["result"]);
    // Filters of runs list.
    assert_eq!(arr(&ok_json(d, &["runs", "list", "--flow", "maintenance", "--json"])).len(), 1);
    assert_eq!(arr(&ok_json(d, &["runs", "list", "--flow", "other", "--json"])).len(), 0);
    assert_eq!(arr(&ok_json(d, &["runs", "list", "--state", "completed", "--json"])).len(), 1);
    assert_eq!(arr(&ok_json(d, &["runs", "list", "--state", "failed", "--json"])).len(), 0);
    rejected(d, &["runs", "list", "--state", "bogus", "--json"], "--state");

    // runs show
    let shown = ok_json(d, &["runs", "show", &id, "--json"]);
    let fr = &shown["flow_run"];
    assert_eq!(fr["id"], id.as_str());
    assert_eq!(fr["state_name"], "Completed");
    assert_eq!(fr["state_type"], "COMPLETED");
    assert_eq!(fr["flow_name"], "maintenance");
    assert_eq!(fr["run_count"], 1);
    assert!(fr["finished_at"].is_string() && fr["duration_ms"].is_i64(), "{fr:#}");

    let task_runs = arr(&shown["task_runs"]);
    assert_eq!(task_runs.len(), 1, "one cleanup call, no retries: {shown:#}");
    let tr = &task_runs[0];
    assert_eq!(tr["orchestrated"], true, "{tr:#}");
    assert_eq!(tr["flow_run_id"], id.as_str());
    assert_eq!(tr["operation_name"], OP);
    assert_eq!(tr["status"], "success");
    assert_eq!(tr["attempt"], 1);
    assert_eq!(tr["input_dump"], json!({"days": 30}), "missing params take their defaults");
    assert_eq!(tr["output"], *cleanup);
    assert_finished_timestamps(tr);

    let logs = arr(&shown["logs"]);
    let line = logs
        .iter()
        .find(|l| s(l, "message").contains("deleted audit records"))
        .unwrap_or_else(|| panic!("the cleanup's log line was not captured: {shown:#}"));
    assert_eq!(line["flow_run_id"], id.as_str());
    assert_eq!(line["task_run_id"], tr["id"], "the log line belongs to the cleanup TaskRun");
    assert_eq!(line["level"], "INFO");
    assert!(s(line, "message").contains("30 days"), "{line:#}");

    // A parameter reaches the task.
    let (id2, _) = run_flow_ok(d, r#"{"cleanup_days":5}"#);
    let shown2 = ok_json(d, &["runs", "show", &id2, "--json"]);
    assert_eq!(shown2["task_runs"][0]["input_dump"], json!({"days": 5}), "{shown2:#}");
    let runs = ok_json(d, &["runs", "list", "--json"]);
    assert_eq!(ids(&runs), vec![id2, id], "newest first");
}

#[test]
fn flows_run_rejects_bad_params() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let msg = rejected(
        d,
        &["flows", "run", "maintenance", "--params", r#"{"cleanup_days":"x"}"#, "--json"],
        "cleanup_days",
    );
    assert!(msg.starts_with("cleanup_days"), "{msg}");
    rejected(d, &["flows", "run", "maintenance", "--params", r#"{"bogus":1}"#, "--json"], "bogus");
    rejected(d, &["flows", "run", "maintenance", "--params", "nope", "--json"], "--params");
    rejected(d, &["flows", "run", "no_such_flow", "--json"], "no_such_flow");

    let runs = ok_json(d, &["runs", "list", "--json"]);
    assert_eq!(arr(&runs).len(), 0, "rejected params must not create flow runs: {runs:#}");
    let trs = ok_json(d, &["taskruns", "list", "--json"]);
    assert_eq!(arr(&trs).len(), 0, "{trs:#}");
}

#[test]
fn runs_restart_cancel_and_show_errors() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (id, _) = run_flow_ok(d, "{}");

    let args = ["runs", "restart", id.as_str(), "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out);
    assert!(out.stdout.is_empty(), "{}", describe(&args, &out));
    let msg = one_error_line(&args, &out);
    assert!(msg.contains(&id) && msg.contains("completed"), "{msg}");
    assert!(msg.contains("nothing to restart"), "{msg}");

    let args = ["runs", "cancel", id.as_str(), "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out);
    let doc = parse(&args, &out);
    assert_eq!(doc["outcome"], "already_finished", "{doc:#}");
    assert_eq!(doc["state"], "Completed");
    let msg = one_error_line(&args, &out);
    assert!(msg.contains("already ended"), "{msg}");

    // Nothing changed.
    let shown = ok_json(d, &["runs", "show", &id, "--json"]);
    assert_eq!(shown["flow_run"]["state_name"], "Completed");
    assert_eq!(arr(&ok_json(d, &["runs", "list", "--json"])).len(), 1);

    for args in [
        ["runs", "show", "no-such-run", "--json"],
        ["runs", "cancel", "no-such-run", "--json"],
        ["runs", "restart", "no-such-run", "--json"],
        ["taskruns", "show", "no-such-run", "--json"],
        ["taskruns", "replay", "no-such-run", "--json"],
    ] {
        let msg = rejected(d, &args, "not found");
        assert!(msg.contains("no-such-run"), "{msg}");
    }
}

#[test]
fn runs_restart_of_a_failed_run_creates_a_linked_run() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // days = 0 is refused by the operation (Invalid, never retried): the flow run fails.
    let args = ["flows", "run", "maintenance", "--params", r#"{"cleanup_days":0}"#, "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out);
    let doc = parse(&args, &out);
    assert_eq!(doc["state"], "Failed", "{doc:#}");
    assert!(s(&doc, "error").contains("days"), "{doc:#}");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains('\u{1b}'), "no terminal escape codes on a pipe: {}", describe(&args, &out));
    // With --json the error line is {code, message} too.
    let last: Value = serde_json::from_str(stderr.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {}", describe(&args, &out)));
    assert_eq!(last["code"], "operation_failed", "{}", describe(&args, &out));
    let message = last["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("flow run ") && message.contains("Failed"), "{}", describe(&args, &out));
    let failed_id = s(&doc, "flow_run_id").to_owned();

    let shown = ok_json(d, &["runs", "show", &failed_id, "--json"]);
    assert_eq!(shown["flow_run"]["state_type"], "FAILED");
    assert_eq!(shown["task_runs"][0]["status"], "failed");
    assert_eq!(shown["task_runs"][0]["error_kind"], "invalid");

    let args = ["runs", "restart", failed_id.as_str(), "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out); // same parameters, same failure
    let doc = parse(&args, &out);
    assert_eq!(doc["restarted_from"], failed_id.as_str(), "{doc:#}");
    assert_eq!(doc["state"], "Failed");
    let new_id = s(&doc, "flow_run_id");
    assert_ne!(new_id, failed_id);
    let shown = ok_json(d, &["runs", "show", new_id, "--json"]);
    assert_eq!(shown["flow_run"]["restarted_from"], failed_id.as_str(), "{shown:#}");
    assert_eq!(shown["flow_run"]["trigger"], "restart");
    assert_eq!(shown["flow_run"]["parameters"], json!({"cleanup_days": 0}));
}

#[test]
fn runs_list_human_output_has_a_header() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    assert_eq!(ok_text(d, &["runs", "list"]).trim(), "(none)");

    let (id, _) = run_flow_ok(d, "{}");
    let human = ok_text(d, &["runs", "list"]);
    let mut lines = human.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(header.first(), Some(&"ID"), "{human}");
    assert_eq!(header.get(1), Some(&"FLOW"), "{human}");
    assert!(header.contains(&"STATE"), "{human}");
    let row: Vec<&str> = lines.next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(row.first(), Some(&id.as_str()), "{human}");
    assert_eq!(row.get(1), Some(&"maintenance"), "{human}");
    assert_eq!(row.get(2), Some(&"Completed"), "{human}");
    assert_eq!(lines.next(), None, "one run, one row: {human}");
}

// ---------------------------------------------------------------------------------------------
// taskruns
// ---------------------------------------------------------------------------------------------

/// Two successful direct calls, one failing direct call, then a maintenance flow run (one
/// orchestrated, successful cleanup call), in this order.
struct Mix {
    ok: [String; 2],
    failed: String,
    flow_run: String,
    flow_taskrun: String,
}

fn seed_mix(d: &Path) -> Mix {
    let a = run_op_ok(d, r#"{"days":7}"#);
    let b = run_op_ok(d, r#"{"days":14}"#);
    let args = ["ops", "run", OP, "--input", r#"{"days":0}"#, "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out);
    let failed = s(&parse(&args, &out), "taskrun_id").to_owned();
    let (flow_run, _) = run_flow_ok(d, "{}");
    let shown = ok_json(d, &["runs", "show", &flow_run, "--json"]);
    let flow_taskrun = s(&shown["task_runs"][0], "id").to_owned();
    Mix { ok: [a, b], failed, flow_run, flow_taskrun }
}

#[test]
fn taskruns_list_filters() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let m = seed_mix(d);
    let [a, b] = m.ok.clone();
    let list = |extra: &[&str]| {
        let mut args = vec!["taskruns", "list", "--json"];
        args.extend_from_slice(extra);
        ids(&ok_json(d, &args))
    };

    let newest_first = vec![m.flow_taskrun.clone(), m.failed.clone(), b.clone(), a.clone()];
    assert_eq!(list(&[]), newest_first);
    // --after: the page after a listed TaskRun (keyset), as --offset would give it.
    assert_eq!(list(&["--limit", "2", "--after", &m.failed]), vec![b.clone(), a.clone()]);
    assert_eq!(list(&["--limit", "2", "--offset", "2"]), vec![b.clone(), a.clone()]);

    // --flow-run
    let of_flow = ok_json(d, &["taskruns", "list", "--flow-run", &m.flow_run, "--json"]);
    assert_eq!(ids(&of_flow), vec![m.flow_taskrun.clone()]);
    for tr in arr(&of_flow) {
        assert_eq!(tr["orchestrated"], true);
        assert_eq!(tr["flow_run_id"], m.flow_run.as_str());
    }
    assert_eq!(list(&["--flow-run", "no-such-run"]), Vec::<String>::new());

    // --status
    assert_eq!(list(&["--status", "success"]), vec![m.flow_taskrun.clone(), b.clone(), a.clone()]);
    let failed = ok_json(d, &["taskruns", "list", "--status", "failed", "--json"]);
    assert_eq!(ids(&failed), vec![m.failed.clone()]);
    assert_eq!(failed[0]["error_kind"], "invalid");
    assert_eq!(failed[0]["orchestrated"], false);
    assert_eq!(list(&["--status", "running"]), Vec::<String>::new());
    let msg = rejected(d, &["taskruns", "list", "--status", "bogus", "--json"], "--status");
    assert!(msg.contains("bogus") && msg.contains("success"), "lists the valid statuses: {msg}");

    // --operation
    assert_eq!(list(&["--operation", OP]), newest_first);
    assert_eq!(list(&["--operation", "no_such_op"]), Vec::<String>::new());

    // --limit / --offset
    assert_eq!(list(&["--limit", "1"]), vec![m.flow_taskrun.clone()]);
    assert_eq!(list(&["--limit", "1", "--offset", "1"]), vec![m.failed.clone()]);
    assert_eq!(list(&["--limit", "2", "--offset", "3"]), vec![a.clone()]);
    assert_eq!(list(&["--status", "success", "--limit", "2"]), vec![m.flow_taskrun.clone(), b.clone()]);

    // --since / --until
    assert_eq!(list(&["--since", "2999-01-01T00:00:00Z"]), Vec::<String>::new());
    assert_eq!(list(&["--until", "2999-01-01T00:00:00Z"]), newest_first);
    assert_eq!(list(&["--until", "2000-01-01T00:00:00Z"]), Vec::<String>::new());
    let oldest = show_taskrun(d, &a);
    assert_eq!(list(&["--since", s(&oldest, "started_at")]), newest_first, "--since is inclusive");
    assert_eq!(list(&["--until", s(&oldest, "started_at")]), Vec::<String>::new(), "--until is exclusive");
    rejected(d, &["taskruns", "list", "--since", "yesterday", "--json"], "--since");

    // Human listing: a header and one row per TaskRun, direct calls marked as such.
    let human = ok_text(d, &["taskruns", "list"]);
    let lines: Vec<&str> = human.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("OPERATION"), "{human}");
    assert_eq!(lines.len(), 5, "{human}");
    assert!(lines[1].starts_with(&m.flow_taskrun) && lines[1].ends_with(&m.flow_run), "{human}");
    assert!(lines[4].starts_with(&a) && lines[4].ends_with("(direct)"), "{human}");
}

#[test]
fn taskruns_stats_count_and_success_rate() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // 3 successes (2 direct + 1 in the flow) and 1 failure.
    seed_mix(d);
    let stats = ok_json(d, &["taskruns", "stats", "--json"]);
    let st = arr(&stats)
        .iter()
        .find(|s| s["group"] == OP)
        .unwrap_or_else(|| panic!("no stats for {OP}: {stats:#}"));
    // Calls, one attempt each here (tests/tags_and_stats.rs and the engine's call_stats test
    // count retried calls once).
    assert_eq!(st["calls"], 4, "{st:#}");
    assert_eq!(st["successes"], 3, "{st:#}");
    assert_eq!(st["failures"], 1, "{st:#}");
    let rate = st["success_rate"].as_f64().unwrap();
    assert!((rate - 0.75).abs() < 1e-9, "{st:#}");
    assert!(st["avg_duration_ms"].as_f64().is_some_and(|v| v >= 0.0), "{st:#}");
    assert!(st["p95_duration_ms"].as_i64().is_some_and(|v| v >= 0), "{st:#}");

    let later = ok_json(d, &["taskruns", "stats", "--since", "2999-01-01T00:00:00Z", "--json"]);
    assert_eq!(arr(&later).len(), 0, "{later:#}");
    rejected(d, &["taskruns", "stats", "--since", "soon", "--json"], "--since");

    let human = ok_text(d, &["taskruns", "stats"]);
    assert!(human.contains(OP) && human.contains("75.0%"), "{human}");
}

#[test]
fn taskruns_replay_records_replay_of_and_edited_input() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let original = run_op_ok(d, r#"{"days":7}"#);

    let out = ok_json(d, &["taskruns", "replay", &original, "--json"]);
    assert_eq!(out["status"], "success", "{out:#}");
    let replay = s(&out, "taskrun_id").to_owned();
    assert_ne!(replay, original, "a replay is a new TaskRun");
    let tr = show_taskrun(d, &replay);
    assert_eq!(tr["replay_of"], original.as_str(), "{tr:#}");
    assert_eq!(tr["input_dump"], json!({"days": 7}), "the recorded input is reused");
    assert_eq!(tr["operation_name"], OP);
    assert_eq!(tr["orchestrated"], false);
    assert_eq!(tr["actor"], "cli");
    assert_eq!(tr["status"], "success");

    let out = ok_json(d, &["taskruns", "replay", &original, "--input", r#"{"days":3}"#, "--json"]);
    let edited = show_taskrun(d, s(&out, "taskrun_id"));
    assert_eq!(edited["replay_of"], original.as_str(), "{edited:#}");
    assert_eq!(edited["input_dump"]["days"], 3, "{edited:#}");

    // The original is untouched.
    let orig = show_taskrun(d, &original);
    assert!(orig["replay_of"].is_null());
    assert_eq!(orig["input_dump"], json!({"days": 7}));

    // Bad edited input is rejected before anything runs.
    rejected(d, &["taskruns", "replay", &original, "--input", r#"{"days":"x"}"#, "--json"], "days");
    rejected(d, &["taskruns", "replay", &original, "--input", "nope", "--json"], "--input");
    assert_eq!(arr(&ok_json(d, &["taskruns", "list", "--json"])).len(), 3);

    // A failed call replayed with a fixed input succeeds, and points at the failed one.
    let args = ["ops", "run", OP, "--input", r#"{"days":0}"#, "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out);
    let failed = s(&parse(&args, &out), "taskrun_id").to_owned();
    let args = ["taskruns", "replay", failed.as_str(), "--json"];
    let out = output(jh(d), &args);
    assert_failed(&args, &out); // same input, same failure
    assert_eq!(parse(&args, &out)["status"], "failed");
    let fixed = ok_json(d, &["taskruns", "replay", &failed, "--input", r#"{"days":1}"#, "--json"]);
    assert_eq!(fixed["status"], "success");
    assert_eq!(show_taskrun(d, s(&fixed, "taskrun_id"))["replay_of"], failed.as_str());

    // Replaying an orchestrated TaskRun is a direct call.
    let (flow_run, _) = run_flow_ok(d, "{}");
    let shown = ok_json(d, &["runs", "show", &flow_run, "--json"]);
    let in_flow = s(&shown["task_runs"][0], "id").to_owned();
    let out = ok_json(d, &["taskruns", "replay", &in_flow, "--json"]);
    let tr = show_taskrun(d, s(&out, "taskrun_id"));
    assert_eq!(tr["replay_of"], in_flow.as_str());
    assert_eq!(tr["orchestrated"], false, "{tr:#}");
    assert!(tr["flow_run_id"].is_null(), "{tr:#}");
    assert_eq!(tr["input_dump"], json!({"days": 30}));
}

// ---------------------------------------------------------------------------------------------
// Cleanup on real old rows
// ---------------------------------------------------------------------------------------------

fn sqlite3_available() -> bool {
    StdCommand::new("sqlite3").arg("-version").output().map(|o| o.status.success()).unwrap_or(false)
}

/// Runs one SQL script on the data dir's database with the `sqlite3` shell; returns stdout.
fn sqlite3(d: &Path, sql: &str) -> String {
    let db = d.join("jobhunter.db");
    assert!(db.is_file(), "no database at {}", db.display());
    let out = StdCommand::new("sqlite3").arg(&db).arg(sql).output().expect("sqlite3 runs");
    assert!(out.status.success(), "sqlite3 failed: {}", text(&out.stderr));
    text(&out.stdout).trim().to_owned()
}

/// 40 days ago, in the engine's timestamp format (microseconds, `Z`).
const AGO: &str = "strftime('%Y-%m-%dT%H:%M:%S', 'now', '-40 days') || '.000000Z'";

#[test]
fn maintenance_really_deletes_old_records() {
    if !sqlite3_available() {
        eprintln!("NOTE: skipping maintenance_really_deletes_old_records: no `sqlite3` on PATH");
        return;
    }
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let old = run_op_ok(d, r#"{"days":7}"#);
    let recent = run_op_ok(d, r#"{"days":7}"#);
    let (old_flow, _) = run_flow_ok(d, "{}");
    let old_flow_taskrun = {
        let shown = ok_json(d, &["runs", "show", &old_flow, "--json"]);
        s(&shown["task_runs"][0], "id").to_owned()
    };

    // Age one direct TaskRun and one flow run (its TaskRun only through the flow run).
    let changed = sqlite3(
        d,
        &format!(
            "UPDATE task_runs SET started_at = {AGO}, finished_at = {AGO} WHERE id = '{old}'; \
             SELECT changes(); \
             UPDATE flow_runs SET created_at = {AGO}, started_at = {AGO}, finished_at = {AGO} \
             WHERE id = '{old_flow}'; SELECT changes();"
        ),
    );
    assert_eq!(changed.split_whitespace().collect::<Vec<_>>(), ["1", "1"], "rows aged: {changed}");
    let aged = show_taskrun(d, &old);
    assert!(s(&aged, "started_at") < s(&show_taskrun(d, &recent), "started_at"), "{aged:#}");

    let (_, out) = run_flow_ok(d, r#"{"cleanup_days":30}"#);
    let cleanup = &out["result"]["cleanup"];
    let deleted = cleanup["task_runs_deleted"].as_u64().unwrap_or_else(|| panic!("{out:#}"));
    assert!(deleted >= 1, "{out:#}");
    assert_eq!(deleted, 2, "the aged direct TaskRun and the aged flow run's TaskRun: {out:#}");
    assert_eq!(cleanup["flow_runs_deleted"], 1, "{out:#}");

    for (what, args) in [
        ("the old TaskRun", ["taskruns", "show", old.as_str(), "--json"]),
        ("the old flow run's TaskRun", ["taskruns", "show", old_flow_taskrun.as_str(), "--json"]),
        ("the old flow run", ["runs", "show", old_flow.as_str(), "--json"]),
    ] {
        let out = output(jh(d), &args);
        assert_failed(&args, &out);
        let msg = one_error_line(&args, &out);
        assert!(msg.contains("not found"), "{what} should be gone: {msg}");
    }
    // Recent records stay.
    assert_eq!(show_taskrun(d, &recent)["status"], "success");
    let runs = ok_json(d, &["runs", "list", "--json"]);
    assert_eq!(arr(&runs).len(), 1, "only the cleanup run itself is left: {runs:#}");
}

// ---------------------------------------------------------------------------------------------
// Process-level behaviour: data dir resolution, start-up time, pipes
// ---------------------------------------------------------------------------------------------

#[test]
fn fresh_process_runs_maintenance() {
    let dir = TempDir::new().unwrap();
    let args = ["flows", "run", "maintenance", "--json"];
    let started = Instant::now();
    let out = output(jh(dir.path()), &args);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{}", describe(&args, &out));
    assert_eq!(parse(&args, &out)["state"], "Completed");
    eprintln!("fresh `jobhunter flows run maintenance --json` (new data dir): {elapsed:?}");

    let started = Instant::now();
    let out = output(jh(dir.path()), &args);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{}", describe(&args, &out));
    eprintln!("second `jobhunter flows run maintenance --json` (existing data dir): {elapsed:?}");
}

#[test]
fn data_dir_from_env_and_flag_precedence() {
    let env_dir = TempDir::new().unwrap();
    let flag_dir = TempDir::new().unwrap();

    // JOBHUNTER_DATA_DIR alone.
    let mut cmd = bare();
    cmd.env("JOBHUNTER_DATA_DIR", env_dir.path());
    let args = ["ops", "run", OP, "--input", r#"{"days":7}"#, "--json"];
    let out = output(cmd, &args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    let id = s(&parse(&args, &out), "taskrun_id").to_owned();
    assert!(env_dir.path().join("jobhunter.db").is_file(), "the database is in $JOBHUNTER_DATA_DIR");
    assert_eq!(show_taskrun(env_dir.path(), &id)["input_dump"], json!({"days": 7}));

    // --data-dir wins over the environment.
    let mut cmd = bare();
    cmd.env("JOBHUNTER_DATA_DIR", env_dir.path()).arg("--data-dir").arg(flag_dir.path());
    let out = output(cmd, &args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    let id2 = s(&parse(&args, &out), "taskrun_id").to_owned();
    assert_eq!(ids(&ok_json(flag_dir.path(), &["taskruns", "list", "--json"])), vec![id2]);
    assert_eq!(ids(&ok_json(env_dir.path(), &["taskruns", "list", "--json"])), vec![id]);

    // Reads through the environment too.
    bare()
        .env("JOBHUNTER_DATA_DIR", env_dir.path())
        .args(["taskruns", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(OP).and(predicate::str::contains("(direct)")));
}

/// An empty `JOBHUNTER_DATA_DIR` means "unset" (the engine's rule): the CLI falls back to the
/// platform data dir instead of failing with a usage error.
#[test]
#[cfg(target_os = "linux")]
fn empty_data_dir_env_falls_back_to_the_default() {
    let home = TempDir::new().unwrap();
    let xdg = home.path().join("xdg-data");
    let args = ["ops", "list", "--json"];
    let mut cmd = bare();
    cmd.env("JOBHUNTER_DATA_DIR", "").env("HOME", home.path()).env("XDG_DATA_HOME", &xdg);
    let out = output(cmd, &args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    assert!(arr(&parse(&args, &out)).iter().any(|o| o["name"] == OP));
    assert!(xdg.join("jobhunter").join("jobhunter.db").is_file(), "the default data dir was used");
}

/// `jobhunter ... | head -1`: a closed stdout must not make the CLI panic.
#[test]
fn closed_stdout_does_not_panic() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    for _ in 0..3 {
        run_op_ok(d, r#"{"days":7}"#);
    }
    for args in [&["taskruns", "list"][..], &["ops", "list", "--json"][..]] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_jobhunter"))
            .env_remove("RUST_LOG")
            .env_remove("JOBHUNTER_DATA_DIR")
            .env("RUST_BACKTRACE", "0")
            .arg("--data-dir")
            .arg(d)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the jobhunter binary runs");
        // Close the reading end before the CLI has had time to write anything.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "`jobhunter {}` panicked: {stderr}", args.join(" "));
        assert_ne!(status.code(), Some(101), "`jobhunter {}`: {stderr}", args.join(" "));
    }
    // The TaskRuns are intact afterwards.
    assert_eq!(arr(&ok_json(d, &["taskruns", "list", "--json"])).len(), 3);
}

/// The exit status follows the error's code, and `--json` errors are `{code, message}` on
/// stderr with the codes the app uses (docs/architecture.md has the table).
#[test]
fn exit_status_and_json_errors_follow_the_error_code() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let cases: [(&[&str], &str, i32); 4] = [
        (&["runs", "show", "nope", "--json"], "not_found", 4),
        (
            &["flows", "run", "maintenance", "--params", r#"{"cleanup_days": "soon"}"#, "--json"],
            "invalid_input",
            3,
        ),
        (&["flows", "run", "no_such_flow", "--json"], "unknown_flow", 4),
        (
            &["flows", "run", "maintenance", "--params", r#"{"cleanup_days": 0}"#, "--json"],
            "operation_failed",
            1,
        ),
    ];
    for (args, code, status) in cases {
        let out = output(jh(d), args);
        assert_eq!(out.status.code(), Some(status), "{}", describe(args, &out));
        let stderr = text(&out.stderr);
        let line = stderr.lines().find(|l| !l.trim().is_empty()).expect("an error line");
        let doc: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {}", describe(args, &out)));
        assert_eq!(doc["code"], code, "{}", describe(args, &out));
        assert!(!doc["message"].as_str().unwrap_or_default().is_empty());
    }
    // Without --json the same failure is one human line with the same status.
    let args = ["runs", "show", "nope"];
    let out = output(jh(d), &args);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).starts_with("error: "), "{}", describe(&args, &out));
}
