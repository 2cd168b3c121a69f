//! Sending one application email over SMTP in phases, so that the outcome says whether the
//! message may have been delivered: everything up to and including the server's `354` to
//! `DATA` cannot deliver anything (a failure there is [`SendOutcome::Failed`]); once the
//! message and its final `.` are being written, only the server's reply tells, and a lost
//! reply (a dropped connection, a timeout) is [`SendOutcome::Unknown`]. A negative reply to the
//! final `.` is a definite refusal ([`SendOutcome::Failed`]).
//!
//! Same connection settings as the notifications' email channel (`notify::email`): TLS mode,
//! credentials (AUTH PLAIN or LOGIN), the per-step timeout.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::Message;

use crate::notify::{EmailConfig, TlsMode};
use crate::Error;

/// How a send ended.
#[derive(Debug)]
pub(crate) enum SendOutcome {
    /// The server accepted the message; its reply (`250 2.0.0 OK: queued as ...`).
    Sent(String),
    /// Definitely not delivered: refused, or cut off before the message was handed over.
    Failed(Error),
    /// Maybe delivered: the message was handed over but the reply never came.
    Unknown(Error),
}

fn smtp_error(config: &EmailConfig, e: &lettre::transport::smtp::Error) -> Error {
    let text = format!("SMTP {}:{}: {}", config.smtp_host, config.smtp_port, error_chain(e));
    // As for notifications: refusals and client errors are permanent, the rest may pass.
    if e.is_permanent() || e.is_client() {
        Error::permanent(text)
    } else {
        Error::transient(text)
    }
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

/// Connects, authenticates and sends MAIL, RCPT and DATA (up to the server's `354`).
async fn before_data(
    config: &EmailConfig,
    credentials: Option<Credentials>,
    message: &Message,
    bytes: &[u8],
    timeout: Duration,
) -> Result<AsyncSmtpConnection, Error> {
    crate::notify::install_crypto_provider();
    let host = config.smtp_host.as_str();
    let tls = |host: &str| {
        TlsParameters::new(host.to_owned())
            .map_err(|e| Error::permanent(format!("SMTP TLS setup for {host}: {e}")))
    };
    let hello = ClientId::default();
    let wrapper = match config.tls {
        TlsMode::Tls => Some(tls(host)?),
        _ => None,
    };
    let err = |e: lettre::transport::smtp::Error| smtp_error(config, &e);
    let mut conn =
        AsyncSmtpConnection::connect_tokio1((host, config.smtp_port), Some(timeout), &hello, wrapper, None)
            .await
            .map_err(err)?;
    if config.tls == TlsMode::Starttls {
        conn.starttls(tls(host)?, &hello).await.map_err(err)?;
    }
    if let Some(credentials) = &credentials {
        conn.auth(DEFAULT_MECHANISMS, credentials).await.map_err(err)?;
    }
    let envelope = message.envelope();
    let mut options = Vec::new();
    let non_ascii_address =
        envelope.from().into_iter().chain(envelope.to()).any(|a| !AsRef::<str>::as_ref(a).is_ascii());
    if non_ascii_address {
        if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
            return Err(Error::permanent(format!(
                "SMTP {host}:{}: an address is not ASCII and the server does not support SMTPUTF8",
                config.smtp_port
            )));
        }
        options.push(MailParameter::SmtpUtfEight);
    }
    if !bytes.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            return Err(Error::permanent(format!(
                "SMTP {host}:{}: the message is not ASCII and the server does not support 8BITMIME",
                config.smtp_port
            )));
        }
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    conn.command(Mail::new(envelope.from().cloned(), options)).await.map_err(err)?;
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), vec![])).await.map_err(err)?;
    }
    conn.command(Data).await.map_err(err)?;
    Ok(conn)
}

/// Sends `message` through the channel's SMTP server; every phase has `timeout`.
pub(crate) async fn send(
    config: &EmailConfig,
    password: Option<String>,
    message: Message,
    timeout: Duration,
) -> SendOutcome {
    let credentials = match (&config.smtp_user, password) {
        (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password)),
        (Some(user), None) => {
            return SendOutcome::Failed(Error::permanent(format!(
                "no SMTP password for user '{user}': none in the OS keyring and {} is not set",
                crate::notify::SMTP_PASSWORD_ENV
            )))
        }
        (None, _) => None,
    };
    let bytes = message.formatted();
    let at = format!("SMTP {}:{}", config.smtp_host, config.smtp_port);
    let mut conn = match tokio::time::timeout(
        timeout,
        before_data(config, credentials, &message, &bytes, timeout),
    )
    .await
    {
        Ok(Ok(conn)) => conn,
        Ok(Err(e)) => return SendOutcome::Failed(e),
        Err(_) => {
            return SendOutcome::Failed(Error::transient(format!(
                "{at}: timed out after {timeout:?} before the message was sent"
            )))
        }
    };
    // From here on the server may have the message.
    let outcome = match tokio::time::timeout(timeout, conn.message(&bytes)).await {
        Ok(Ok(reply)) => SendOutcome::Sent(reply.message().collect::<Vec<_>>().join(" ")),
        // A negative reply to the final dot: refused, not delivered.
        Ok(Err(e)) if e.is_permanent() || e.is_transient() => SendOutcome::Failed(smtp_error(config, &e)),
        Ok(Err(e)) => SendOutcome::Unknown(Error::permanent(format!(
            "{at}: no reply after the message was sent: {}",
            error_chain(&e)
        ))),
        Err(_) => SendOutcome::Unknown(Error::permanent(format!(
            "{at}: no reply within {timeout:?} after the message was sent"
        ))),
    };
    if matches!(outcome, SendOutcome::Sent(_)) {
        let _ = tokio::time::timeout(Duration::from_secs(2).min(timeout), conn.command(Quit)).await;
    }
    outcome
}
