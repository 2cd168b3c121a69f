//! Notifications end to end: webhook and email delivery to local servers, the rules (terminal
//! states only, cooldown, quiet hours in a zone, failure streaks, high matches), the record of
//! every attempt, and a failing channel never failing the flow.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{closed_port, open, ops_registry, HttpServer, SmtpServer, TestEngine};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Engine, Flow, OpError, RunOptions, StateType, Task};
use jobhunter_ops::notify::{
    self, start_rules, ChannelConfig, DesktopNotifier, EmailConfig, HighMatch, MemorySecretStore, NewRule,
    NotificationFilter, NotificationRecord, Notifier, NotifyDeps, QuietHours, Status, TlsMode, Trigger,
    WebhookConfig,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
struct Params {
    /// Fail the first `fail_first` attempts of the flow function.
    #[serde(default)]
    fail_first: usize,
}

/// `flaky`: fails its first `fail_first` attempts (flow retries: `retries`).
fn flaky(retries: u32) -> Flow<Params, Value> {
    let attempts = Arc::new(AtomicUsize::new(0));
    Flow::new("flaky", move |_ctx, p: Params| {
        let attempts = attempts.clone();
        async move {
            let n = attempts.fetch_add(1, Ordering::SeqCst);
            if n < p.fail_first {
                Err(OpError::transient(format!("boom #{}", n + 1)))
            } else {
                Ok(json!({"ok": true}))
            }
        }
    })
    .retries(retries, Duration::ZERO)
}

/// `always_fails`.
fn always_fails() -> Flow<Params, Value> {
    Flow::new("always_fails", |_ctx, _p: Params| async move {
        Err::<Value, _>(OpError::permanent("the board is down"))
    })
}

fn start() -> chrono::DateTime<Utc> {
    // 10:00 in Berlin (UTC+1 in winter).
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
}

async fn setup() -> (TestEngine, Notifier) {
    let t = open(ops_registry(), start()).await;
    let n = Notifier::new(&t.engine, deps());
    (t, n)
}

async fn add_webhook(n: &Notifier, name: &str, url: &str) {
    n.add_channel(name, ChannelConfig::Webhook(WebhookConfig { url: url.to_owned() }), None).await.unwrap();
}

async fn all_notifications(n: &Notifier) -> Vec<NotificationRecord> {
    let mut v = n.notifications(&NotificationFilter { limit: 1000, ..Default::default() }).await.unwrap();
    v.reverse();
    v
}

async fn run(
    engine: &Engine,
    flow: &Flow<Params, Value>,
    fail_first: usize,
    deployment: Option<&str>,
) -> String {
    let mut opts = RunOptions::new("manual", "test");
    opts.deployment_id = deployment.map(str::to_owned);
    engine.run_flow(flow, Params { fail_first }, opts).await.unwrap().flow_run_id
}

/// Records what the desktop channel was asked to show.
#[derive(Default)]
struct FakeDesktop {
    shown: Mutex<Vec<(String, String)>>,
}

/// A desktop that refuses to show anything.
struct BrokenDesktop;

impl DesktopNotifier for BrokenDesktop {
    fn show(&self, _title: &str, _body: &str) -> jobhunter_ops::Result<()> {
        Err(jobhunter_ops::Error::transient("notification daemon not running"))
    }
}

impl DesktopNotifier for FakeDesktop {
    fn show(&self, title: &str, body: &str) -> jobhunter_ops::Result<()> {
        self.shown.lock().unwrap().push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn webhook_send_test_posts_the_json_body() {
    let (_t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    let record = n.send_test("hook").await.unwrap();
    assert_eq!(record.status, Status::Sent, "{record:?}");
    assert_eq!(record.trigger, "test");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].path, "/hooks/secret-token");
    assert!(reqs[0].header("content-type").unwrap().starts_with("application/json"));
    assert!(reqs[0].header("user-agent").unwrap().starts_with("JobHunter/"));
    let body = reqs[0].json();
    assert_eq!(body["title"], "JobHunter test notification");
    assert_eq!(body["level"], "info");
    assert!(body["message"].as_str().unwrap().contains("webhook channel 'hook'"));
    assert!(body["flow_run_id"].is_null());
    assert!(body["text"].as_str().unwrap().starts_with("*JobHunter test notification*\n"));
    // Recorded.
    let all = all_notifications(&n).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].channel, "hook");
    assert_eq!(all[0].channel_kind, "webhook");
}

