//! Issue #10: several `jobhunter ops run apply_job` processes started at the same moment for
//! one job (an approved CV, an email channel to a local SMTP server) send ONE email; the
//! others are refused with one-line errors naming the earlier attempt.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use jobhunter_testkit::smtp::{SmtpMode, SmtpServer};
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::{json, Value};

fn jobhunter(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobhunter"));
    for var in ["RUST_LOG", "JOBHUNTER_DATA_DIR", "JOBHUNTER_SMTP_PASSWORD", "TZ", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(data);
    cmd
}

fn json_of(data: &Path, args: &[&str]) -> Value {
    let out = jobhunter(data).args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_apply_processes_send_one_email() {
    let server = FixtureServer::default();
    server.route("/careers", vec![Reply::body("text/html; charset=utf-8", fixture("careers.html"))]);
    let base = server.start().await;
    // The server holds its reply a little, so that the processes overlap during the send.
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(300))).await;
    let port = smtp.port.to_string();
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_path_buf();

    let outputs = tokio::task::spawn_blocking(move || {
        let d = d.as_path();
        json_of(
            d,
            &["profile", "import", jobhunter_testkit::fixtures_dir().join("profile.json").to_str().unwrap()],
        );
        let input = json!({ "source": format!("jsonld:{base}/careers") }).to_string();
        let scraped = json_of(d, &["ops", "run", "scrape_jobs", "--input", &input]);
        // The posting that takes applications by email.
        let job = scraped["output"]["job_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j.as_str().unwrap().to_owned())
            .find(|j| json_of(d, &["jobs", "show", j]).to_string().contains("jobs@umbrella.example.test"))
            .expect("a job with an apply email");
        let generated =
            json_of(d, &["ops", "run", "generate_cv", "--input", &json!({ "job_id": job }).to_string()]);
        let cv = generated["output"]["cv_id"].as_str().unwrap().to_owned();
        json_of(d, &["documents", "approve", &cv]);
        json_of(
            d,
            &[
                "channels",
                "add",
                "mail",
                "email",
                "--to",
                "me@example.org",
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                &port,
                "--tls",
                "none",
            ],
        );

        // Three processes at the same moment.
        let apply = json!({ "job_id": job, "cv_id": cv }).to_string();
        let children: Vec<_> = (0..3)
            .map(|_| {
                jobhunter(d)
                    .args(["ops", "run", "apply_job", "--input", &apply])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        children.into_iter().map(|c| c.wait_with_output().unwrap()).collect::<Vec<_>>()
    })
    .await
    .unwrap();

    let ok: Vec<_> = outputs.iter().filter(|o| o.status.success()).collect();
    let describe = || {
        outputs
            .iter()
            .map(|o| format!("{:?}: {}", o.status, String::from_utf8_lossy(&o.stderr)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(ok.len(), 1, "{}", describe());
    for o in outputs.iter().filter(|o| !o.status.success()) {
        let stderr = String::from_utf8_lossy(&o.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(
            lines[0].contains("job_id: already applied on ")
                || lines[0].contains("job_id: an application email to this job is being sent right now"),
            "{stderr}"
        );
        assert!(lines[0].contains("send "), "the refusal names the earlier attempt: {stderr}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1, "{:?}", smtp.sessions.lock().unwrap());
    assert_eq!(smtp.sessions.lock().unwrap().len(), 1, "only one process reached the SMTP server");
}
