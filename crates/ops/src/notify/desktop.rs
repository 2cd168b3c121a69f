//! The desktop channel: native notifications, shown by whoever embeds the engine with a
//! display. The desktop app implements [`DesktopNotifier`] and hands it to
//! [`super::NotifyDeps`]; the CLI and a headless `serve` leave it unset, and a desktop delivery
//! is then recorded as skipped with reason `no_desktop`.
//!
//! A notification can carry a *route*: the screen of the app it is about (`/jobs/<id>`,
//! `/runs/<id>`, `/applications/<id>`, ...), which the app opens when the user clicks it. On
//! Linux the app shows notifications itself over D-Bus ([`super::dbus`]) to get the click;
//! elsewhere the route is ignored.

use std::future::Future;
use std::pin::Pin;

use crate::error::Result;

/// What [`DesktopNotifier::show_routed`] returns: the outcome of handing the notification over.
pub type ShowFuture = Pin<Box<dyn Future<Output = Result<()>> + Send + 'static>>;

/// Shows a native notification. Called from async code: it should return quickly (hand the
/// notification to the OS and not wait for the user).
pub trait DesktopNotifier: Send + Sync + 'static {
    /// Shows `title` / `body`. An error is recorded as a failed delivery, never propagated to
    /// the flow that caused it (use [`crate::Error::transient`] / [`crate::Error::permanent`]).
    fn show(&self, title: &str, body: &str) -> Result<()>;

    /// Shows `title` / `body`; clicking it opens the app on `route` (a hash route such as
    /// `/jobs/42`) where the notifier supports clicks. The default shows it without a route.
    fn show_routed(&self, title: &str, body: &str, route: Option<&str>) -> ShowFuture {
        let _ = route;
        let shown = self.show(title, body);
        Box::pin(async move { shown })
    }
}