#[tokio::test]
async fn webhook_errors_are_recorded_with_the_status_and_without_the_token() {
    let (_t, n) = setup().await;
    let server = HttpServer::start(404).await;
    add_webhook(&n, "gone", &server.url).await;
    let record = n.send_test("gone").await.unwrap();
    assert_eq!(record.status, Status::Failed);
    let error = record.error.unwrap();
    assert!(error.contains("404"), "{error}");
    assert!(!error.contains("secret-token"), "the URL's secret path leaked: {error}");
    add_webhook(&n, "down", &format!("http://127.0.0.1:{}/x/secret-token", closed_port().await)).await;
    let record = n.send_test("down").await.unwrap();
    assert_eq!(record.status, Status::Failed);
    let error = record.error.unwrap();
    assert!(error.contains("POST http://127.0.0.1:"), "{error}");
    assert!(!error.contains("secret-token"), "the URL's secret path leaked: {error}");
}

#[tokio::test]
async fn email_through_a_local_smtp_server() {
    let t = open(ops_registry(), start()).await;
    let secrets = Arc::new(MemorySecretStore::default());
    let n = Notifier::new(&t.engine, deps().with_secrets(secrets.clone()));
    let smtp = SmtpServer::start().await;
    let config = EmailConfig {
        to: "seeker@example.org".into(),
        from: None,
        smtp_host: "127.0.0.1".into(),
        smtp_port: smtp.port,
        smtp_user: Some("bot@example.org".into()),
        tls: TlsMode::None,
    };
    n.add_channel("mail", ChannelConfig::Email(config), Some("s3cret")).await.unwrap();
    // The password is in the secret store, not in SQLite.
    assert_eq!(notify::SecretStore::get(&*secrets, "smtp:mail").unwrap().as_deref(), Some("s3cret"));
    let stored: String = sqlx::query_scalar("SELECT config FROM notify_channels WHERE name = 'mail'")
        .fetch_one(t.engine.store().pool())
        .await
        .unwrap();
    assert!(!stored.contains("s3cret"));

    let record = n.send_test("mail").await.unwrap();
    assert_eq!(record.status, Status::Sent, "{record:?}");
    let session = &smtp.sessions(1).await[0];
    assert!(session.command("EHLO").is_some(), "{session:?}");
    let auth = session.command("AUTH").expect("authenticated");
    // AUTH PLAIN base64("\0bot@example.org\0s3cret")
    assert!(auth.contains("AGJvdEBleGFtcGxlLm9yZwBzM2NyZXQ="), "{auth}");
    assert_eq!(session.command("MAIL FROM").unwrap(), "MAIL FROM:<bot@example.org>");
    assert_eq!(session.command("RCPT TO").unwrap(), "RCPT TO:<seeker@example.org>");
    let data = &session.data;
    assert!(data.contains("From: bot@example.org\r\n"), "{data}");
    assert!(data.contains("To: seeker@example.org\r\n"), "{data}");
    assert!(data.contains("Subject: [JobHunter] JobHunter test notification\r\n"), "{data}");
    assert!(data.contains("Content-Type: text/plain"), "{data}");
    assert!(data.contains("This is a test of the email channel 'mail'"), "{data}");
}

