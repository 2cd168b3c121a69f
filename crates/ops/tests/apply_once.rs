//! `apply_job` sends an application email at most once (issue #10): the outbox claim in one
//! `BEGIN IMMEDIATE` transaction against concurrent calls (tasks, and engines on one database
//! as separate processes would be), an ambiguous outcome (reply lost after DATA, an
//! interrupted `sending` row) recorded as `unknown` and refused until resolved by hand, a
//! definite refusal retried, a cancelled call finishing its send, the daily cap counted inside
//! the claim, and never twice per employer.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{open, ops_registry, TestEngine};
use jobhunter_engine::{CallOutcome, Clock, Engine, ErrorKind, TaskRunStatus};
use jobhunter_ops::apply::{self, SendStatus, Stage};
use jobhunter_ops::notify::{
    self, ChannelConfig, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, TlsMode,
};
use jobhunter_ops::settings;
use jobhunter_testkit::smtp::{header, SmtpMode, SmtpServer};
use serde_json::{json, Value};

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(2))
}

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

struct Setup {
    t: TestEngine,
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
        Self { t }
    }

    fn pool(&self) -> &sqlx::SqlitePool {
        self.t.engine.store().pool()
    }

    /// Job `id` at `company` titled `title`, taking applications at jobs@acme.example, with an
    /// approved CV `cv-<id>`.
    async fn job(&self, id: &str, company: &str, title: &str) {
        let now = start().to_rfc3339();
        sqlx::query(
            "INSERT INTO jobs (id, dedupe_key, title, company, description_text, url, apply_email, first_seen, \
             last_seen) VALUES (?, ?, ?, ?, 'Build things.', 'https://jobs.example.org/posting', \
             'jobs@acme.example', ?, ?)",
        )
        .bind(id)
        .bind(format!("{company}|{title}|{id}"))
        .bind(title)
        .bind(company)
        .bind(&now)
        .bind(&now)
        .execute(self.pool())
        .await
        .unwrap();
        let path = self.t.dir.path().join(format!("cv-{id}.pdf"));
        std::fs::write(&path, PDF).unwrap();
        sqlx::query(
            "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) \
             VALUES (?, ?, 'cv', 'pdf', ?, 1, ?)",
        )
        .bind(format!("cv-{id}"))
        .bind(id)
        .bind(path.to_string_lossy().as_ref())
        .bind(&now)
        .execute(self.pool())
        .await
        .unwrap();
    }

    /// The email channel `mail` (replacing any) to the server on `port`.
    async fn email_channel(&self, port: u16) {
        sqlx::query("DELETE FROM notify_channels").execute(self.pool()).await.unwrap();
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

    async fn apply(&self, job_id: &str) -> CallOutcome {
        apply_with(&self.t.engine, job_id).await
    }
}

async fn apply_with(engine: &Engine, job_id: &str) -> CallOutcome {
    let input = json!({"job_id": job_id, "cv_id": format!("cv-{job_id}")});
    engine.run_operation("apply_job", input, "test").await.unwrap()
}

fn ok(outcome: &CallOutcome) -> &Value {
    assert_eq!(outcome.status, TaskRunStatus::Success, "{:?}", outcome.error);
    outcome.output.as_ref().unwrap()
}

fn err(outcome: &CallOutcome) -> (ErrorKind, String) {
    let e = outcome.error.as_ref().expect("the call failed");
    (e.kind, e.message.clone())
}

