//! `apply_job` end to end on a real SQLite database: the application email through a local
//! SMTP server (recipient, subject, the CV PDF attached byte for byte), the URL channel, the
//! guard rails (approved CV only, never twice, daily cap, dry run), a failed send, and the
//! stage rules of the tracker.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{closed_port, open, ops_registry, SmtpServer, TestEngine};
use jobhunter_engine::{CallOutcome, ErrorKind, TaskRunStatus};
use jobhunter_ops::apply::{self, Stage};
use jobhunter_ops::notify::{
    self, ChannelConfig, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, TlsMode,
};
use jobhunter_ops::settings;
use jobhunter_testkit::smtp::{decode_base64, header, mime_part};
use serde_json::{json, Value};

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
}

/// A small but real PDF (one page, one line of text), with binary bytes in its header comment.
fn small_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        {
            let stream = "BT /F1 12 Tf 72 770 Td (Curriculum Vitae) Tj ET";
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len())
        },
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    pdf
}

struct Setup {
    t: TestEngine,
    pdf: Vec<u8>,
}

impl Setup {
    async fn new() -> Self {
        let t = open(ops_registry(), start()).await;
        notify::install(&t.engine, deps());
        let profile = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json"),
        )
        .unwrap();
        jobhunter_ops::profile::import(t.engine.store().pool(), &profile, start()).await.unwrap();
        Self { t, pdf: small_pdf() }
    }

    fn pool(&self) -> &sqlx::SqlitePool {
        self.t.engine.store().pool()
    }

    async fn job(&self, id: &str, apply_email: Option<&str>, apply_url: Option<&str>) {
        let now = start().to_rfc3339();
        sqlx::query(
            "INSERT INTO jobs (id, dedupe_key, title, company, description_text, url, apply_url, apply_email, \
             first_seen, last_seen) VALUES (?, ?, 'Rust Engineer', 'Acme GmbH', 'Build things in Rust.', \
             'https://jobs.example.org/posting', ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(format!("acme|rust engineer|{id}"))
        .bind(apply_url)
        .bind(apply_email)
        .bind(&now)
        .bind(&now)
        .execute(self.pool())
        .await
        .unwrap();
    }

    /// A document row whose file is written under the temp dir.
    async fn document(
        &self,
        id: &str,
        job_id: &str,
        kind: &str,
        format: &str,
        approved: bool,
        bytes: &[u8],
    ) -> PathBuf {
        let path = self.t.dir.path().join(format!("{id}.{format}"));
        std::fs::write(&path, bytes).unwrap();
        sqlx::query(
            "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(job_id)
        .bind(kind)
        .bind(format)
        .bind(path.to_string_lossy().as_ref())
        .bind(approved)
        .bind(start().to_rfc3339())
        .execute(self.pool())
        .await
        .unwrap();
        path
    }

    async fn cv(&self, id: &str, job_id: &str) {
        self.document(id, job_id, "cv", "pdf", true, &self.pdf.clone()).await;
    }

    async fn email_channel(&self, port: u16) {
        let config = EmailConfig {
            to: "me@example.org".into(),
            from: Some("bot@example.org".into()),
            smtp_host: "127.0.0.1".into(),
            smtp_port: port,
            smtp_user: None,
            tls: TlsMode::None,
        };
        Notifier::new(&self.t.engine, deps())
            .add_channel("mail", ChannelConfig::Email(config), None)
            .await
            .unwrap();
    }

    async fn apply(&self, input: Value) -> CallOutcome {
        self.t.engine.run_operation("apply_job", input, "test").await.unwrap()
    }
}

fn ok(outcome: &CallOutcome) -> &Value {
    assert_eq!(outcome.status, TaskRunStatus::Success, "{:?}", outcome.error);
    outcome.output.as_ref().unwrap()
}

fn err(outcome: &CallOutcome) -> (ErrorKind, String) {
    let e = outcome.error.as_ref().expect("the call failed");
    (e.kind, e.message.clone())
}

#[tokio::test]
async fn emails_the_application_with_the_cv_attached() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", Some("jobs@acme.example"), Some("https://acme.example/apply")).await;
    s.cv("cv-1", "job-1").await;
    s.document(
        "cl-1",
        "job-1",
        "cover_letter",
        "md",
        true,
        "Dear Acme,\n\nI build **reliable** services.\n".as_bytes(),
    )
    .await;

    let outcome = s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await;
    let out = ok(&outcome);
    assert_eq!(out["channel"], "email");
    assert_eq!(out["stage"], "applied");
    assert_eq!(out["recipient"], "jobs@acme.example");
    assert_eq!(out["success"], true);
    let app_id = out["application_id"].as_str().unwrap().to_owned();

    let session = &smtp.sessions(1).await[0];
    assert_eq!(session.command("RCPT TO").unwrap(), "RCPT TO:<jobs@acme.example>");
    // From: the channel's sender with the candidate's name; Reply-To: the candidate (issue #10).
    assert_eq!(session.command("MAIL FROM").unwrap(), "MAIL FROM:<bot@example.org>");
    let data = &session.data;
    assert_eq!(header(data, "Subject"), "Application: Rust Engineer — Jörg Müller");
    assert!(header(data, "From").contains("<bot@example.org>"), "{data}");
    assert!(header(data, "Reply-To").contains("<joerg.mueller@example.org>"), "{data}");
    assert_eq!(header(data, "To"), "jobs@acme.example");
    assert!(data.contains("multipart/mixed"), "{data}");
    // The approved cover letter is the body.
    assert!(data.contains("I build **reliable** services."), "{data}");
    // The attachment: application/pdf, named after the candidate, base64 of the PDF's bytes.
    let (headers, body) = mime_part(data, "application/pdf").expect("a PDF part");
    assert!(headers.contains("Content-Transfer-Encoding: base64"), "{headers}");
    assert!(headers.contains("attachment"), "{headers}");
    assert!(headers.contains("Jorg-Muller-CV.pdf"), "{headers}");
    assert_eq!(decode_base64(body), s.pdf);

    // The tracker and the TaskRun.
    let view = apply::get(s.pool(), &app_id).await.unwrap();
    assert_eq!(
        (view.stage.as_str(), view.channel.as_deref(), view.cv_id.as_deref()),
        ("applied", Some("email"), Some("cv-1"))
    );
    assert_eq!(view.job_title.as_deref(), Some("Rust Engineer"));
    assert_eq!(view.history.len(), 1);
    assert_eq!(view.history[0].to_stage.as_str(), "applied");
    assert!(view.history[0].note.as_deref().unwrap().contains("jobs@acme.example"));
    let run = s.t.engine.store().get_task_run(&outcome.taskrun_id).await.unwrap();
    assert!(
        run.result_refs.iter().any(|r| r.kind == "application" && r.id == app_id),
        "{:?}",
        run.result_refs
    );
    assert!(!run.orchestrated);

    // Never twice.
    let again = s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await;
    let (kind, message) = err(&again);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(message.starts_with("job_id: already applied on 2026-12-01"), "{message}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(smtp.sessions.lock().unwrap().len(), 1, "a second email went out");
}

#[tokio::test]
async fn without_an_email_channel_records_the_apply_url() {
    let s = Setup::new().await;
    // An apply email but no email channel: the URL, by hand.
    s.job("job-1", Some("jobs@acme.example"), Some("https://acme.example/apply")).await;
    s.cv("cv-1", "job-1").await;
    let out = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    assert_eq!(out["channel"], "url");
    assert_eq!(out["stage"], "ready");
    assert_eq!(out["message"], "ready to apply at https://acme.example/apply");
    assert_eq!(out["apply_url"], "https://acme.example/apply");
    let id = out["application_id"].as_str().unwrap();
    let view = apply::get(s.pool(), id).await.unwrap();
    assert_eq!(view.stage.as_str(), "ready");
    assert_eq!(view.history[0].note.as_deref(), Some("ready to apply at https://acme.example/apply"));

    // Applying again while it is only `ready` updates it; once applied by hand, never again.
    let again = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    assert_eq!(again["application_id"], out["application_id"]);
    apply::move_to(s.pool(), id, Stage::Applied, Some("sent through their form"), start()).await.unwrap();
    let (kind, message) = err(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(message.contains("already applied on 2026-12-01"), "{message}");

    // A job with neither.
    s.job("job-2", None, None).await;
    sqlx::query("UPDATE jobs SET url = NULL WHERE id = 'job-2'").execute(s.pool()).await.unwrap();
    s.cv("cv-2", "job-2").await;
    let (kind, message) = err(&s.apply(json!({"job_id": "job-2", "cv_id": "cv-2"})).await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(message.starts_with("job_id: "), "{message}");
}

#[tokio::test]
async fn only_an_approved_cv_pdf_is_used() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", Some("jobs@acme.example"), None).await;
    let pdf = s.pdf.clone();
    s.document("draft", "job-1", "cv", "pdf", false, &pdf).await;
    s.document("md", "job-1", "cv", "md", true, b"# CV").await;
    s.document("letter", "job-1", "cover_letter", "pdf", true, &pdf).await;
    let gone = s.document("gone", "job-1", "cv", "pdf", true, &pdf).await;
    std::fs::remove_file(gone).unwrap();
    s.job("job-2", None, Some("https://x.example/apply")).await;
    s.cv("other-job", "job-2").await;

    for (cv, expected) in [
        ("draft", "cv_id: document 'draft' is not approved"),
        ("md", "cv_id: document 'md' is the md version of the CV"),
        ("letter", "cv_id: document 'letter' is a cover_letter, not a cv"),
        ("gone", "cv_id: the PDF of document 'gone' is missing"),
        ("other-job", "cv_id: document 'other-job' was tailored to job job-2"),
        ("nope", "cv_id: document 'nope' not found"),
    ] {
        let (kind, message) = err(&s.apply(json!({"job_id": "job-1", "cv_id": cv})).await);
        assert_eq!(kind, ErrorKind::Invalid, "{cv}");
        assert!(message.starts_with(expected), "{cv}: {message}");
    }
    let (kind, message) = err(&s.apply(json!({"job_id": "missing", "cv_id": "draft"})).await);
    assert_eq!((kind, message.as_str()), (ErrorKind::Invalid, "job_id: job 'missing' not found"));
    // Nothing was sent or recorded.
    assert!(apply::list(s.pool(), None).await.unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(smtp.sessions.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_daily_cap_counts_applications_since_utc_midnight() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    settings::set(s.pool(), apply::DAILY_CAP, &2u32, start()).await.unwrap();
    for i in 1..=4 {
        s.job(&format!("job-{i}"), Some("jobs@acme.example"), Some("https://acme.example/apply")).await;
        s.cv(&format!("cv-{i}"), &format!("job-{i}")).await;
    }
    // Four different positions (the same company and title would be the same application).
    sqlx::query("UPDATE jobs SET title = 'Rust Engineer ' || id").execute(s.pool()).await.unwrap();
    // One applied by hand yesterday evening does not count today.
    s.t.clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).unwrap());
    let out = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    assert_eq!(out["stage"], "applied");
    s.t.clock.set(start());
    ok(&s.apply(json!({"job_id": "job-2", "cv_id": "cv-2"})).await);
    ok(&s.apply(json!({"job_id": "job-3", "cv_id": "cv-3"})).await);
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 2);
    let (kind, message) = err(&s.apply(json!({"job_id": "job-4", "cv_id": "cv-4"})).await);
    assert_eq!(kind, ErrorKind::Permanent);
    assert!(message.starts_with("daily cap reached: 2 application(s) today"), "{message}");
    assert_eq!(smtp.sessions(3).await.len(), 3);
    // The next UTC day.
    s.t.clock.set(Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 1).unwrap());
    assert_eq!(ok(&s.apply(json!({"job_id": "job-4", "cv_id": "cv-4"})).await)["stage"], "applied");
}