#[tokio::test]
async fn email_with_a_missing_password_fails_cleanly() {
    let (_t, n) = setup().await;
    let smtp = SmtpServer::start().await;
    let config = EmailConfig {
        to: "seeker@example.org".into(),
        from: None,
        smtp_host: "127.0.0.1".into(),
        smtp_port: smtp.port,
        smtp_user: Some("bot".into()),
        tls: TlsMode::None,
    };
    n.add_channel("mail", ChannelConfig::Email(config), None).await.unwrap();
    let record = n.send_test("mail").await.unwrap();
    assert_eq!(record.status, Status::Failed);
    assert!(record.error.unwrap().contains("no SMTP password for user 'bot'"));
}

#[tokio::test]
async fn starttls_and_tls_never_fall_back_to_plain_text() {
    let (_t, n) = setup().await;
    let smtp = SmtpServer::start().await;
    for (name, tls) in [("starttls", TlsMode::Starttls), ("tls", TlsMode::Tls)] {
        let config = EmailConfig {
            to: "seeker@example.org".into(),
            from: None,
            smtp_host: "127.0.0.1".into(),
            smtp_port: smtp.port,
            smtp_user: None,
            tls,
        };
        n.add_channel(name, ChannelConfig::Email(config), None).await.unwrap();
        let record = n.send_test(name).await.unwrap();
        assert_eq!(record.status, Status::Failed, "{name}: {record:?}");
        assert!(record.error.unwrap().contains(&format!("SMTP 127.0.0.1:{}", smtp.port)));
    }
    // The plain-text responder (no STARTTLS offered) never saw a message.
    tokio::time::sleep(Duration::from_millis(100)).await;
    for session in smtp.sessions.lock().unwrap().iter() {
        assert!(session.command("MAIL FROM").is_none(), "{session:?}");
        assert!(session.data.is_empty(), "{session:?}");
    }
}

#[tokio::test]
async fn desktop_channel_is_skipped_without_a_notifier_and_shown_with_one() {
    let t = open(ops_registry(), start()).await;
    let headless = Notifier::new(&t.engine, deps());
    let record = headless.send_test("desktop").await.unwrap();
    assert_eq!((record.status, record.reason.as_deref()), (Status::Skipped, Some("no_desktop")));
    let desktop = Arc::new(FakeDesktop::default());
    let app = Notifier::new(&t.engine, deps().with_desktop(desktop.clone()));
    assert_eq!(app.send_test("desktop").await.unwrap().status, Status::Sent);
    assert_eq!(desktop.shown.lock().unwrap()[0].0, "JobHunter test notification");
    let broken = Notifier::new(&t.engine, deps().with_desktop(Arc::new(BrokenDesktop)));
    let record = broken.send_test("desktop").await.unwrap();
    assert_eq!(record.status, Status::Failed);
    assert_eq!(record.error.as_deref(), Some("notification daemon not running"));
}