/// Waits (up to 5 s) until the send of `job_id` is at `status`.
async fn wait_for(pool: &sqlx::SqlitePool, job_id: &str, status: SendStatus) -> apply::ApplicationSend {
    for _ in 0..500 {
        if let Some(send) = apply::get_send(pool, job_id).await.unwrap() {
            if send.status == status {
                return send;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the send of {job_id} never reached {status}: {:?}", apply::get_send(pool, job_id).await);
}

/// Checks that exactly one of `outcomes` succeeded and the others were refused (`invalid`, a
/// message naming the earlier attempt).
fn one_success(outcomes: &[CallOutcome]) {
    let successes = outcomes.iter().filter(|o| o.status == TaskRunStatus::Success).count();
    assert_eq!(successes, 1, "{:?}", outcomes.iter().map(|o| &o.error).collect::<Vec<_>>());
    for o in outcomes.iter().filter(|o| o.status != TaskRunStatus::Success) {
        let (kind, message) = err(o);
        assert_eq!(kind, ErrorKind::Invalid, "{message}");
        assert!(
            message.starts_with("job_id: already applied on 2026-12-01")
                || message.starts_with("job_id: an application email to this job is being sent right now"),
            "{message}"
        );
        assert!(message.contains("send ") || message.contains("application "), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_for_one_job_send_one_email() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(100))).await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;

    let calls: Vec<_> = (0..6)
        .map(|_| {
            let engine = s.t.engine.clone();
            tokio::spawn(async move { apply_with(&engine, "job-1").await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for c in calls {
        outcomes.push(c.await.unwrap());
    }
    one_success(&outcomes);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(smtp.messages().len(), 1, "more than one email went out");
    let send = apply::get_send(s.pool(), "job-1").await.unwrap().unwrap();
    assert_eq!((send.status, send.attempts), (SendStatus::Sent, 1));
    // The Message-ID stored is the one the server received.
    assert_eq!(header(&smtp.messages()[0].data, "Message-ID"), send.message_id);
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn engines_on_one_database_send_one_email() {
    // Separate engines (pools, no shared lock) on one database file, as separate processes.
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(100))).await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    let mut engines = Vec::new();
    for _ in 0..3 {
        let engine = Engine::builder(s.t.dir.path())
            .registry(ops_registry())
            .clock(s.t.clock.clone())
            .open()
            .await
            .unwrap();
        notify::install(&engine, deps());
        engines.push(engine);
    }
    let calls: Vec<_> = engines
        .iter()
        .cloned()
        .map(|engine| tokio::spawn(async move { apply_with(&engine, "job-1").await }))
        .collect();
    let mut outcomes = Vec::new();
    for c in calls {
        outcomes.push(c.await.unwrap());
    }
    one_success(&outcomes);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(smtp.messages().len(), 1, "more than one email went out");
}

#[tokio::test]
async fn a_reply_lost_after_data_leaves_the_send_unknown_and_refuses_the_next() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DropAfterData).await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;

    let (kind, message) = err(&s.apply("job-1").await);
    assert_eq!(kind, ErrorKind::Permanent, "never retried automatically: {message}");
    assert!(message.contains("may or may not have been delivered"), "{message}");
    let send = apply::get_send(s.pool(), "job-1").await.unwrap().unwrap();
    assert_eq!(send.status, SendStatus::Unknown);
    assert!(message.contains(&send.id) && message.contains(&send.message_id), "{message}");
    assert_eq!(header(&smtp.messages()[0].data, "Message-ID"), send.message_id);
    let apps = apply::list(s.pool(), None).await.unwrap();
    assert_eq!(apps[0].stage, Stage::Ready);
    assert!(apps[0].history[0].note.as_deref().unwrap().contains("outcome unknown"), "{:?}", apps[0].history);
    // An unknown send counts toward the daily cap (it may have gone out).
    settings::set(s.pool(), apply::DAILY_CAP, &1u32, start()).await.unwrap();
    s.job("job-2", "Other AG", "Gardener").await;
    let (kind, message) = err(&s.apply("job-2").await);
    assert_eq!(kind, ErrorKind::Permanent);
    assert!(message.starts_with("daily cap reached: 1 application(s) today"), "{message}");
    settings::set(s.pool(), apply::DAILY_CAP, &10u32, start()).await.unwrap();

    // A second apply, even with a working server, is refused naming the earlier attempt.
    let good = SmtpServer::start().await;
    s.email_channel(good.port).await;
    let (kind, message) = err(&s.apply("job-1").await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(
        message.starts_with("job_id: an earlier application email to this job, started 2026-12-01T09:00:00"),
        "{message}"
    );
    assert!(message.contains(&send.id) && message.contains(&send.message_id), "{message}");
    assert!(message.contains("may or may not have been delivered"), "{message}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(good.sessions.lock().unwrap().is_empty(), "a second email went out");

    // Resolved by hand as not delivered: the next apply sends again, with a new Message-ID.
    let resolved =
        apply::allow_send_again(s.pool(), "job-1", Some("not in the sent folder"), start()).await.unwrap();
    assert_eq!(resolved.status, SendStatus::Failed);
    assert!(apply::allow_send_again(s.pool(), "job-1", None, start()).await.is_err());
    let out = ok(&s.apply("job-1").await).clone();
    assert_eq!(out["stage"], "applied");
    let again = apply::get_send(s.pool(), "job-1").await.unwrap().unwrap();
    assert_eq!((again.status, again.attempts, again.id.as_str()), (SendStatus::Sent, 2, send.id.as_str()));
    assert_ne!(again.message_id, send.message_id);
    assert_eq!(header(&good.sessions(1).await[0].data, "Message-ID"), again.message_id);
    let view = apply::get(s.pool(), out["application_id"].as_str().unwrap()).await.unwrap();
    let notes: Vec<&str> = view.history.iter().filter_map(|e| e.note.as_deref()).collect();
    assert!(notes[1].contains("resolved by hand as not delivered"), "{notes:?}");
}

#[tokio::test]
async fn an_unknown_send_can_be_marked_sent_by_hand() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DropAfterData).await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    err(&s.apply("job-1").await);
    assert_eq!(apply::list_sends(s.pool(), Some(SendStatus::Unknown)).await.unwrap().len(), 1);

    let view =
        apply::mark_send_sent(s.pool(), "job-1", Some("found it in the sent folder"), start()).await.unwrap();
    assert_eq!(view.stage, Stage::Applied);
    let last = view.history.last().unwrap();
    assert!(
        last.note.as_deref().unwrap().contains("marked sent by hand: found it in the sent folder"),
        "{last:?}"
    );
    assert_eq!(apply::get_send(s.pool(), "job-1").await.unwrap().unwrap().status, SendStatus::Sent);
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 1);
    // Only unknown sends are resolved by hand; and never twice.
    let e = apply::mark_send_sent(s.pool(), "job-1", None, start()).await.unwrap_err();
    assert!(e.to_string().contains("is sent; only an unknown"), "{e}");
    let e = apply::mark_send_sent(s.pool(), "job-9", None, start()).await.unwrap_err();
    assert!(e.to_string().contains("not found"), "{e}");
    let (kind, message) = err(&s.apply("job-1").await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(message.starts_with("job_id: already applied on 2026-12-01"), "{message}");
}

#[tokio::test]
async fn a_refusal_before_delivery_is_a_failure_that_may_be_retried() {
    let s = Setup::new().await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    for mode in [SmtpMode::RejectRcpt, SmtpMode::RejectData] {
        let smtp = SmtpServer::start_with(mode).await;
        s.email_channel(smtp.port).await;
        let (kind, message) = err(&s.apply("job-1").await);
        assert_eq!(kind, ErrorKind::Permanent, "{mode:?}: {message}");
        assert!(message.contains("SMTP 127.0.0.1:"), "{message}");
        let send = apply::get_send(s.pool(), "job-1").await.unwrap().unwrap();
        assert_eq!(send.status, SendStatus::Failed, "{mode:?}");
        assert!(send.detail.as_deref().unwrap().contains(if mode == SmtpMode::RejectRcpt {
            "550"
        } else {
            "554"
        }));
    }
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    assert_eq!(ok(&s.apply("job-1").await)["stage"], "applied");
    let send = apply::get_send(s.pool(), "job-1").await.unwrap().unwrap();
    assert_eq!((send.status, send.attempts), (SendStatus::Sent, 3));
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_call_still_finishes_and_records_its_send() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(400))).await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    // The caller gives up (its future is dropped) while the server holds the reply.
    let cancelled = tokio::time::timeout(Duration::from_millis(150), s.apply("job-1")).await;
    assert!(cancelled.is_err(), "the call should still be waiting for the reply");
    let (kind, message) = err(&s.apply("job-1").await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(
        message.starts_with("job_id: an application email to this job is being sent right now"),
        "{message}"
    );
    // The send was not stopped halfway: it finished and was recorded.
    wait_for(s.pool(), "job-1", SendStatus::Sent).await;
    let apps = apply::list(s.pool(), None).await.unwrap();
    assert_eq!(apps[0].stage, Stage::Applied);
    assert_eq!(smtp.sessions(1).await.len(), 1);
    let (_, message) = err(&s.apply("job-1").await);
    assert!(message.starts_with("job_id: already applied on 2026-12-01"), "{message}");
}

#[tokio::test]
async fn an_interrupted_sending_row_counts_as_unknown() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    // What a process killed during its send leaves behind.
    sqlx::query(
        "INSERT INTO application_sends (id, job_id, status, message_id, channel, recipient, cv_id, started_at) \
         VALUES ('send-1', 'job-1', 'sending', '<m1@example.org>', 'mail', 'jobs@acme.example', 'cv-job-1', \
         '2026-12-01T08:00:00.000000Z')",
    )
    .execute(s.pool())
    .await
    .unwrap();
    let (kind, message) = err(&s.apply("job-1").await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(message.contains("was interrupted and may or may not have been delivered"), "{message}");
    assert!(message.contains("send send-1, Message-ID <m1@example.org>"), "{message}");
    // Within the send timeout it is a send under way.
    sqlx::query("UPDATE application_sends SET started_at = '2026-12-01T08:59:59.000000Z'")
        .execute(s.pool())
        .await
        .unwrap();
    let (_, message) = err(&s.apply("job-1").await);
    assert!(
        message.starts_with("job_id: an application email to this job is being sent right now"),
        "{message}"
    );
    // A dry run is refused the same way; nothing went out.
    let input = json!({"job_id": "job-1", "cv_id": "cv-job-1", "dry_run": true});
    let outcome = s.t.engine.run_operation("apply_job", input, "test").await.unwrap();
    assert_eq!(err(&outcome).0, ErrorKind::Invalid);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(smtp.sessions.lock().unwrap().is_empty());
    // Resolved by hand, it goes out.
    apply::allow_send_again(s.pool(), "job-1", None, start()).await.unwrap();
    assert_eq!(ok(&s.apply("job-1").await)["stage"], "applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_cap_counts_sends_under_way() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(400))).await;
    s.email_channel(smtp.port).await;
    settings::set(s.pool(), apply::DAILY_CAP, &1u32, start()).await.unwrap();
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    s.job("job-2", "Globex", "Gardener").await;
    let engine = s.t.engine.clone();
    let first = tokio::spawn(async move { apply_with(&engine, "job-1").await });
    wait_for(s.pool(), "job-1", SendStatus::Sending).await;
    // Nothing is `applied` yet, but the send under way counts.
    assert_eq!(apply::applied_today(s.pool(), start()).await.unwrap(), 0);
    let (kind, message) = err(&s.apply("job-2").await);
    assert_eq!(kind, ErrorKind::Permanent);
    assert!(message.starts_with("daily cap reached: 1 application(s) today"), "{message}");
    ok(&first.await.unwrap());
    // Sent: counted once (as applied), not twice.
    let (_, message) = err(&s.apply("job-2").await);
    assert!(message.starts_with("daily cap reached: 1 application(s) today"), "{message}");
    assert_eq!(smtp.sessions(1).await.len(), 1);
    assert!(apply::get_send(s.pool(), "job-2").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_for_two_jobs_respect_the_daily_cap() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start_with(SmtpMode::DelayAfterData(Duration::from_millis(100))).await;
    s.email_channel(smtp.port).await;
    settings::set(s.pool(), apply::DAILY_CAP, &2u32, start()).await.unwrap();
    for i in 1..=5 {
        s.job(&format!("job-{i}"), "Acme GmbH", &format!("Engineer {i}")).await;
    }
    let calls: Vec<_> = (1..=5)
        .map(|i| {
            let engine = s.t.engine.clone();
            tokio::spawn(async move { apply_with(&engine, &format!("job-{i}")).await })
        })
        .collect();
    let mut sent = 0;
    for c in calls {
        let outcome = c.await.unwrap();
        if outcome.status == TaskRunStatus::Success {
            sent += 1;
        } else {
            let (kind, message) = err(&outcome);
            assert_eq!(kind, ErrorKind::Permanent);
            assert!(message.starts_with("daily cap reached: 2 application(s) today"), "{message}");
        }
    }
    assert_eq!(sent, 2);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(smtp.messages().len(), 2);
}

#[tokio::test]
async fn never_twice_per_employer_within_90_days() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer (m/w/d)").await;
    s.job("job-2", "ACME", "Rust engineer").await;
    s.job("job-3", "Acme GmbH", "Go Engineer").await;
    ok(&s.apply("job-1").await);
    // The same position reposted (another board, another id): the same application.
    let (kind, message) = err(&s.apply("job-2").await);
    assert_eq!(kind, ErrorKind::Invalid);
    assert!(
        message.starts_with(
            "job_id: already applied to this employer for this position on 2026-12-01 (job job-1"
        ),
        "{message}"
    );
    // Another position at the same company is another application.
    ok(&s.apply("job-3").await);
    // 91 days later the same position may be applied to again.
    s.t.clock.set(start() + chrono::Duration::days(91));
    ok(&s.apply("job-2").await);
    assert_eq!(smtp.sessions(3).await.len(), 3);

    // An application moved to `applied` by hand counts too.
    s.job("job-4", "Initech", "Data Engineer").await;
    s.job("job-5", "Initech Inc.", "Data Engineer").await;
    let app = apply::add(s.pool(), "job-4", None, s.t.clock.now()).await.unwrap();
    apply::move_to(s.pool(), &app.id, Stage::Applied, None, s.t.clock.now()).await.unwrap();
    let (_, message) = err(&s.apply("job-5").await);
    assert!(message.contains(&format!("(job job-4, application {}", app.id)), "{message}");
}

#[tokio::test]
async fn the_email_comes_from_the_channel_and_replies_go_to_the_candidate() {
    let s = Setup::new().await;
    let smtp = SmtpServer::start().await;
    s.email_channel(smtp.port).await;
    s.job("job-1", "Acme GmbH", "Rust Engineer").await;
    ok(&s.apply("job-1").await);
    let session = &smtp.sessions(1).await[0];
    assert_eq!(session.command("MAIL FROM").unwrap(), "MAIL FROM:<bot@example.org>");
    let from = header(&session.data, "From");
    assert!(from.contains("<bot@example.org>") && from.contains("Jörg Müller"), "{from}");
    assert!(header(&session.data, "Reply-To").contains("<joerg.mueller@example.org>"), "{}", session.data);
}
