//! Tracking applications from the command line, black box: "I applied" with a date and a
//! channel, the follow-up reminder set and cleared, a note and a contact, a company marked
//! "don't apply again" (and `apply_job` refusing it by name), and the CSV export to stdout and
//! to a file. Every error is one line naming the argument.

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

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(cmd: &mut Command, needle: &str) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "expected a failure, got {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.trim_end().lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.contains(needle), "expected '{needle}' in: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applied_remind_note_contact_block_and_export() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        let jh = || jobhunter(&d, &base);
        let input = json!({"source": "greenhouse:acme", "limit": 10}).to_string();
        let scraped = json_of(jh().args(["ops", "run", "scrape_jobs", "--input", &input]));
        let jobs: Vec<String> = scraped["output"]["job_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j.as_str().unwrap().to_owned())
            .collect();
        let (job, other) = (&jobs[0], &jobs[1]);

        // "I applied" on a given day through the company website.
        let applied = json_of(jh().args([
            "applications",
            "applied",
            job,
            "--date",
            "2026-11-20",
            "--channel",
            "company-website",
            "--note",
            "via their portal",
        ]));
        let id = applied["id"].as_str().unwrap().to_owned();
        assert_eq!(applied["stage"], "applied");
        assert_eq!(applied["applied_on"], "2026-11-20");
        assert_eq!(applied["channel"], "company_website");
        assert_eq!(applied["follow_up_on"], "2026-11-27");
        assert_eq!(
            applied["history"][0]["note"],
            "applied on the company website on 2026-11-20: via their portal"
        );
        fails(
            jh().args(["applications", "applied", other, "--date", "20.11.2026"]),
            "--date: '20.11.2026' is not a date",
        );
        fails(
            jh().args(["applications", "applied", other, "--channel", "pigeon"]),
            "--channel: unknown channel 'pigeon'",
        );
        fails(jh().args(["applications", "applied", job]), "STAGE: the application is already at applied");

        // The reminder: moved, then cleared.
        let reminded = json_of(jh().args(["applications", "remind", &id, "--on", "2026-12-24"]));
        assert_eq!(reminded["follow_up_on"], "2026-12-24");
        assert_eq!(
            json_of(jh().args(["applications", "remind", &id, "--clear"]))["follow_up_on"],
            Value::Null
        );
        fails(jh().args(["applications", "remind", &id, "--on", "soon"]), "--on: 'soon' is not a date");
        fails(jh().args(["applications", "remind", "nope", "--clear"]), "ID: application 'nope' not found");
        let missing = jh().args(["applications", "remind", &id]).output().unwrap();
        assert!(!missing.status.success(), "--on or --clear is required");

        // A note and a contact.
        json_of(jh().args(["applications", "note", &id, "Called, they reply next week"]));
        fails(jh().args(["applications", "note", &id, " "]), "TEXT: the note's text is required");
        let contact = json_of(jh().args([
            "applications",
            "contact",
            &id,
            "--name",
            "Ada Lovelace",
            "--role",
            "Recruiter",
            "--email",
            "ada@acme.example",
        ]));
        assert_eq!(contact["name"], "Ada Lovelace");
        fails(
            jh().args(["applications", "contact", &id, "--name", "Bob", "--email", "bob"]),
            "--email: 'bob' is not an email address",
        );
        let text = stdout_of(jh().args(["applications", "show", &id]));
        assert!(text.contains("applied on 2026-11-20"), "{text}");
        assert!(text.contains("Called, they reply next week"), "{text}");
        assert!(text.contains("contact Ada Lovelace (Recruiter, ada@acme.example)"), "{text}");

        // Don't apply again: apply_job refuses naming the company.
        let company = applied["company"].as_str().unwrap().to_owned();
        let mark = json_of(jh().args(["applications", "block", &company, "--reason", "not again"]));
        assert_eq!(mark["reason"], "not again");
        let listed = stdout_of(jh().args(["applications", "blocked"]));
        assert!(listed.contains(&company) && listed.contains("not again"), "{listed}");
        let input = json!({"job_id": job, "cv_id": "nope"}).to_string();
        fails(
            jh().args(["ops", "run", "apply_job", "--input", &input]),
            &format!("job_id: you marked {company} \"don't apply again\" (not again)"),
        );
        fails(jh().args(["applications", "block", " "]), "COMPANY: a company name is required");
        assert!(stdout_of(jh().args(["applications", "unblock", &company])).contains("the mark is removed"));
        assert!(stdout_of(jh().args(["applications", "unblock", &company])).contains("was not marked"));

        // The export: CSV on stdout, or in a file.
        let csv = stdout_of(jh().args(["applications", "export"]));
        assert!(csv.starts_with("Job,Company,Stage,Applied on,Applied via,Follow-up on,"), "{csv}");
        assert_eq!(
            csv.matches("\r\n").count(),
            2,
            "a header and one application, with multi-line cells quoted: {csv}"
        );
        assert!(csv.contains(",Applied,2026-11-20,company website,,"), "{csv}");
        assert!(csv.contains("\"20"), "the history cell is quoted: {csv}");
        let file = d.join("out.csv");
        json_of(jh().args(["applications", "export", "--out"]).arg(&file));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
    })
    .await
    .unwrap();
}