#[tokio::test]
async fn a_dry_run_sends_nothing_and_stays_ready() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", Some("jobs@acme.example"), None).await;
    s.cv("cv-1", "job-1").await;
    let out = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1", "dry_run": true})).await).clone();
    assert_eq!(
        (out["channel"].as_str(), out["stage"].as_str(), out["dry_run"].as_bool()),
        (Some("email"), Some("ready"), Some(true))
    );
    assert_eq!(out["recipient"], "jobs@acme.example");
    assert!(out["message"].as_str().unwrap().starts_with("dry run: would email the CV to jobs@acme.example"));
    // The setting makes every call a dry run.
    settings::set(s.pool(), apply::DRY_RUN, &true, start()).await.unwrap();
    let again = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    assert_eq!((again["stage"].as_str(), again["dry_run"].as_bool()), (Some("ready"), Some(true)));
    let view = apply::get(s.pool(), out["application_id"].as_str().unwrap()).await.unwrap();
    assert_eq!(view.stage.as_str(), "ready");
    assert_eq!(view.history.len(), 2);
    assert!(view.history.iter().all(|e| e.note.as_deref().unwrap().starts_with("dry run")));
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(smtp.sessions.lock().unwrap().is_empty(), "a dry run sent an email");
}

#[tokio::test]
async fn a_failed_send_leaves_the_application_ready_with_the_failure_noted() {
    let s = Setup::new().await;
    s.email_channel(closed_port().await).await;
    s.job("job-1", Some("jobs@acme.example"), None).await;
    s.cv("cv-1", "job-1").await;
    let outcome = s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await;
    let (kind, message) = err(&outcome);
    assert_eq!(kind, ErrorKind::Transient, "{message}");
    assert!(message.contains("SMTP 127.0.0.1:"), "{message}");
    let apps = apply::list(s.pool(), None).await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].stage.as_str(), "ready");
    assert_eq!(apps[0].history.len(), 1);
    assert!(apps[0].history[0].note.as_deref().unwrap().contains("failed"), "{:?}", apps[0].history);
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 0);
    // The retry (a server now listening) goes through.
    let smtp = SmtpServer::start().await;
    sqlx::query("DELETE FROM notify_channels").execute(s.pool()).await.unwrap();
    s.email_channel(smtp.port).await;
    assert_eq!(ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await)["stage"], "applied");
    let view = apply::get(s.pool(), &apps[0].id).await.unwrap();
    let stages: Vec<(Option<&str>, &str)> =
        view.history.iter().map(|e| (e.from_stage.map(|s| s.as_str()), e.to_stage.as_str())).collect();
    assert_eq!(stages, [(None, "ready"), (Some("ready"), "applied")]);
}

