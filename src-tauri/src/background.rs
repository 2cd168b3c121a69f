//! What keeps running behind the window: the app starts [`Services`] (the scheduler and the
//! notification rules, the same as `jobhunter serve`) with a `desktop` channel delivered as a
//! native notification through tauri-plugin-notification, and forwards the engine's live
//! events to the UI (see `commands::run_events`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobhunter_api::services::Services;
use jobhunter_engine::Engine;
use jobhunter_ops::notify::{DesktopNotifier, NotifyDeps};
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// Shows notifications of the `desktop` channel on the user's desktop.
struct NativeNotifier {
    app: AppHandle,
}

impl DesktopNotifier for NativeNotifier {
    fn show(&self, title: &str, body: &str) -> jobhunter_ops::Result<()> {
        self.app
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show()
            .map_err(|e| jobhunter_ops::Error::transient(format!("desktop notification: {e}")))
    }
}

/// The running services, stopped in order when the app exits.
#[derive(Default)]
pub struct Background {
    inner: Mutex<Option<Services>>,
}

impl Background {
    /// Forwards the engine's events to the UI, then starts the services with native
    /// notifications.
    pub fn start(&self, engine: &Engine, app: AppHandle) {
        crate::commands::run_events::forward(engine, app.clone());
        let deps = NotifyDeps::default().with_desktop(Arc::new(NativeNotifier { app }));
        *self.inner.lock().expect("background lock") = Some(Services::start(engine, deps));
    }

    /// Stops scheduling, gives runs in progress `grace` to finish (then cancels them), and
    /// stops the rules loop after it has seen their end.
    pub async fn stop(&self, engine: &Engine, grace: Duration) {
        let Some(services) = self.inner.lock().expect("background lock").take() else { return };
        if let Err(error) = services.stop(engine, grace, std::future::pending()).await {
            tracing::warn!(%error, "stopping the background services failed");
        }
    }
}
