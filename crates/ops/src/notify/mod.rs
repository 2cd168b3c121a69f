//! Notifications and automations: channels (desktop, email, webhook), rules (terminal
//! flow-run states, failure streaks, high-match jobs, the daily digest) with cooldowns and
//! quiet hours, and a record of every attempt to notify in `notifications`.
//!
//! * [`Notifier`] is the API: manage channels and rules, send a test, deliver a [`Notice`],
//!   apply the rules to a finished flow run or to high-match jobs, compose the digest.
//! * [`start_rules`] starts the tokio task that applies the rules to the engine's live
//!   flow-run events (the desktop app and `serve` call it once).
//! * The operations `notify`, `notify_high_match` and `notify_digest` ([`ops`]) make the same
//!   available to flows, the CLI and the UI.
//!
//! A delivery never fails its caller: whatever a channel does (refuses, times out, is not
//! available in this process), the outcome is recorded as `sent`, `failed` (with the error)
//! or `skipped` (with the reason) and returned.
//!
//! Where things are: [`NotifyDeps`] and the per-engine [`install`] in `deps`, the [`Notifier`]
//! with its channel and rule management in `notifier`, sending and recording in `delivery`,
//! what the notices say in `notices`, the `notifications` rows in `notifications`.

pub mod channel;
#[cfg(target_os = "linux")]
pub mod dbus;
mod delivery;
mod deps;
pub mod desktop;
pub mod digest;
pub mod email;
pub mod markup;
pub mod message;
mod notices;
mod notifications;
mod notifier;
pub mod ops;
pub mod rules;
pub mod secrets;
mod service;
pub mod store;
pub mod webhook;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use channel::{
    Channel, ChannelConfig, ChannelKind, EmailConfig, TlsMode, WebhookConfig, DESKTOP_CHANNEL,
};
#[cfg(target_os = "linux")]
pub use dbus::DbusNotifier;
pub use deps::{install, installed_deps, NotifyDeps};
pub use desktop::{DesktopNotifier, ShowFuture};
pub use digest::Digest;
pub use message::{Level, Notice};
pub use notifier::Notifier;
pub use rules::{parse_duration, NewRule, QuietHours, Rule, Trigger};
pub use secrets::{
    smtp_password, smtp_password_key, KeyringSecretStore, MemorySecretStore, SecretStore, LLM_API_KEY,
    SMTP_PASSWORD_ENV,
};
pub use service::{start_rules, RulesHandle};
pub use store::{NotificationFilter, NotificationRecord, Status};

/// Skip reasons recorded in `notifications.reason`.
pub mod reason {
    pub const COOLDOWN: &str = "cooldown";
    pub const QUIET_HOURS: &str = "quiet_hours";
    pub const NO_DESKTOP: &str = "no_desktop";
    pub const DISABLED: &str = "disabled";
}

/// Installs ring as rustls' process-wide crypto provider (once; harmless if one is set).
pub(crate) fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A job above the match threshold, as reported by the job-hunt operations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HighMatch {
    pub job_id: String,
    pub title: String,
    #[serde(default)]
    pub company: Option<String>,
    /// Match score, 0..1.
    pub score: f64,
    #[serde(default)]
    pub url: Option<String>,
}