#[tokio::test]
async fn channel_and_rule_management_errors() {
    let (_t, n) = setup().await;
    let bad =
        n.add_channel("x", ChannelConfig::Webhook(WebhookConfig { url: "not a url".into() }), None).await;
    assert_eq!(bad.unwrap_err().to_string(), "url: not an http(s) URL: 'not a url'");
    add_webhook(&n, "hook", "http://127.0.0.1:9/x").await;
    let dup =
        n.add_channel("hook", ChannelConfig::Webhook(WebhookConfig { url: "http://h/x".into() }), None).await;
    assert!(dup.unwrap_err().to_string().contains("already exists"));
    let missing = n.add_rule(NewRule::new(Trigger::Failed, "nope")).await.unwrap_err();
    assert_eq!(missing.to_string(), "channel 'nope' not found");
    let rule = n.add_rule(NewRule::new(Trigger::ConsecutiveFailures(3), "hook")).await.unwrap();
    assert_eq!(rule.trigger, Trigger::ConsecutiveFailures(3));
    assert_eq!(n.rules().await.unwrap().len(), 1);
    n.delete_rule(rule.id).await.unwrap();
    assert!(n.delete_rule(rule.id).await.unwrap_err().to_string().contains("not found"));
    assert!(n.delete_channel("desktop").await.is_err());
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn completed_failed_and_crashed_runs_trigger_their_rules() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    for on in [Trigger::Completed, Trigger::Failed, Trigger::Crashed] {
        n.add_rule(NewRule::new(on, "hook")).await.unwrap();
    }
    let ok = run(&t.engine, &flaky(0), 0, None).await;
    let failed = run(&t.engine, &always_fails(), 0, None).await;
    let sent = n.on_flow_run_finished(&ok).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].trigger, "completed");
    assert_eq!(sent[0].level, "success");
    let sent = n.on_flow_run_finished(&failed).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].trigger, "failed");
    // A crashed run (as crash recovery leaves it).
    sqlx::query(
        "INSERT INTO flow_runs (id, flow_name, trigger, actor, parameters, state_type, state_name, created_at, error)
         VALUES ('crashed-1', 'hunt', 'schedule', 'scheduler', '{}', 'CRASHED', 'Crashed', '2026-12-01T09:00:00.000000Z', 'process died')",
    )
    .execute(t.engine.store().pool())
    .await
    .unwrap();
    let sent = n.on_flow_run_finished("crashed-1").await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].trigger, "crashed");

    let bodies: Vec<Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(bodies.len(), 3);
    assert_eq!(bodies[0]["title"], "flaky completed");
    assert_eq!(bodies[0]["flow_run_id"], ok.as_str());
    assert_eq!(bodies[1]["title"], "always_fails failed");
    assert_eq!(bodies[1]["level"], "error");
    assert!(bodies[1]["message"].as_str().unwrap().contains("the board is down"));
    assert_eq!(bodies[2]["flow_run_id"], "crashed-1");
    assert_eq!(bodies[2]["title"], "hunt crashed");

    // Never twice for the same run and rule.
    assert!(n.on_flow_run_finished(&failed).await.unwrap().is_empty());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_rules_loop_alerts_only_after_flow_retries_are_exhausted() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    n.add_rule(NewRule::new(Trigger::Failed, "hook")).await.unwrap();
    n.add_rule(NewRule::new(Trigger::Completed, "hook")).await.unwrap();
    let rules = start_rules(&t.engine, deps());
    // Fails twice, then succeeds on its last retry: one "completed", no "failed".
    let recovered = run(&t.engine, &flaky(2), 2, None).await;
    // Fails all three attempts: one "failed", after the last one.
    let exhausted = run(&t.engine, &flaky(2), 5, None).await;
    rules.stop().await;
    let all = all_notifications(&n).await;
    let summary: Vec<(String, String)> =
        all.iter().map(|r| (r.flow_run_id.clone().unwrap(), r.trigger.clone())).collect();
    assert_eq!(summary, vec![(recovered, "completed".into()), (exhausted.clone(), "failed".into())]);
    let body = server.requests()[1].json();
    assert!(body["message"].as_str().unwrap().contains("after 3 attempts"), "{body}");
    assert!(body["message"].as_str().unwrap().contains("boom #3"), "{body}");
}

