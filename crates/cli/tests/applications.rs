//! The applications tracker from the command line, black box: a job scraped from a fixture
//! board on 127.0.0.1, put on the wishlist, moved through the stages (with the rules and their
//! one-line errors naming the bad argument), listed and shown with its history; and
//! `apply_job` refusing a CV that is not an approved document.

use assert_cmd::Command;
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::{json, Value};

fn jobhunter(data: &std::path::Path, base: &str) -> Command {
    let mut cmd = Command::cargo_bin("jobhunter").unwrap();
    cmd.arg("--data-dir").arg(data).env("JOBHUNTER_GREENHOUSE_URL", base);
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs a command that must fail with one line on stderr containing `needle`.
fn fails(cmd: &mut Command, needle: &str) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "expected a failure, got {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.trim_end().lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.contains(needle), "expected '{needle}' in: {stderr}");
    stderr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_add_move_list_and_show() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        let jh = || jobhunter(&d, &base);
        let input = json!({"source": "greenhouse:acme", "limit": 10}).to_string();
        let scraped = json_of(jh().args(["ops", "run", "scrape_jobs", "--input", &input]));
        let job = scraped["output"]["job_ids"][0].as_str().unwrap().to_owned();

        // On the wishlist.
        let added = json_of(jh().args(["applications", "add", &job, "--note", "looks great"]));
        let id = added["id"].as_str().unwrap().to_owned();
        assert_eq!(added["stage"], "wishlist");
        assert_eq!(added["job_id"], job.as_str());
        assert_eq!(added["history"][0]["note"], "looks great");
        fails(
            jh().args(["applications", "add", &job]),
            &format!("JOB_ID: job {job} already has application {id}"),
        );
        fails(jh().args(["applications", "add", "nope"]), "JOB_ID: job 'nope' not found");

        // Moves and their rules; every error is one line naming the argument.
        fails(
            jh().args(["applications", "move", &id, "hired"]),
            "STAGE: unknown stage 'hired' (wishlist, ready, applied, interview, offer, rejected, withdrawn)",
        );
        fails(jh().args(["applications", "move", "nope", "offer"]), "ID: application 'nope' not found");
        let moved = json_of(jh().args(["applications", "move", &id, "applied"]));
        assert_eq!(moved["stage"], "applied");
        json_of(jh().args(["applications", "move", &id, "interview", "--note", "Monday 10:00"]));
        fails(
            jh().args(["applications", "move", &id, "ready", "--note", "x"]),
            "STAGE: cannot move from interview to ready (back moves go one step at a time, with a note)",
        );
        fails(
            jh().args(["applications", "move", &id, "applied"]),
            "--note: moving back from interview to applied needs a note saying why",
        );
        fails(jh().args(["applications", "move", &id, "offer", "--note", " "]), "--note: must not be empty");
        json_of(jh().args(["applications", "move", &id, "offer"]));
        fails(
            jh().args(["applications", "move", &id, "wishlist", "--note", "start over"]),
            "STAGE: cannot move from offer to wishlist",
        );
        fails(
            jh().args(["applications", "move", &id, "offer"]),
            "STAGE: the application is already at offer",
        );

        // List and show, with the history.
        let all = json_of(jh().args(["applications", "list"]));
        let all = all.as_array().unwrap();
        assert_eq!(all.len(), 1);
        let app = &all[0];
        for key in
            ["id", "job_id", "job_title", "company", "stage", "channel", "cv_id", "created_at", "updated_at"]
        {
            assert!(app.get(key).is_some(), "no {key} in {app}");
        }
        assert_eq!(app["stage"], "offer");
        assert!(!app["company"].as_str().unwrap().is_empty());
        let moves: Vec<(Value, Value)> = app["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["from_stage"].clone(), e["to_stage"].clone()))
            .collect();
        assert_eq!(
            moves,
            [
                (Value::Null, json!("wishlist")),
                (json!("wishlist"), json!("applied")),
                (json!("applied"), json!("interview")),
                (json!("interview"), json!("offer")),
            ]
        );
        assert_eq!(app["history"][2]["note"], "Monday 10:00");
        assert_eq!(
            json_of(jh().args(["applications", "list", "--stage", "offer"])).as_array().unwrap().len(),
            1
        );
        assert!(json_of(jh().args(["applications", "list", "--stage", "rejected"]))
            .as_array()
            .unwrap()
            .is_empty());
        fails(jh().args(["applications", "list", "--stage", "bogus"]), "--stage: unknown stage 'bogus'");
        let shown = jh().args(["applications", "show", &id]).output().unwrap();
        assert!(shown.status.success());
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(text.contains("stage offer"), "{text}");
        assert!(text.contains("applied -> interview: Monday 10:00"), "{text}");
        assert_eq!(json_of(jh().args(["applications", "show", &id]))["id"], id.as_str());
        fails(jh().args(["applications", "show", "nope"]), "ID: application 'nope' not found");

        // apply_job only takes an approved CV document.
        let input = json!({"job_id": job, "cv_id": "nope"}).to_string();
        fails(jh().args(["ops", "run", "apply_job", "--input", &input]), "cv_id: document 'nope' not found");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_approve_then_apply_by_url() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        let jh = || jobhunter(&d, &base);
        json_of(jh().args(["profile", "import"]).arg(jobhunter_testkit::fixtures_dir().join("profile.json")));
        let input = json!({"source": "greenhouse:acme", "limit": 10}).to_string();
        let scraped = json_of(jh().args(["ops", "run", "scrape_jobs", "--input", &input]));
        let job = scraped["output"]["job_ids"][0].as_str().unwrap().to_owned();
        let input = json!({ "job_id": job }).to_string();
        let generated = json_of(jh().args(["ops", "run", "generate_cv", "--input", &input]));
        let cv = generated["output"]["cv_id"].as_str().unwrap().to_owned();

        let docs = json_of(jh().args(["documents", "list"]));
        let pdf = docs.as_array().unwrap().iter().find(|d| d["id"] == cv.as_str()).expect("the CV is listed");
        for key in ["id", "job_id", "kind", "format", "path", "approved"] {
            assert!(pdf.get(key).is_some(), "no {key} in {pdf}");
        }
        assert_eq!((pdf["kind"].as_str(), pdf["format"].as_str()), (Some("cv"), Some("pdf")));
        assert_eq!(pdf["approved"], false);

        // Not approved yet: refused, naming cv_id; nothing recorded.
        let apply = json!({"job_id": job, "cv_id": cv}).to_string();
        fails(
            jh().args(["ops", "run", "apply_job", "--input", &apply]),
            &format!("cv_id: document '{cv}' is not approved"),
        );
        assert!(json_of(jh().args(["applications", "list"])).as_array().unwrap().is_empty());

        fails(jh().args(["documents", "approve", "nope"]), "ID: document 'nope' not found");
        let approved = json_of(jh().args(["documents", "approve", &cv]));
        assert_eq!(approved["approved"], true);

        // No email channel: the apply URL, by hand.
        let applied = json_of(jh().args(["ops", "run", "apply_job", "--input", &apply]));
        assert_eq!(applied["status"], "success", "{applied}");
        assert_eq!(applied["output"]["channel"], "url");
        assert_eq!(applied["output"]["stage"], "ready");
        assert!(
            applied["output"]["message"].as_str().unwrap().starts_with("ready to apply at http"),
            "{applied}"
        );
        let apps = json_of(jh().args(["applications", "list", "--stage", "ready"]));
        assert_eq!(apps[0]["cv_id"], cv.as_str());
        assert_eq!(apps[0]["channel"], "url");
        let taskrun = applied["taskrun_id"].as_str().unwrap();
        let run = json_of(jh().args(["taskruns", "show", taskrun]));
        assert!(run.to_string().contains(apps[0]["id"].as_str().unwrap()), "{run}");
    })
    .await
    .unwrap();
}
