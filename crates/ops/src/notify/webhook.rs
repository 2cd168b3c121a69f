//! The webhook channel: one JSON POST per notification. The body carries `title`, `message`,
//! `level`, `trigger`, `flow_run_id`, `flow_name`, `deployment_id`, `sent_at` and a `text`
//! field, so a Slack incoming-webhook URL works as is (Slack shows `text`).

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::channel::WebhookConfig;
use super::message::Notice;
use crate::error::{Error, Result};

/// The JSON body of a webhook delivery.
pub fn body(notice: &Notice, sent_at: DateTime<Utc>) -> Value {
    json!({
        "title": notice.title,
        "message": notice.message,
        "level": notice.level.as_str(),
        "trigger": notice.trigger,
        "flow_run_id": notice.flow_run_id,
        "flow_name": notice.flow_name,
        "deployment_id": notice.deployment_id,
        "sent_at": sent_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        // Slack incoming webhooks render `text` (mrkdwn); other receivers may ignore it. The
        // text is escaped so that a posting cannot ping a channel or disguise a link.
        "text": format!("*{}*\n{}", super::markup::escape(&notice.title), super::markup::escape(&notice.body_text())),
    })
}

/// A client for webhook deliveries: rustls with the ring provider, a User-Agent naming the
/// app, at most 3 redirects, and `timeout` per request.
pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client> {
    super::install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!("JobHunter/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .map_err(|e| Error::permanent(format!("cannot build the HTTP client: {e}")))
}

/// POSTs `notice` to the channel's URL. 2xx is success; 408, 429 and 5xx are transient
/// failures, other statuses permanent ones.
pub(crate) async fn send(
    client: &reqwest::Client,
    config: &WebhookConfig,
    notice: &Notice,
    sent_at: DateTime<Utc>,
) -> Result<()> {
    let response = client.post(&config.url).json(&body(notice, sent_at)).send().await.map_err(|e| {
        let what = if e.is_timeout() { "timed out" } else { "failed" };
        // Without the URL: its path or query often holds the webhook's token.
        let e = e.without_url();
        Error::transient(format!("POST {} {what}: {}", redact(&config.url), error_chain(&e)))
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = response.text().await.unwrap_or_default();
    let snippet: String = text.chars().take(200).collect();
    let message = format!("POST {} answered {status}: {}", redact(&config.url), snippet.trim());
    if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
        Err(Error::transient(message))
    } else {
        Err(Error::permanent(message))
    }
}

/// The URL without its path and query, which often hold the webhook's secret token.
pub fn redact(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!("{}://{}{}/...", u.scheme(), u.host_str().unwrap_or(""), port(&u)),
        Err(_) => "<url>".to_owned(),
    }
}

fn port(u: &reqwest::Url) -> String {
    u.port().map(|p| format!(":{p}")).unwrap_or_default()
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
