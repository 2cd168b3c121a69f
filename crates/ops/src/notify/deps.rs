//! What the notifications need from the host process ([`NotifyDeps`]: the secret store, the
//! desktop notifier, the delivery timeout), kept per engine instance in the engine's
//! extensions: the desktop app and `serve` [`install`] theirs, the operations read them with
//! [`installed_deps`]. Two engines in one process never see each other's.

use std::sync::Arc;
use std::time::Duration;

use jobhunter_engine::Engine;

use super::{DesktopNotifier, KeyringSecretStore, SecretStore};

/// What a [`Notifier`](super::Notifier) needs from its host process.
#[derive(Clone)]
pub struct NotifyDeps {
    /// Where SMTP passwords are (the OS keyring by default).
    pub secrets: Arc<dyn SecretStore>,
    /// Shows desktop notifications; `None` in the CLI and a headless `serve`.
    pub desktop: Option<Arc<dyn DesktopNotifier>>,
    /// Per-delivery timeout (connect + send).
    pub timeout: Duration,
}

impl Default for NotifyDeps {
    fn default() -> Self {
        Self {
            secrets: Arc::new(KeyringSecretStore::default()),
            desktop: None,
            timeout: Duration::from_secs(20),
        }
    }
}

impl NotifyDeps {
    pub fn with_desktop(mut self, desktop: Arc<dyn DesktopNotifier>) -> Self {
        self.desktop = Some(desktop);
        self
    }
    pub fn with_secrets(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = secrets;
        self
    }
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Makes `deps` the dependencies of the notification operations (`notify`, ...) run by
/// `engine` (and by its clones; stored in [`Engine::extensions`]). [`start_rules`] calls it;
/// without it, the operations use [`NotifyDeps::default`] (OS keyring, no desktop).
///
/// [`start_rules`]: super::start_rules
pub fn install(engine: &Engine, deps: NotifyDeps) {
    engine.extensions().insert(deps);
}

/// The dependencies [`install`]ed for `engine`, or the defaults.
pub fn installed_deps(engine: &Engine) -> NotifyDeps {
    engine.extensions().get::<NotifyDeps>().unwrap_or_default()
}