#[tokio::test]
async fn stage_moves_follow_the_rules_and_keep_history() {
    let s = Setup::new().await;
    s.job("job-1", None, Some("https://acme.example/apply")).await;
    s.cv("cv-1", "job-1").await;
    let out = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    let id = out["application_id"].as_str().unwrap();
    let pool = s.pool();
    apply::move_to(pool, id, Stage::Applied, None, start()).await.unwrap();
    apply::move_to(pool, id, Stage::Interview, Some("call on Monday"), start()).await.unwrap();
    let e = apply::move_to(pool, id, Stage::Wishlist, Some("x"), start()).await.unwrap_err();
    assert!(e.to_string().starts_with("stage: cannot move from interview to wishlist"), "{e}");
    let e = apply::move_to(pool, id, Stage::Applied, None, start()).await.unwrap_err();
    assert!(e.to_string().starts_with("note: "), "{e}");
    apply::move_to(pool, id, Stage::Offer, None, start()).await.unwrap();
    apply::move_to(pool, id, Stage::Rejected, Some("declined"), start()).await.unwrap();
    let e = apply::move_to(pool, id, Stage::Interview, Some("x"), start()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "stage: cannot move from rejected to interview (a rejected application only reopens to the stage it \
         was closed from, offer, with a note)"
    );
    let view =
        apply::move_to(pool, id, Stage::Offer, Some("they improved the offer"), start()).await.unwrap();
    assert_eq!(view.stage.as_str(), "offer");
    let stages: Vec<&str> = view.history.iter().map(|e| e.to_stage.as_str()).collect();
    assert_eq!(stages, ["ready", "applied", "interview", "offer", "rejected", "offer"]);
    assert_eq!(view.history[2].note.as_deref(), Some("call on Monday"));
    assert!(apply::move_to(pool, "nope", Stage::Offer, None, start())
        .await
        .unwrap_err()
        .to_string()
        .contains("not found"));
    assert_eq!(apply::list(pool, Some(Stage::Offer)).await.unwrap().len(), 1);
    assert!(apply::list(pool, Some(Stage::Ready)).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_email_channel_named_in_settings_with_its_stored_password() {
    let s = Setup::new().await;
    let secrets = Arc::new(MemorySecretStore::default());
    let deps = deps().with_secrets(secrets.clone());
    notify::install(&s.t.engine, deps.clone());
    let n = Notifier::new(&s.t.engine, deps);
    // The first email channel goes nowhere; the one named in settings authenticates.
    let nowhere = closed_port().await;
    let smtp = SmtpServer::start().await;
    let channel = |port: u16, user: Option<&str>| {
        ChannelConfig::Email(EmailConfig {
            to: "me@example.org".into(),
            from: None,
            smtp_host: "127.0.0.1".into(),
            smtp_port: port,
            smtp_user: user.map(str::to_owned),
            tls: TlsMode::None,
        })
    };
    n.add_channel("first", channel(nowhere, None), None).await.unwrap();
    n.add_channel("jobs", channel(smtp.port, Some("bot@example.org")), Some("s3cret")).await.unwrap();
    let hook =
        ChannelConfig::Webhook(jobhunter_ops::notify::WebhookConfig { url: "http://127.0.0.1:9/x".into() });
    n.add_channel("hook", hook, None).await.unwrap();
    s.job("job-1", Some("jobs@acme.example"), None).await;
    s.cv("cv-1", "job-1").await;

    settings::set(s.pool(), apply::EMAIL_CHANNEL, &"hook", start()).await.unwrap();
    let (kind, message) = err(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert_eq!(
        message,
        "setting apply.email_channel: channel 'hook' is a webhook channel, not an email channel"
    );
    settings::set(s.pool(), apply::EMAIL_CHANNEL, &"missing", start()).await.unwrap();
    let (_, message) = err(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await);
    assert_eq!(message, "setting apply.email_channel: channel 'missing' not found");

    settings::set(s.pool(), apply::EMAIL_CHANNEL, &"jobs", start()).await.unwrap();
    let out = ok(&s.apply(json!({"job_id": "job-1", "cv_id": "cv-1"})).await).clone();
    assert_eq!(out["stage"], "applied");
    let session = &smtp.sessions(1).await[0];
    // AUTH PLAIN base64("\0bot@example.org\0s3cret")
    assert!(session.command("AUTH").unwrap().contains("AGJvdEBleGFtcGxlLm9yZwBzM2NyZXQ="), "{session:?}");
    assert_eq!(session.command("RCPT TO").unwrap(), "RCPT TO:<jobs@acme.example>");
    // Without a cover letter, the body is written from the profile.
    let (_, body) = mime_part(&session.data, "text/plain").expect("a text part");
    assert!(body.contains("Rust Engineer"), "{body}");
    assert!(body.contains("Acme GmbH"), "{body}");
}
