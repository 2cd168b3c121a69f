//! What keeps running behind the window: the scheduler (deployments created here or with the
//! CLI fire in the app) and the notification rules, whose `desktop` channel is delivered as a
//! native notification through tauri-plugin-notification. The engine's live events reach the
//! UI as typed `RunEvent`s (see `commands::run_events`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobhunter_engine::schedule::{Scheduler, SchedulerHandle};
use jobhunter_engine::Engine;
use jobhunter_ops::notify::{start_rules, DesktopNotifier, NotifyDeps, RulesHandle};
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

/// The running scheduler and rules loop, stopped in order when the app exits.
#[derive(Default)]
pub struct Background {
    inner: Mutex<Option<(SchedulerHandle, RulesHandle)>>,
}

impl Background {
    /// Starts the rules loop (with native notifications), the scheduler, and the forwarding
    /// of the engine's live events to the UI (`RunEvent`).
    pub fn start(&self, engine: &Engine, app: AppHandle) {
        crate::commands::run_events::forward(engine, app.clone());
        let deps = NotifyDeps::default().with_desktop(Arc::new(NativeNotifier { app }));
        let rules = start_rules(engine, deps);
        let scheduler = Scheduler::spawn(engine);
        *self.inner.lock().expect("background lock") = Some((scheduler, rules));
    }

    /// Stops scheduling, gives runs in progress `grace` to finish (then cancels them), and
    /// stops the rules loop after it has seen their end.
    pub async fn stop(&self, engine: &Engine, grace: Duration) {
        let Some((scheduler, rules)) = self.inner.lock().expect("background lock").take() else { return };
        if let Err(error) = scheduler.shutdown().await {
            tracing::warn!(%error, "stopping the scheduler failed");
        }
        if let Err(error) = engine.wind_down(grace).await {
            tracing::warn!(%error, "winding down runs failed");
        }
        rules.stop().await;
    }
}
