//! Channel kinds (desktop, email, webhook), their stored configuration and its validation.
//! A channel is where a notification goes; rules decide when. Secrets (the SMTP password)
//! are not part of the configuration: they live in the [`super::secrets`] store.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The name of the built-in desktop channel (created by the migration).
pub const DESKTOP_CHANNEL: &str = "desktop";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Desktop,
    Email,
    Webhook,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desktop => "desktop",
            Self::Email => "email",
            Self::Webhook => "webhook",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "desktop" => Self::Desktop,
            "email" => Self::Email,
            "webhook" => Self::Webhook,
            _ => return None,
        })
    }
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Plain text (local relays and tests only).
    None,
    /// Plain connection upgraded with STARTTLS (required; port 587 usually).
    #[default]
    Starttls,
    /// TLS from the first byte ("SMTPS", port 465 usually).
    Tls,
}

impl TlsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Starttls => "starttls",
            Self::Tls => "tls",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => Self::None,
            "starttls" => Self::Starttls,
            "tls" => Self::Tls,
            _ => return None,
        })
    }
}

/// An email channel: SMTP server and recipient. The password, when `smtp_user` is set, is
/// in the secret store under [`super::secrets::smtp_password_key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailConfig {
    pub to: String,
    /// Sender address; defaults to `smtp_user` when it is an address, else to `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub smtp_host: String,
    pub smtp_port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_user: Option<String>,
    #[serde(default)]
    pub tls: TlsMode,
}

impl EmailConfig {
    /// The sender address used in `From:` and `MAIL FROM`.
    pub fn sender(&self) -> &str {
        match (&self.from, &self.smtp_user) {
            (Some(from), _) => from,
            (None, Some(user)) if user.contains('@') => user,
            _ => &self.to,
        }
    }
}

/// A webhook channel: a JSON POST to `url` (Slack incoming webhooks accept the body too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookConfig {
    pub url: String,
}

/// A channel's kind with its configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChannelConfig {
    Desktop,
    Email(EmailConfig),
    Webhook(WebhookConfig),
}

impl ChannelConfig {
    pub fn kind(&self) -> ChannelKind {
        match self {
            Self::Desktop => ChannelKind::Desktop,
            Self::Email(_) => ChannelKind::Email,
            Self::Webhook(_) => ChannelKind::Webhook,
        }
    }

    /// Checks every field; the error names the field (`url: not an http(s) URL`).
    pub fn validate(&self) -> Result<()> {
        match self {
            Self::Desktop => Ok(()),
            Self::Webhook(w) => check_http_url("url", &w.url),
            Self::Email(e) => {
                check_address("to", &e.to)?;
                if let Some(from) = &e.from {
                    check_address("from", from)?;
                }
                check_host("smtp_host", &e.smtp_host)?;
                if e.smtp_port == 0 {
                    return Err(Error::invalid("smtp_port: must be between 1 and 65535"));
                }
                if e.smtp_user.as_deref().is_some_and(|u| u.trim().is_empty()) {
                    return Err(Error::invalid("smtp_user: must not be empty"));
                }
                check_plaintext_login(e)
            }
        }
    }

    /// The configuration stored in the `config` column (the kind has its own column).
    pub(crate) fn to_stored(&self) -> String {
        match self {
            Self::Desktop => "{}".to_owned(),
            Self::Email(e) => serde_json::to_string(e).unwrap_or_default(),
            Self::Webhook(w) => serde_json::to_string(w).unwrap_or_default(),
        }
    }

    pub(crate) fn from_stored(kind: &str, config: &str) -> Result<Self> {
        let corrupt = |e: serde_json::Error| Error::invalid(format!("stored {kind} channel config: {e}"));
        match ChannelKind::parse(kind) {
            Some(ChannelKind::Desktop) => Ok(Self::Desktop),
            Some(ChannelKind::Email) => Ok(Self::Email(serde_json::from_str(config).map_err(corrupt)?)),
            Some(ChannelKind::Webhook) => Ok(Self::Webhook(serde_json::from_str(config).map_err(corrupt)?)),
            None => Err(Error::invalid(format!("unknown stored channel kind '{kind}'"))),
        }
    }
}

