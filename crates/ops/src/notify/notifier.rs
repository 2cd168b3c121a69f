//! The [`Notifier`]: the notification API over one engine, and the management of its
//! channels (an email password goes to the secret store, never to SQLite) and rules. Sending
//! and recording are in `delivery`.

use std::sync::{Arc, OnceLock};

use jobhunter_engine::Engine;

use super::{
    channel, installed_deps, smtp_password_key, store, Channel, ChannelConfig, ChannelKind, NewRule,
    NotificationFilter, NotificationRecord, NotifyDeps, Rule, DESKTOP_CHANNEL,
};
use crate::error::{Error, Result};

/// The notification API over one engine.
#[derive(Clone)]
pub struct Notifier {
    pub(super) engine: Engine,
    pub(super) deps: NotifyDeps,
    pub(super) http: Arc<OnceLock<reqwest::Client>>,
}

impl Notifier {
    pub fn new(engine: &Engine, deps: NotifyDeps) -> Self {
        Self { engine: engine.clone(), deps, http: Arc::new(OnceLock::new()) }
    }

    /// A notifier with the dependencies [`install`](super::install)ed for `engine` (or the defaults).
    pub fn for_engine(engine: &Engine) -> Self {
        Self::new(engine, installed_deps(engine))
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub(super) fn pool(&self) -> &sqlx::SqlitePool {
        self.engine.store().pool()
    }

    // -----------------------------------------------------------------------------------------
    // Channels and rules
    // -----------------------------------------------------------------------------------------

    /// Adds a channel. For an email channel with `smtp_user`, `password` is stored in the
    /// secret store (never in SQLite); if that fails, the channel is not added.
    pub async fn add_channel(
        &self,
        name: &str,
        config: ChannelConfig,
        password: Option<&str>,
    ) -> Result<Channel> {
        channel::check_name("name", name)?;
        config.validate()?;
        if config.kind() == ChannelKind::Desktop {
            return Err(Error::invalid("kind: the desktop channel is built in and cannot be added"));
        }
        let channel = store::insert_channel(self.pool(), name, &config, self.engine.clock().now()).await?;
        if let (ChannelConfig::Email(e), Some(password)) = (&config, password) {
            if e.smtp_user.is_some() {
                if let Err(err) = self.deps.secrets.set(&smtp_password_key(name), password) {
                    let _ = store::delete_channel(self.pool(), name).await;
                    return Err(err);
                }
            }
        }
        Ok(channel)
    }

    /// Whether the secret store holds an SMTP password for channel `name` (an unreadable
    /// store counts as no).
    pub fn has_smtp_password(&self, name: &str) -> bool {
        matches!(self.deps.secrets.get(&smtp_password_key(name)), Ok(Some(_)))
    }

    pub async fn channels(&self) -> Result<Vec<Channel>> {
        store::list_channels(self.pool()).await
    }

    pub async fn channel(&self, name: &str) -> Result<Channel> {
        store::get_channel(self.pool(), name).await
    }

    /// Deletes a channel, its rules and its stored password. The built-in desktop channel
    /// cannot be deleted.
    pub async fn delete_channel(&self, name: &str) -> Result<()> {
        if name == DESKTOP_CHANNEL {
            return Err(Error::invalid("the desktop channel is built in and cannot be deleted"));
        }
        let channel = store::get_channel(self.pool(), name).await?;
        store::delete_channel(self.pool(), name).await?;
        if channel.kind() == ChannelKind::Email {
            if let Err(e) = self.deps.secrets.delete(&smtp_password_key(name)) {
                tracing::warn!(channel = name, error = %e, "could not delete the stored SMTP password");
            }
        }
        Ok(())
    }

    pub async fn add_rule(&self, rule: NewRule) -> Result<Rule> {
        if let Some(d) = &rule.deployment_id {
            if d.trim().is_empty() {
                return Err(Error::invalid("deployment: must not be empty"));
            }
        }
        store::insert_rule(self.pool(), &rule, self.engine.clock().now()).await
    }

    pub async fn rules(&self) -> Result<Vec<Rule>> {
        store::list_rules(self.pool()).await
    }

    pub async fn delete_rule(&self, id: i64) -> Result<()> {
        store::delete_rule(self.pool(), id).await
    }

    pub async fn notifications(&self, filter: &NotificationFilter) -> Result<Vec<NotificationRecord>> {
        store::list_notifications(self.pool(), filter).await
    }
}
