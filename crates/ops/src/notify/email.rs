//! The email channel: one plain-text message per notification over SMTP (lettre, rustls with
//! the ring provider). `tls`: `starttls` (default; the server must offer STARTTLS), `tls`
//! (implicit TLS from the first byte) or `none` (plain text: local relays and tests).
//! With `smtp_user` set, the password comes from the secret store (OS keyring).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::channel::{EmailConfig, TlsMode};
use super::message::{Level, Notice};
use crate::error::{Error, Result};

/// The message sent for `notice` (exposed for tests and previews).
pub fn build_message(config: &EmailConfig, notice: &Notice) -> Result<Message> {
    let from: Mailbox = config
        .sender()
        .parse()
        .map_err(|e| Error::permanent(format!("sender address '{}': {e}", config.sender())))?;
    let to: Mailbox =
        config.to.parse().map_err(|e| Error::permanent(format!("recipient address '{}': {e}", config.to)))?;
    let prefix = match notice.level {
        Level::Error => "[JobHunter] [error] ",
        Level::Warning => "[JobHunter] [warning] ",
        _ => "[JobHunter] ",
    };
    let body = format!("{}\n\n-- \nSent by JobHunter ({}).\n", notice.body_text(), notice.trigger);
    Message::builder()
        .from(from)
        .to(to)
        .subject(format!("{prefix}{}", notice.title))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| Error::permanent(format!("cannot build the email: {e}")))
}

/// Sends `notice` through the channel's SMTP server.
pub(crate) async fn send(
    config: &EmailConfig,
    password: Option<String>,
    notice: &Notice,
    timeout: Duration,
) -> Result<()> {
    let message = build_message(config, notice)?;
    send_message(config, password, message, timeout).await
}

/// Sends a built `message` through the SMTP server of the email channel `config` (also used
/// by `apply_job` for application emails). Connection faults are retryable, refusals not.
pub(crate) async fn send_message(
    config: &EmailConfig,
    password: Option<String>,
    message: Message,
    timeout: Duration,
) -> Result<()> {
    super::install_crypto_provider();
    let host = config.smtp_host.as_str();
    // Also checked when the channel is saved; a channel stored by an older build is caught here.
    super::channel::check_plaintext_login(config).map_err(|e| Error::permanent(e.to_string()))?;
    let builder = match config.tls {
        TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        TlsMode::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| Error::permanent(format!("SMTP TLS setup for {host}: {e}")))?,
        TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(|e| Error::permanent(format!("SMTP TLS setup for {host}: {e}")))?,
    };
    let mut builder = builder.port(config.smtp_port).timeout(Some(timeout));
    if let Some(user) = &config.smtp_user {
        let password = password.ok_or_else(|| {
            Error::permanent(format!(
                "no SMTP password for user '{user}': none in the OS keyring and {} is not set",
                super::secrets::SMTP_PASSWORD_ENV
            ))
        })?;
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    let transport = builder.build();
    transport.send(message).await.map_err(|e| {
        let text = format!("SMTP {host}:{}: {}", config.smtp_port, error_chain(&e));
        if e.is_permanent() || e.is_client() {
            Error::permanent(text)
        } else {
            Error::transient(text)
        }
    })?;
    Ok(())
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