/// A configured channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Channel {
    pub id: i64,
    pub name: String,
    #[serde(flatten)]
    pub config: ChannelConfig,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

impl Channel {
    pub fn kind(&self) -> ChannelKind {
        self.config.kind()
    }
}

/// A channel name: 1..=64 characters among letters, digits, `-`, `_` and `.`.
/// A password is only sent without TLS to this machine (a local relay); anywhere else it
/// would cross the network in clear text.
pub fn check_plaintext_login(config: &EmailConfig) -> Result<()> {
    if config.tls == TlsMode::None && config.smtp_user.is_some() && !is_loopback_host(&config.smtp_host) {
        return Err(Error::invalid(format!(
            "tls: a password is only sent without TLS to this machine; use starttls or tls for {}",
            config.smtp_host
        )));
    }
    Ok(())
}

/// `localhost` or a loopback address (`127.0.0.1`, `::1`, ...).
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn check_name(field: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{field}: a channel name is 1 to 64 letters, digits, '-', '_' or '.', got '{name}'"
        )))
    }
}

/// An absolute `http://` or `https://` URL with a host.
pub fn check_http_url(field: &str, url: &str) -> Result<()> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(())
        }
        _ => Err(Error::invalid(format!("{field}: not an http(s) URL: '{url}'"))),
    }
}

/// An email address (`name@example.org`, or `Name <name@example.org>`).
pub fn check_address(field: &str, address: &str) -> Result<()> {
    address
        .parse::<lettre::message::Mailbox>()
        .map(|_| ())
        .map_err(|_| Error::invalid(format!("{field}: not an email address: '{address}'")))
}

/// A host name or IP address, without scheme or port.
pub fn check_host(field: &str, host: &str) -> Result<()> {
    let ok = !host.is_empty()
        && !host.contains("://")
        && !host.contains('/')
        && !host.chars().any(char::is_whitespace)
        && (host.parse::<std::net::IpAddr>().is_ok() || !host.contains(':'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("{field}: not a host name or IP address: '{host}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        let hook = ChannelConfig::Webhook(WebhookConfig { url: "ftp://x".into() });
        assert_eq!(hook.validate().unwrap_err().to_string(), "url: not an http(s) URL: 'ftp://x'");
        assert!(ChannelConfig::Webhook(WebhookConfig { url: "http://127.0.0.1:9/x".into() })
            .validate()
            .is_ok());
        let mail = EmailConfig {
            to: "nope".into(),
            from: None,
            smtp_host: "localhost".into(),
            smtp_port: 25,
            smtp_user: None,
            tls: TlsMode::None,
        };
        assert!(ChannelConfig::Email(mail.clone()).validate().unwrap_err().to_string().starts_with("to: "));
        let good = EmailConfig { to: "me@example.org".into(), ..mail };
        assert!(ChannelConfig::Email(good.clone()).validate().is_ok());
        assert_eq!(good.sender(), "me@example.org");
        assert!(check_host("h", "smtp.example.org").is_ok());
        assert!(check_host("h", "smtp://x").is_err());
        assert!(check_name("name", "ops-alerts_1").is_ok());
        assert!(check_name("name", "bad name").is_err());
    }

    #[test]
    fn stored_config_round_trips() {
        let hook = ChannelConfig::Webhook(WebhookConfig { url: "https://h/x".into() });
        assert_eq!(ChannelConfig::from_stored("webhook", &hook.to_stored()).unwrap(), hook);
        assert_eq!(ChannelConfig::from_stored("desktop", "{}").unwrap(), ChannelConfig::Desktop);
    }
}
