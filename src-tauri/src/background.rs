//! What keeps running behind the window: the app starts [`Services`] (the scheduler and the
//! notification rules, the same as `jobhunter serve`) with a `desktop` channel delivered as a
//! native notification, and forwards the engine's live events to the UI (see
//! `commands::run_events`).
//!
//! On Linux the notifications go to the notification daemon over D-Bus
//! ([`jobhunter_ops::notify::DbusNotifier`]), so that clicking one opens the app on what it is
//! about (tauri-plugin-notification reports no clicks on the desktop); without a session bus,
//! and on other systems, tauri-plugin-notification shows them.

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

/// The desktop notifier: over D-Bus with clicks that open the app on the notification's route
/// (Linux, when the session bus answers), else tauri-plugin-notification.
async fn desktop_notifier(app: AppHandle) -> Arc<dyn DesktopNotifier> {
    #[cfg(target_os = "linux")]
    {
        let handle = app.clone();
        let on_click: jobhunter_ops::notify::dbus::OnClick =
            Arc::new(move |route: &str| crate::window::open_route(&handle, route));
        match jobhunter_ops::notify::DbusNotifier::session("JobHunter", on_click).await {
            Ok(notifier) => return Arc::new(notifier),
            Err(error) => {
                tracing::info!(%error, "no D-Bus session: notifications cannot open the app when clicked")
            }
        }
    }
    Arc::new(NativeNotifier { app })
}

/// The running services, stopped in order when the app exits.
#[derive(Default)]
pub struct Background {
    inner: Mutex<Option<Services>>,
    /// The follow-up reminders' check (see [`follow_up_reminders`]).
    reminders: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

impl Background {
    /// Forwards the engine's events to the UI, then starts the services with native
    /// notifications. Runs on the app's tokio runtime (the notifier's listener is spawned on it).
    pub async fn start(&self, engine: &Engine, app: AppHandle) {
        crate::commands::run_events::forward(engine, app.clone());
        let desktop = desktop_notifier(app).await;
        let deps = NotifyDeps::default().with_desktop(desktop.clone());
        *self.inner.lock().expect("background lock") = Some(Services::start(engine, deps));
        let reminders = tauri::async_runtime::spawn(follow_up_reminders(engine.clone(), desktop));
        *self.reminders.lock().expect("background lock") = Some(reminders);
    }

    /// Stops scheduling, gives runs in progress `grace` to finish (then cancels them), and
    /// stops the rules loop after it has seen their end.
    pub async fn stop(&self, engine: &Engine, grace: Duration) {
        if let Some(reminders) = self.reminders.lock().expect("background lock").take() {
            reminders.abort();
        }
        let Some(services) = self.inner.lock().expect("background lock").take() else { return };
        if let Err(error) = services.stop(engine, grace, std::future::pending()).await {
            tracing::warn!(%error, "stopping the background services failed");
        }
    }
}

/// How often the follow-up reminders are checked.
const REMINDER_CHECK: Duration = Duration::from_secs(15 * 60);

/// At start and every 15 minutes: shows each follow-up reminder due today (in the user's
/// zone) or earlier once, as a desktop notification; one that fell due while the app was not
/// running shows at the first check.
async fn follow_up_reminders(engine: Engine, desktop: Arc<dyn DesktopNotifier>) {
    let api = jobhunter_api::Api::new(engine);
    loop {
        let now = chrono::Local::now();
        match jobhunter_api::applications::notify_due(&api, desktop.as_ref(), now).await {
            Ok(0) => {}
            Ok(shown) => tracing::info!(shown, "follow-up reminders shown"),
            Err(error) => tracing::warn!(%error, "checking the follow-up reminders failed"),
        }
        tokio::time::sleep(REMINDER_CHECK).await;
    }
}
