//! The job hunt from the command line, black box: profile import (with field-naming errors),
//! scrape_and_process against fixture boards on 127.0.0.1 (base URLs from the environment),
//! match_jobs, then `jobs list --min-score` and `jobs show` with provenance and explanation.

use assert_cmd::Command;
use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
use serde_json::Value;

fn jobhunter(data: &std::path::Path, base: &str) -> Command {
    let mut cmd = Command::cargo_bin("jobhunter").unwrap();
    cmd.arg("--data-dir").arg(data).env("JOBHUNTER_GREENHOUSE_URL", base).env("JOBHUNTER_LEVER_URL", base);
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn profile_import_names_the_bad_field() {
    let data = tempfile::tempdir().unwrap();
    let bad = data.path().join("bad.json");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("profile.json")).unwrap()).unwrap();
    doc["work"][2]["startDate"] = Value::from("someday");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out =
        jobhunter(data.path(), "http://127.0.0.1:9").args(["profile", "import"]).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("work[2].startDate: not a date"), "{stderr}");
    let out = jobhunter(data.path(), "http://127.0.0.1:9").args(["profile", "show"]).output().unwrap();
    assert!(!out.status.success(), "nothing was imported");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_match_and_list_jobs() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    server.route("/v0/postings/globex?mode=json", vec![Reply::json(fixture("lever-globex.json"))]);
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        let imported = json_of(
            jobhunter(&d, &base).args(["profile", "import"]).arg(fixtures_dir().join("profile.json")),
        );
        assert_eq!(imported["name"], "Jörg Müller");
        let shown = json_of(jobhunter(&d, &base).args(["profile", "show"]));
        assert_eq!(shown["profile"]["preferences"]["must_have_skills"][0], "rust");

        let params = r#"{"sources": ["greenhouse:acme", "lever:globex"], "limit": 10}"#;
        let run =
            json_of(jobhunter(&d, &base).args(["flows", "run", "scrape_and_process", "--params", params]));
        assert_eq!(run["state"], "Completed", "{run}");
        let ids: Vec<String> = run["result"]["job_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), 4, "{run}");

        let input = serde_json::json!({ "job_ids": ids }).to_string();
        let matched = json_of(jobhunter(&d, &base).args(["ops", "run", "match_jobs", "--input", &input]));
        assert_eq!(matched["status"], "success");
        let scores = matched["output"]["scores"].as_object().unwrap();
        assert_eq!(scores.len(), 4);

        // A posting that says almost nothing ("Office Manager", "Keep our office running.") scores
        // near the middle (parts unknown are neutral), below 0.6; the Rust jobs above it.
        let best = json_of(jobhunter(&d, &base).args(["jobs", "list", "--min-score", "0.6"]));
        let best = best.as_array().unwrap();
        assert!(!best.is_empty());
        let titles: Vec<&str> = best.iter().map(|j| j["title"].as_str().unwrap()).collect();
        assert!(titles.iter().all(|t| t.contains("Rust")), "only the Rust jobs score high: {titles:?}");
        let scores: Vec<f64> = best.iter().map(|j| j["match"]["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");

        let id = best[0]["id"].as_str().unwrap();
        let job = json_of(jobhunter(&d, &base).args(["jobs", "show", id]));
        for field in [
            "id",
            "title",
            "company",
            "location",
            "remote",
            "employment_type",
            "salary",
            "url",
            "apply_url",
            "apply_email",
            "posted_at",
            "first_seen",
            "last_seen",
            "found_on",
            "description",
            "match",
        ] {
            assert!(job.get(field).is_some(), "jobs show lacks {field}: {job}");
        }
        assert!(job["match"]["matched_skills"].as_array().unwrap().iter().any(|s| s == "Rust"), "{job}");
        // The breakdown: six parts, each 0..1 with a one-line reason.
        for part in ["skills", "role", "seniority", "place", "salary", "language"] {
            let c = &job["match"]["components"][part];
            assert!((0.0..=1.0).contains(&c["score"].as_f64().unwrap()), "{part}: {c}");
            assert!(!c["reason"].as_str().unwrap().is_empty(), "{part}: {c}");
        }
        assert!(job["found_on"][0]["source"].as_str().unwrap().contains(':'));
        let sales = json_of(jobhunter(&d, &base).args(["jobs", "list"]));
        let sales = sales.as_array().unwrap().iter().find(|j| j["title"] == "Sales Lead").unwrap().clone();
        assert_eq!(sales["match"]["unmet_must_haves"][0], "rust", "{sales}");
        assert_eq!(sales["salary"]["source"], "parsed");

        let out = jobhunter(&d, &base).args(["jobs", "list", "--min-score", "3"]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stderr).contains("--min-score: must be between 0 and 1"));
        let out = jobhunter(&d, &base).args(["jobs", "show", "nope"]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));
    })
    .await
    .unwrap();
}
