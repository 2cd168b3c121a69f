//! Untrusted text in notifications stays text: a job titled like a Slack control sequence
//! neither pings a channel nor disguises a link, desktop notification bodies carry no live
//! markup, and an SMTP password never crosses the network without TLS.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{open, ops_registry, HttpServer};
use jobhunter_ops::notify::message::{Level, Notice};
use jobhunter_ops::notify::{
    ChannelConfig, DesktopNotifier, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, Status, TlsMode,
    WebhookConfig,
};

const HOSTILE: &str = "<!channel> <https://x.example|Reset password> & more";

#[derive(Default)]
struct FakeDesktop {
    shown: Mutex<Vec<(String, String)>>,
}

impl DesktopNotifier for FakeDesktop {
    fn show(&self, title: &str, body: &str) -> jobhunter_ops::Result<()> {
        self.shown.lock().unwrap().push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

async fn notifier(desktop: Option<Arc<FakeDesktop>>) -> (common::TestEngine, Notifier) {
    let t = open(ops_registry(), Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()).await;
    let mut deps = NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5));
    if let Some(desktop) = desktop {
        deps = deps.with_desktop(desktop);
    }
    let n = Notifier::new(&t.engine, deps);
    (t, n)
}

#[tokio::test]
async fn slack_text_keeps_control_sequences_and_links_literal() {
    let (_t, n) = notifier(None).await;
    let server = HttpServer::start(200).await;
    let hook = ChannelConfig::Webhook(WebhookConfig { url: server.url.clone() });
    n.add_channel("hook", hook, None).await.unwrap();
    let notice =
        Notice::new(format!("New match: {HOSTILE}"), format!("Apply: {HOSTILE}"), Level::Info, "test");
    let records = n.notify(&notice, Some(&["hook".to_owned()])).await.unwrap();
    assert!(records.iter().all(|r| r.status == Status::Sent), "{records:?}");
    let body = server.requests().last().expect("one POST").json();
    let text = body["text"].as_str().expect("a text field");
    assert!(!text.contains("<!channel>"), "a Slack ping got through: {text}");
    assert!(!text.contains("<https://"), "a disguised link got through: {text}");
    assert!(text.contains("&lt;!channel&gt; &lt;https://x.example|Reset password&gt; &amp; more"), "{text}");
    // The structured fields stay as they were: receivers that are not Slack read them.
    assert_eq!(body["title"], format!("New match: {HOSTILE}"));
}

#[tokio::test]
async fn desktop_bodies_carry_no_live_markup() {
    let desktop = Arc::new(FakeDesktop::default());
    let (_t, n) = notifier(Some(desktop.clone())).await;
    let notice = Notice::new("New match", format!("<b>{HOSTILE}</b>"), Level::Info, "test");
    n.notify(&notice, Some(&["desktop".to_owned()])).await.unwrap();
    let shown = desktop.shown.lock().unwrap().clone();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(!shown[0].1.contains('<') && !shown[0].1.contains('>'), "{shown:?}");
    assert!(shown[0].1.starts_with("&lt;b&gt;&lt;!channel&gt;"), "{shown:?}");
}

#[tokio::test]
async fn an_smtp_password_needs_tls_unless_the_server_is_this_machine() {
    let (_t, n) = notifier(None).await;
    let config = |host: &str, tls: TlsMode| {
        ChannelConfig::Email(EmailConfig {
            to: "me@example.org".into(),
            from: None,
            smtp_host: host.into(),
            smtp_port: 587,
            smtp_user: Some("me@example.org".into()),
            tls,
        })
    };
    let error =
        n.add_channel("mail", config("smtp.example.org", TlsMode::None), Some("pw")).await.unwrap_err();
    assert_eq!(error.code(), "invalid_input");
    assert!(error.to_string().starts_with("tls: "), "{error}");
    assert!(n.channels().await.unwrap().iter().all(|c| c.name != "mail"), "nothing is stored");
    for host in ["127.0.0.1", "localhost", "::1"] {
        n.add_channel(&format!("local-{}", host.replace(':', "")), config(host, TlsMode::None), Some("pw"))
            .await
            .unwrap_or_else(|e| panic!("{host}: {e}"));
    }
    n.add_channel("tls", config("smtp.example.org", TlsMode::Starttls), Some("pw")).await.unwrap();
}
