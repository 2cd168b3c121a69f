//! The desktop channel: native notifications, shown by whoever embeds the engine with a
//! display. The desktop app implements [`DesktopNotifier`] (tauri-plugin-notification) and
//! hands it to [`super::NotifyDeps`]; the CLI and a headless `serve` leave it unset, and a
//! desktop delivery is then recorded as skipped with reason `no_desktop`.

use crate::error::Result;

/// Shows a native notification. Called from async code: it should return quickly (hand the
/// notification to the OS and not wait for the user).
pub trait DesktopNotifier: Send + Sync + 'static {
    /// Shows `title` / `body`. An error is recorded as a failed delivery, never propagated to
    /// the flow that caused it (use [`crate::Error::transient`] / [`crate::Error::permanent`]).
    fn show(&self, title: &str, body: &str) -> Result<()>;
}
