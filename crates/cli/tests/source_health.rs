//! `jobhunter sources health | retry` through the real binary: a Lever board answering 404
//! three hunts in a row (fixture server on 127.0.0.1, never the real Lever) is paused, the
//! health JSON says so with the contract's fields, a fourth hunt skips it without a request,
//! and `sources retry` un-pauses it.

use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{describe, error_message, jh};

fn hunt(dir: &std::path::Path, base: &str) -> Value {
    let params = r#"{"sources": ["greenhouse:acme", "lever:globex"], "limit": 10}"#;
    let args = ["flows", "run", "scrape_and_process", "--params", params, "--json"];
    let out = jh(dir)
        .env("JOBHUNTER_GREENHOUSE_URL", base)
        .env("JOBHUNTER_LEVER_URL", base)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&args, &out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cli_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = jh(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{}", describe(args, &out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_answering_404_three_times_is_paused_and_retried() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    server.route("/v0/postings/globex?mode=json", vec![Reply::status(404)]);
    let base = server.start().await;
    let dir = TempDir::new().unwrap();
    let d = dir.path().to_path_buf();

    let requests = tokio::task::spawn_blocking(move || {
        let empty = cli_json(&d, &["sources", "health", "--json"]);
        assert_eq!(empty, serde_json::json!([]));
        for _ in 0..3 {
            let run = hunt(&d, &base);
            assert_eq!(run["result"]["failed_sources"][0]["source"], "lever:globex", "{run}");
            assert_eq!(run["result"]["skipped_sources"], serde_json::json!([]), "{run}");
        }
        let health = cli_json(&d, &["sources", "health", "--json"]);
        let all = health.as_array().expect("an array");
        assert_eq!(all.len(), 2, "{health}");
        let globex = &all[0];
        for field in [
            "spec",
            "name",
            "state",
            "consecutive_failures",
            "last_attempt",
            "last_success",
            "last_error",
            "last_error_kind",
            "jobs_last_run",
            "new_last_run",
            "median_latency_ms",
            "paused_until",
            "yield",
        ] {
            assert!(globex.get(field).is_some(), "{field} missing in {globex}");
        }
        assert_eq!(globex["spec"], "lever:globex");
        assert_eq!(globex["name"], "Lever board 'globex'");
        assert_eq!(globex["state"], "paused");
        assert_eq!(globex["consecutive_failures"], 3);
        assert_eq!(globex["last_error_kind"], "not_found");
        assert!(globex["last_error"].as_str().unwrap().contains("404"), "{globex}");
        assert_eq!(globex["last_success"], Value::Null);
        assert_eq!(globex["yield"].as_array().unwrap().len(), 3);
        let acme = &all[1];
        assert_eq!(acme["state"], "working");
        assert!(acme["jobs_last_run"].as_u64().unwrap() > 0, "{acme}");
        assert_eq!(acme["new_last_run"], 0, "the 2nd and 3rd hunts found nothing new: {acme}");
        assert!(acme["median_latency_ms"].is_u64(), "{acme}");

        // The 4th hunt does not ask the paused board and says so.
        let run = hunt(&d, &base);
        assert_eq!(run["result"]["skipped_sources"][0]["source"], "lever:globex", "{run}");
        assert!(run["result"]["failed_sources"].as_array().unwrap().is_empty(), "{run}");

        let table = jh(&d).args(["sources", "health"]).output().unwrap();
        let text = String::from_utf8_lossy(&table.stdout);
        assert!(text.contains("lever:globex") && text.contains("paused"), "{text}");

        let retried = cli_json(&d, &["sources", "retry", "lever:globex", "--json"]);
        assert_eq!(retried["state"], "failing", "{retried}");
        assert_eq!(retried["paused_until"], Value::Null);
        let args = ["sources", "retry", "lever:nobody", "--json"];
        let out = jh(&d).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", describe(&args, &out));
        assert!(error_message(&args, &out).contains("lever:nobody"));
    })
    .await;
    requests.unwrap();
    assert_eq!(server.requests("/v0/postings/globex").len(), 3, "no request while paused");
}