#[tokio::test]
async fn cooldown_skips_and_records_then_lets_the_next_one_through() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    let mut rule = NewRule::new(Trigger::Failed, "hook");
    rule.cooldown = Duration::from_secs(15 * 60);
    n.add_rule(rule).await.unwrap();
    let flow = always_fails();
    let mut outcomes = Vec::new();
    for advance_min in [0, 5, 11, 1] {
        t.clock.advance(chrono::Duration::minutes(advance_min));
        let id = run(&t.engine, &flow, 0, None).await;
        let r = n.on_flow_run_finished(&id).await.unwrap();
        outcomes.push((r[0].status, r[0].reason.clone()));
    }
    assert_eq!(
        outcomes,
        vec![
            (Status::Sent, None),                       // 09:00
            (Status::Skipped, Some("cooldown".into())), // 09:05
            (Status::Sent, None),                       // 09:16: 16 min after the last sent
            (Status::Skipped, Some("cooldown".into())), // 09:17
        ]
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn quiet_hours_across_midnight_in_the_rules_time_zone() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    let mut rule = NewRule::new(Trigger::Failed, "hook");
    rule.quiet_hours = Some(QuietHours::parse("22:00-07:00", "Europe/Berlin").unwrap());
    n.add_rule(rule).await.unwrap();
    let flow = always_fails();
    let mut outcomes = Vec::new();
    // Berlin is UTC+1 on these days.
    for (d, h, m) in [(1, 20, 59), (1, 21, 0), (1, 23, 30), (2, 5, 59), (2, 6, 0)] {
        t.clock.set(Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap());
        let id = run(&t.engine, &flow, 0, None).await;
        let r = n.on_flow_run_finished(&id).await.unwrap();
        outcomes.push((r[0].status, r[0].reason.clone()));
    }
    let quiet = (Status::Skipped, Some("quiet_hours".to_owned()));
    assert_eq!(
        outcomes,
        vec![(Status::Sent, None), quiet.clone(), quiet.clone(), quiet, (Status::Sent, None)]
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn consecutive_failures_fire_once_per_streak_of_the_deployment() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    let mut rule = NewRule::new(Trigger::ConsecutiveFailures(3), "hook");
    rule.deployment_id = Some("dep-1".into());
    n.add_rule(rule).await.unwrap();
    let flow = flaky(0);
    let mut fired = Vec::new();
    // F F (other deployment: F) F F C F F F
    for (fail, dep) in [
        (true, "dep-1"),
        (true, "dep-1"),
        (true, "dep-2"),
        (true, "dep-1"),
        (true, "dep-1"),
        (false, "dep-1"),
        (true, "dep-1"),
        (true, "dep-1"),
        (true, "dep-1"),
    ] {
        t.clock.advance(chrono::Duration::minutes(1));
        let id = run(&t.engine, &flow, usize::from(fail) * 1000, Some(dep)).await;
        fired.push(n.on_flow_run_finished(&id).await.unwrap().len());
    }
    assert_eq!(fired, vec![0, 0, 0, 1, 0, 0, 0, 0, 1]);
    let body = server.requests()[0].json();
    assert_eq!(body["title"], "flaky: 3 failures in a row");
    assert_eq!(body["deployment_id"], "dep-1");
    assert!(body["message"].as_str().unwrap().contains("The last 3 runs of deployment dep-1 failed"));
}

#[tokio::test]
async fn high_matches_notify_once_per_run() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    n.add_rule(NewRule::new(Trigger::HighMatch, "hook")).await.unwrap();
    let jobs = vec![
        HighMatch {
            job_id: "j1".into(),
            title: "Rust engineer".into(),
            company: Some("Acme".into()),
            score: 0.93,
            url: Some("https://jobs.example/1".into()),
        },
        HighMatch { job_id: "j2".into(), title: "SRE".into(), company: None, score: 0.81, url: None },
    ];
    let sent = n.high_matches(&jobs, None).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert!(n.high_matches(&jobs, None).await.unwrap().is_empty(), "same jobs twice");
    let body = server.requests()[0].json();
    assert_eq!(body["title"], "2 high-match jobs found");
    assert_eq!(body["trigger"], "high_match");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("- Rust engineer at Acme (93% match) https://jobs.example/1"));
    // Through the operation.
    let out = t
        .engine
        .run_operation(
            "notify_high_match",
            json!({"jobs": [{"job_id": "j3", "title": "Dev", "score": 0.9}]}),
            "test",
        )
        .await
        .unwrap();
    assert_eq!(out.output.unwrap()["sent"], 1);
    let bad = t
        .engine
        .run_operation(
            "notify_high_match",
            json!({"jobs": [{"job_id": "j4", "title": "Dev", "score": 90}]}),
            "test",
        )
        .await
        .unwrap();
    assert!(bad.error.unwrap().message.contains("jobs[0].score"));
}

