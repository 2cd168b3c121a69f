//! `apply_job` and the tracking after it, on a real SQLite database with a local SMTP server:
//! a company marked "don't apply again" is refused with an error naming it and nothing is
//! sent (dry runs included); an emailed application gets its day and a follow-up 7 days later.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{open, ops_registry, SmtpServer, TestEngine};
use jobhunter_engine::{ErrorKind, TaskRunStatus};
use jobhunter_ops::apply::{self, Stage};
use jobhunter_ops::notify::{
    self, ChannelConfig, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, TlsMode,
};
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn start() -> chrono::DateTime<Utc> {
    // Noon UTC: the same calendar day in every zone from UTC-11 to UTC+11.
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
}

/// An engine with the profile, an email channel to `port`, and jobs at Acme GmbH and Crab Inc
/// (applications by email), each with an approved CV.
async fn setup(port: u16) -> TestEngine {
    let t = open(ops_registry(), start()).await;
    notify::install(&t.engine, deps());
    let pool = t.engine.store().pool();
    let profile = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json"),
    )
    .unwrap();
    jobhunter_ops::profile::import(pool, &profile, start()).await.unwrap();
    for (id, company) in [("job-acme", "Acme GmbH"), ("job-crab", "Crab Inc")] {
        sqlx::query(
            "INSERT INTO jobs (id, dedupe_key, title, company, description_text, url, apply_email, first_seen, \
             last_seen) VALUES (?, ?, 'Rust Engineer', ?, 'Build things.', 'https://jobs.example.org/1', \
             'jobs@example.org', ?, ?)",
        )
        .bind(id)
        .bind(format!("{company}|rust"))
        .bind(company)
        .bind(start().to_rfc3339())
        .bind(start().to_rfc3339())
        .execute(pool)
        .await
        .unwrap();
        let path = t.dir.path().join(format!("cv-{id}.pdf"));
        std::fs::write(&path, PDF).unwrap();
        sqlx::query(
            "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) \
             VALUES (?, ?, 'cv', 'pdf', ?, 1, ?)",
        )
        .bind(format!("cv-{id}"))
        .bind(id)
        .bind(path.to_string_lossy().as_ref())
        .bind(start().to_rfc3339())
        .execute(pool)
        .await
        .unwrap();
    }
    let config = EmailConfig {
        to: "me@example.org".into(),
        from: Some("bot@example.org".into()),
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_user: None,
        tls: TlsMode::None,
    };
    Notifier::new(&t.engine, deps()).add_channel("mail", ChannelConfig::Email(config), None).await.unwrap();
    t
}

#[tokio::test]
async fn a_company_marked_dont_apply_again_is_refused_and_nothing_is_sent() {
    let smtp = SmtpServer::start().await;
    let t = setup(smtp.port).await;
    let pool = t.engine.store().pool();
    apply::block_company(pool, "ACME", Some("ghosted me twice"), start()).await.unwrap();

    for dry_run in [false, true] {
        let input = json!({"job_id": "job-acme", "cv_id": "cv-job-acme", "dry_run": dry_run});
        let outcome = t.engine.run_operation("apply_job", input, "test").await.unwrap();
        assert_eq!(outcome.status, TaskRunStatus::Failed);
        let error = outcome.error.expect("refused");
        assert_eq!(error.kind, ErrorKind::Invalid);
        assert_eq!(
            error.message,
            "job_id: you marked ACME \"don't apply again\" (ghosted me twice); nothing was sent. Remove the mark \
             to apply"
        );
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(smtp.sessions.lock().unwrap().is_empty(), "nothing was sent");
    assert!(apply::for_job(pool, "job-acme").await.unwrap().is_none(), "no application recorded");
    assert!(apply::get_send(pool, "job-acme").await.unwrap().is_none(), "nothing claimed");

    // Another company is not affected; the email gets its day and the follow-up a week later.
    let input = json!({"job_id": "job-crab", "cv_id": "cv-job-crab"});
    let outcome = t.engine.run_operation("apply_job", input, "test").await.unwrap();
    assert_eq!(outcome.status, TaskRunStatus::Success, "{:?}", outcome.error);
    assert_eq!(smtp.sessions(1).await.len(), 1);
    let view = apply::for_job(pool, "job-crab").await.unwrap().unwrap();
    assert_eq!(view.stage, Stage::Applied);
    assert_eq!(
        (view.applied_on.as_deref(), view.follow_up_on.as_deref()),
        (Some("2026-12-01"), Some("2026-12-08"))
    );

    // Unmarked: applying is possible again.
    assert!(apply::unblock_company(pool, "Acme GmbH").await.unwrap());
    let input = json!({"job_id": "job-acme", "cv_id": "cv-job-acme"});
    let outcome = t.engine.run_operation("apply_job", input, "test").await.unwrap();
    assert_eq!(outcome.status, TaskRunStatus::Success, "{:?}", outcome.error);
    assert_eq!(smtp.sessions(2).await.len(), 2);
}
