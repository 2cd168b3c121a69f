//! `jobhunter sources` through the real binary: the catalogue as JSON and text, a board
//! address resolved (its jobs counted against a fixture board named by
//! `JOBHUNTER_LEVER_URL`, never the real Lever), and an address that is not one refused.

use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{describe, error_message, jh, ok_json, run};

#[test]
fn list_prints_the_catalogue() {
    let dir = TempDir::new().unwrap();
    let list = ok_json(dir.path(), &["sources", "list", "--json"]);
    let list = list.as_array().expect("a JSON array");
    assert_eq!(list.len(), 15, "{list:?}");
    for entry in list {
        for field in ["spec", "name", "description", "needs_company", "countries"] {
            assert!(entry.get(field).is_some(), "{field} missing in {entry}");
        }
    }
    let specs: Vec<&str> = list.iter().filter_map(|e| e["spec"].as_str()).collect();
    assert!(specs.contains(&"greenhouse") && specs.contains(&"bundesagentur"), "{specs:?}");
    let ba = list.iter().find(|e| e["spec"] == "bundesagentur").unwrap();
    assert_eq!(ba["countries"], serde_json::json!(["DE"]));
    assert_eq!(ba["needs_company"], false);

    let args = ["sources", "list"];
    let out = run(dir.path(), &args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Remote OK") && text.contains("greenhouse:…"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolve_a_board_address_and_count_its_jobs() {
    let server = FixtureServer::default();
    server.route("/v0/postings/spotify?mode=json", vec![Reply::json("[]")]);
    let base = server.start().await;
    let dir = TempDir::new().unwrap();
    let d = dir.path().to_path_buf();

    let found: Value = tokio::task::spawn_blocking(move || {
        let args = ["sources", "resolve", "https://jobs.lever.co/spotify", "--json"];
        let out = jh(&d).env("JOBHUNTER_LEVER_URL", &base).args(args).output().unwrap();
        assert!(out.status.success(), "{}", describe(&args, &out));
        serde_json::from_slice(&out.stdout).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(found["spec"], "lever:spotify", "{found}");
    assert_eq!(found["kind"], "lever", "{found}");
    assert_eq!(found["name"], "spotify", "{found}");
    assert_eq!(found["open_jobs"], 0, "{found}");
    assert_eq!(server.requests("/v0/postings/spotify").len(), 1);
}

#[test]
fn resolve_refuses_what_is_not_a_web_address() {
    let dir = TempDir::new().unwrap();
    for args in [&["sources", "resolve", "notaurl"][..], &["sources", "resolve", "notaurl", "--json"][..]] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(3), "invalid input: {}", describe(args, &out));
        let message = error_message(args, &out);
        assert!(message.starts_with("url: "), "names url: {}", describe(args, &out));
    }
}