// ---------------------------------------------------------------------------------------------
// The notify operation and the flow it runs in
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_failing_channel_never_fails_the_flow() {
    let t = open(ops_registry(), start()).await;
    notify::install(&t.engine, deps());
    let n = Notifier::for_engine(&t.engine);
    let ok = HttpServer::start(200).await;
    let broken = HttpServer::start(500).await;
    add_webhook(&n, "ok", &ok.url).await;
    add_webhook(&n, "broken", &broken.url).await;
    add_webhook(&n, "down", &format!("http://127.0.0.1:{}/x", closed_port().await)).await;
    let notify_task = Task::new(&notify::ops::notify());
    let flow = Flow::new("summary", move |ctx, _p: Params| {
        let task = notify_task.clone();
        async move {
            let input = notify::ops::NotifyInput {
                message: "3 new jobs".into(),
                title: Some("Hunt finished".into()),
                level: notify::Level::Success,
                channels: None,
            };
            let out = ctx.run(&task, input).await?;
            Ok::<Value, OpError>(serde_json::to_value(out).unwrap())
        }
    });
    let outcome =
        t.engine.run_flow(&flow, Params::default(), RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(outcome.state.kind, StateType::Completed, "{outcome:?}");
    let result = outcome.result.unwrap();
    assert_eq!(
        (result["sent"].as_u64(), result["failed"].as_u64(), result["skipped"].as_u64()),
        (Some(1), Some(2), Some(1))
    );
    let by_channel: Vec<(String, Status)> =
        all_notifications(&n).await.into_iter().map(|r| (r.channel, r.status)).collect();
    assert!(by_channel.contains(&("desktop".into(), Status::Skipped)));
    assert!(by_channel.contains(&("ok".into(), Status::Sent)));
    assert!(by_channel.contains(&("broken".into(), Status::Failed)));
    assert!(by_channel.contains(&("down".into(), Status::Failed)));
    let body = ok.requests()[0].json();
    assert_eq!(body["title"], "Hunt finished");
    assert_eq!(body["level"], "success");
    assert_eq!(body["flow_run_id"], outcome.flow_run_id.as_str());
    assert_eq!(body["flow_name"], "summary");
}

#[tokio::test]
async fn notify_operation_validates_its_input_and_named_channels() {
    let (t, _n) = setup().await;
    let err =
        t.engine.run_operation("notify", json!({"message": "x", "level": "loud"}), "test").await.unwrap_err();
    assert!(err.to_string().contains("level"), "{err}");
    let out = t
        .engine
        .run_operation("notify", json!({"message": "x", "channels": ["nope"]}), "test")
        .await
        .unwrap();
    assert!(out.error.unwrap().message.contains("channel 'nope' not found"));
    let out = t.engine.run_operation("notify", json!({"message": "hello"}), "test").await.unwrap();
    assert_eq!(out.output.unwrap()["skipped"], 1, "only the desktop channel, skipped headless");
}

#[tokio::test]
async fn digest_summarises_the_period_and_goes_through_digest_rules() {
    let (t, n) = setup().await;
    let server = HttpServer::start(200).await;
    add_webhook(&n, "hook", &server.url).await;
    n.add_rule(NewRule::new(Trigger::Digest, "hook")).await.unwrap();
    run(&t.engine, &flaky(0), 0, None).await;
    run(&t.engine, &always_fails(), 0, None).await;
    t.clock.advance(chrono::Duration::hours(1));
    let (digest, sent) = n.digest(24).await.unwrap();
    assert_eq!(digest.runs.get("Completed"), Some(&1));
    assert_eq!(digest.runs.get("Failed"), Some(&1));
    assert_eq!(digest.failures.len(), 1);
    assert_eq!(sent.len(), 1);
    let body = server.requests()[0].json();
    assert_eq!(body["title"], "JobHunter digest: 2 runs, 1 failed (last 24 h)");
    assert!(body["message"].as_str().unwrap().contains("always_fails Failed"));
}
