//! Closed, reposted and old postings from the command line, black box, against fixture boards
//! on 127.0.0.1: hunts (`flows run scrape_and_process`) one after another, each board
//! answering its next payload; then `jobs list [--open] --json` and `jobs show --json`.
//!
//! - a job that disappears from a Greenhouse board on the second hunt is closed, and
//!   `jobs list --open` leaves it out while `jobs list` keeps it;
//! - a failing read (404) or a limit-cut one closes nothing; nor does a keyword-search source
//!   (the Bundesagentur) that stops listing a job;
//! - a closed job's company and title under a new id is flagged as a repost, with the earlier
//!   first-seen and closed dates;
//! - a posting published 61 days ago is old;
//! - a Bundesagentur re-list of a Greenhouse posting merges into it.

use assert_cmd::Command;
use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::{json, Value};

const BA_PATH: &str = "/jobboerse/jobsuche-service/pc/v4/jobs";

fn jobhunter(data: &std::path::Path, base: &str) -> Command {
    let mut cmd = Command::cargo_bin("jobhunter").unwrap();
    cmd.arg("--data-dir")
        .arg(data)
        .env("JOBHUNTER_GREENHOUSE_URL", base)
        .env("JOBHUNTER_BUNDESAGENTUR_URL", base);
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A Greenhouse board payload: `(id, title, first published)`.
fn greenhouse(company: &str, jobs: &[(u64, &str, &str)]) -> Reply {
    let jobs: Vec<Value> = jobs
        .iter()
        .map(|(id, title, published)| {
            json!({
                "id": id,
                "title": title,
                "absolute_url": format!("https://boards.example.test/{company}/jobs/{id}"),
                "location": {"name": "Berlin, Germany"},
                "first_published": published,
                "updated_at": published,
                "company_name": company,
                "content": format!("&lt;p&gt;{title} with Rust.&lt;/p&gt;"),
            })
        })
        .collect();
    Reply::json(json!({ "jobs": jobs }).to_string())
}

/// A Jobsuche payload of `(refnr, title, employer)` in Berlin.
fn bundesagentur(jobs: &[(&str, &str, &str)]) -> Reply {
    let jobs: Vec<Value> = jobs
        .iter()
        .map(|(refnr, title, employer)| {
            json!({
                "titel": title,
                "refnr": refnr,
                "arbeitsort": {"ort": "Berlin", "region": "Berlin", "land": "Deutschland"},
                "arbeitgeber": employer,
                "aktuelleVeroeffentlichungsdatum": "2026-11-21",
            })
        })
        .collect();
    Reply::json(json!({ "stellenangebote": jobs, "maxErgebnisse": jobs.len().to_string() }).to_string())
}

fn hunt(data: &std::path::Path, base: &str, sources: &[&str], limit: u32) -> Value {
    let params = json!({ "sources": sources, "limit": limit }).to_string();
    let run =
        json_of(jobhunter(data, base).args(["flows", "run", "scrape_and_process", "--params", &params]));
    assert!(run["state"] == "Completed" || run["state"] == "Failed", "{run}");
    run
}

fn by_title<'a>(jobs: &'a Value, company: &str, title: &str) -> Vec<&'a Value> {
    jobs.as_array().unwrap().iter().filter(|j| j["company"] == company && j["title"] == title).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_reposted_old_and_relisted_jobs() {
    let now = chrono::Utc::now();
    let days_ago = |d: i64| (now - chrono::Duration::days(d)).to_rfc3339();
    let (recent, aged) = (days_ago(3), days_ago(61));
    let server = FixtureServer::default();
    // Acme: the office job disappears on the second hunt and comes back under a new id on the
    // third; the Rust job stays.
    server.route(
        "/v1/boards/Acme/jobs?content=true",
        vec![
            greenhouse(
                "Acme",
                &[
                    (1, "Senior Rust Engineer", &recent),
                    (2, "Office Manager", &recent),
                    (3, "Archivist", &aged),
                ],
            ),
            greenhouse("Acme", &[(1, "Senior Rust Engineer", &recent), (3, "Archivist", &aged)]),
            greenhouse(
                "Acme",
                &[
                    (1, "Senior Rust Engineer", &recent),
                    (3, "Archivist", &aged),
                    (9, "Office Manager", &recent),
                ],
            ),
        ],
    );
    // Initech: the board fails on the second hunt.
    server.route(
        "/v1/boards/Initech/jobs?content=true",
        vec![greenhouse("Initech", &[(11, "Data Engineer", &recent)]), Reply::status(404)],
    );
    // Globex: three postings, then two read with a limit of one.
    server.route(
        "/v1/boards/Globex/jobs?content=true",
        vec![
            greenhouse(
                "Globex",
                &[(21, "Rust Engineer", &recent), (22, "Go Engineer", &recent), (23, "QA Engineer", &recent)],
            ),
            greenhouse("Globex", &[(21, "Rust Engineer", &recent), (22, "Go Engineer", &recent)]),
        ],
    );
    // The Bundesagentur re-lists Acme's Rust job, then no longer lists anything.
    server.route(
        &format!("{BA_PATH}?was=&size=10"),
        vec![
            bundesagentur(&[
                ("10000-1-S", "Senior Rust Engineer (m/w/d)", "Acme GmbH"),
                ("10000-2-S", "Lagerist (m/w/d)", "Spedition Nord"),
            ]),
            bundesagentur(&[]),
        ],
    );
    let base = server.start().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        hunt(&d, &base, &["greenhouse:Acme", "greenhouse:Initech", "bundesagentur"], 10);
        hunt(&d, &base, &["greenhouse:Globex"], 10);
        let all = json_of(jobhunter(&d, &base).args(["jobs", "list"]));
        // 3 at Acme, 1 at Initech, 2 at the Bundesagentur (one a re-list), 3 at Globex.
        assert_eq!(all.as_array().unwrap().len(), 8, "{all}");
        assert!(all.as_array().unwrap().iter().all(|j| j["closed_at"].is_null()), "{all}");

        // The Bundesagentur re-list merged into Acme's job (its fields merged as duplicates'
        // are: the longer title and company win).
        let rust: Vec<&Value> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| j["found_on"].as_array().unwrap().iter().any(|f| f["source_job_id"] == "1"))
            .collect();
        assert_eq!(rust.len(), 1, "{all}");
        assert_eq!(rust[0]["title"], "Senior Rust Engineer (m/w/d)");
        let mut sources: Vec<&str> =
            rust[0]["found_on"].as_array().unwrap().iter().map(|f| f["source"].as_str().unwrap()).collect();
        // Listed by when each board first showed it; both came in the same hunt.
        sources.sort_unstable();
        assert_eq!(sources, ["bundesagentur", "greenhouse:Acme"]);

        // The 61-day-old posting is old; the others are not.
        let archivist = by_title(&all, "Acme", "Archivist")[0];
        assert_eq!(archivist["old"], true, "{archivist}");
        assert_eq!(archivist["open_days"], 61);
        assert_eq!(rust[0]["old"], false);

        // Second hunt: Acme dropped the office job, Initech failed, Globex was cut by the limit,
        // the Bundesagentur listed nothing.
        hunt(&d, &base, &["greenhouse:Acme", "greenhouse:Initech", "bundesagentur"], 10);
        hunt(&d, &base, &["greenhouse:Globex"], 1);
        let all = json_of(jobhunter(&d, &base).args(["jobs", "list"]));
        assert_eq!(all.as_array().unwrap().len(), 8, "jobs list keeps every job: {all}");
        let closed: Vec<(&str, &str)> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| !j["closed_at"].is_null())
            .map(|j| (j["company"].as_str().unwrap(), j["title"].as_str().unwrap()))
            .collect();
        assert_eq!(closed, [("Acme", "Office Manager")], "only the job a complete read missed");
        let open = json_of(jobhunter(&d, &base).args(["jobs", "list", "--open"]));
        assert_eq!(open.as_array().unwrap().len(), 7);
        assert!(by_title(&open, "Acme", "Office Manager").is_empty(), "{open}");
        let office = by_title(&all, "Acme", "Office Manager")[0].clone();

        // Third hunt: the office job is back under a new id: a repost with the earlier dates.
        hunt(&d, &base, &["greenhouse:Acme"], 10);
        let open = json_of(jobhunter(&d, &base).args(["jobs", "list", "--open"]));
        let repost = by_title(&open, "Acme", "Office Manager");
        assert_eq!(repost.len(), 1, "{open}");
        assert_ne!(repost[0]["id"], office["id"]);
        let id = repost[0]["id"].as_str().unwrap();
        let shown = json_of(jobhunter(&d, &base).args(["jobs", "show", id]));
        assert_eq!(shown["reposted_from"], office["id"], "{shown}");
        assert_eq!(shown["earlier_posting"]["first_seen"], office["first_seen"], "{shown}");
        assert_eq!(shown["earlier_posting"]["closed_at"], office["closed_at"], "{shown}");
        assert_eq!(shown["closed_at"], Value::Null);
        assert_eq!(shown["old"], false);
    })
    .await
    .unwrap();
}
