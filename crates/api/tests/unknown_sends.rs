//! An application email whose outcome is unknown (the server dropped the connection after the
//! message was handed over) is listed for the user to check, and resolved by what they say:
//! it went out (applied) or it did not (sent again now, once).

use std::sync::Arc;
use std::time::Duration;

use jobhunter_api::{sends, Api};
use jobhunter_ops::apply::{self, SendStatus, Stage};
use jobhunter_ops::notify::{
    self, ChannelConfig, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, TlsMode,
};
use jobhunter_testkit::smtp::{SmtpMode, SmtpServer};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(2))
}

/// An API with the profile, job `job-1` (applications by email) with an approved CV, and an
/// email channel to `port`.
async fn setup(dir: &tempfile::TempDir, port: u16) -> Api {
    let api = Api::open(dir.path().to_path_buf()).await.expect("open");
    notify::install(&api.engine, deps());
    let pool = api.engine.store().pool();
    let profile =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/profile.json"))
            .expect("profile fixture");
    jobhunter_ops::profile::import(pool, &profile, chrono::Utc::now()).await.expect("profile");
    let now = chrono::Utc::now().to_rfc3339();
    sqlx::query(
        "INSERT INTO jobs (id, dedupe_key, title, company, description_text, url, apply_email, first_seen, \
         last_seen) VALUES ('job-1', 'acme|rust', 'Rust Engineer', 'Acme', 'Build things.', \
         'https://jobs.example.org/1', 'jobs@acme.example', ?, ?)",
    )
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await
    .expect("job");
    let path = dir.path().join("cv-job-1.pdf");
    std::fs::write(&path, PDF).expect("cv file");
    sqlx::query(
        "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) \
         VALUES ('cv-job-1', 'job-1', 'cv', 'pdf', ?, 1, ?)",
    )
    .bind(path.to_string_lossy().as_ref())
    .bind(&now)
    .execute(pool)
    .await
    .expect("cv");
    email_channel(&api, port).await;
    api
}

async fn email_channel(api: &Api, port: u16) {
    sqlx::query("DELETE FROM notify_channels").execute(api.engine.store().pool()).await.expect("clear");
    let config = EmailConfig {
        to: "me@example.org".into(),
        from: Some("bot@example.org".into()),
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_user: None,
        tls: TlsMode::None,
    };
    Notifier::new(&api.engine, deps())
        .add_channel("mail", ChannelConfig::Email(config), None)
        .await
        .expect("channel");
}

async fn apply(api: &Api) -> jobhunter_engine::CallOutcome {
    let input = serde_json::json!({ "job_id": "job-1", "cv_id": "cv-job-1" });
    api.engine.run_operation("apply_job", input, "test").await.expect("the call is recorded")
}

#[tokio::test]
async fn an_email_that_did_not_go_out_is_sent_again_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dropping = SmtpServer::start_with(SmtpMode::DropAfterData).await;
    let api = setup(&dir, dropping.port).await;
    assert!(apply(&api).await.error.is_some(), "the reply was lost");

    let check = sends::to_check(&api).await.expect("to check");
    assert_eq!(check.len(), 1, "{check:?}");
    assert_eq!((check[0].job_id.as_str(), check[0].status), ("job-1", SendStatus::Unknown));

    let good = SmtpServer::start().await;
    email_channel(&api, good.port).await;
    let sent = sends::send_again(&api, "job-1").await.expect("sent again");
    assert_eq!(sent.status, SendStatus::Sent);
    assert_eq!(good.messages().len(), 1, "one email now");
    assert!(sends::to_check(&api).await.expect("to check").is_empty());
    // And never a third time.
    let error = sends::send_again(&api, "job-1").await.unwrap_err();
    assert_eq!(error.code, "invalid_input", "{error:?}");
    assert!(apply(&api).await.error.is_some(), "never twice");
    assert_eq!(good.messages().len(), 1);
    api.engine.close().await.expect("close");
}

#[tokio::test]
async fn an_email_that_went_out_is_marked_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dropping = SmtpServer::start_with(SmtpMode::DropAfterData).await;
    let api = setup(&dir, dropping.port).await;
    assert!(apply(&api).await.error.is_some(), "the reply was lost");

    let view = sends::mark_sent(&api, "job-1").await.expect("marked sent");
    assert_eq!(view.stage, Stage::Applied);
    assert!(sends::to_check(&api).await.expect("to check").is_empty());
    let send = apply::get_send(api.engine.store().pool(), "job-1").await.expect("send").expect("a row");
    assert_eq!(send.status, SendStatus::Sent);
    assert_eq!(sends::mark_sent(&api, " ").await.unwrap_err().code, "invalid_input");
    assert_eq!(sends::mark_sent(&api, "nope").await.unwrap_err().code, "not_found");
    api.engine.close().await.expect("close");
}

/// A send recorded without a CV (seen in the app: marking it sent failed on the documents
/// foreign key, because an empty id was stored instead of none).
#[tokio::test]
async fn a_send_without_a_cv_can_be_marked_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let smtp = SmtpServer::start().await;
    let api = setup(&dir, smtp.port).await;
    sqlx::query(
        "INSERT INTO application_sends (id, job_id, status, message_id, channel, recipient, cv_id, started_at) \
         VALUES ('s1', 'job-1', 'unknown', '<s1@jobhunter.local>', 'mail', 'jobs@acme.example', NULL, \
         '2026-12-01T09:00:00.000000Z')",
    )
    .execute(api.engine.store().pool())
    .await
    .expect("send row");
    assert_eq!(sends::to_check(&api).await.expect("to check").len(), 1);
    let view = sends::mark_sent(&api, "job-1").await.expect("marked sent");
    assert_eq!(view.stage, Stage::Applied);
    assert_eq!(view.cv_id, None);
    api.engine.close().await.expect("close");
}
