//! Seen jobs and "your data" from the command line, black box: jobs scraped from a fixture
//! board on 127.0.0.1 are new until marked seen (`jobs list --unseen`, `jobs seen ID...|--all`);
//! `backup FILE` writes the database, `restore FILE` checks and stages it, and the next
//! command starts on the restored data (the replaced database kept beside it).

use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::json;

mod common;
use common::{error_message, ok_json, run};

fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unseen_jobs_then_backup_and_restore() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();
    let backup_file = out_dir.path().join("jobhunter backup.db");

    tokio::task::spawn_blocking(move || {
        let input = json!({"source": "greenhouse:acme", "limit": 10}).to_string();
        let mut scrape = common::jh(&d);
        scrape.env("JOBHUNTER_GREENHOUSE_URL", &base);
        let scraped =
            scrape.args(["--json", "ops", "run", "scrape_jobs", "--input", &input]).output().unwrap();
        assert!(scraped.status.success(), "{}", String::from_utf8_lossy(&scraped.stderr));

        let all = ids(&ok_json(&d, &["--json", "jobs", "list"]));
        assert!(all.len() >= 2, "{all:?}");
        assert_eq!(ids(&ok_json(&d, &["--json", "jobs", "list", "--unseen"])).len(), all.len(), "all new");

        let marked = ok_json(&d, &["--json", "jobs", "seen", &all[0]]);
        assert_eq!(marked["marked_seen"], 1);
        let unseen = ids(&ok_json(&d, &["--json", "jobs", "list", "--unseen"]));
        assert_eq!(unseen.len(), all.len() - 1);
        assert!(!unseen.contains(&all[0]));
        let args = ["jobs", "seen"];
        let out = run(&d, &args);
        assert_eq!(out.status.code(), Some(2), "ids or --all are required");

        // Back up now: one job seen, the others new.
        let b = backup_file.to_str().unwrap();
        let done = ok_json(&d, &["--json", "backup", b]);
        assert_eq!(done["path"], b);
        assert!(backup_file.exists());

        let everything = ok_json(&d, &["--json", "jobs", "seen", "--all"]);
        assert_eq!(everything["marked_seen"], all.len() - 1);
        assert!(ids(&ok_json(&d, &["--json", "jobs", "list", "--unseen"])).is_empty());

        // Not a backup: refused, naming the file.
        let text = out_dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        let args = ["restore", text.to_str().unwrap()];
        let message = error_message(&args, &run(&d, &args));
        assert!(message.contains("notes.txt") && message.contains("not a JobHunter backup"), "{message}");

        let staged = ok_json(&d, &["--json", "restore", b]);
        assert_eq!(staged["jobs"], all.len());
        // The next command runs on the backup's data.
        let unseen = ids(&ok_json(&d, &["--json", "jobs", "list", "--unseen"]));
        assert_eq!(unseen.len(), all.len() - 1, "the backup's seen state");
        assert!(d.join("jobhunter.db.before-restore").exists());
        assert!(!d.join("jobhunter.db.restore").exists());
    })
    .await
    .unwrap();
}
