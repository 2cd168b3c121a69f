//! One running app per data dir: a second launch with the same data dir brings the running
//! app's window forward and exits (tauri-plugin-single-instance).
//!
//! On Linux the plugin owns a well-known name on the D-Bus session bus. By default that name is
//! the app identifier alone, so a developer's running app would swallow a test app started with
//! a temporary `JOBHUNTER_DATA_DIR`. The name here also carries a hash of the data dir: apps on
//! different data dirs run side by side; two on the same one (which would share one database and
//! run every schedule twice) cannot. Without a session bus the plugin lets the app start. (On
//! Windows and macOS the plugin keys on the identifier only: one app per user there.)

use std::path::{Path, PathBuf};

use tauri::plugin::TauriPlugin;
use tauri::Runtime;

/// The app identifier (`identifier` in tauri.conf.json; a test checks they agree).
pub const IDENTIFIER: &str = "dev.jobhunter.app";

/// The data dir as the instance key sees it: created if missing, then canonical (so that a
/// relative or symlinked spelling of one dir is the same key).
pub fn canonical_data_dir(data_dir: &Path) -> PathBuf {
    let _ = std::fs::create_dir_all(data_dir);
    std::fs::canonicalize(data_dir)
        .or_else(|_| std::path::absolute(data_dir))
        .unwrap_or_else(|_| data_dir.to_path_buf())
}

/// The D-Bus name prefix of the instance of `data_dir` (the plugin appends `.SingleInstance`):
/// `dev.jobhunter.app.data_<16 hex digits>` (FNV-1a of the canonical path, stable across builds).
pub fn dbus_id(data_dir: &Path) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in canonical_data_dir(data_dir).as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{IDENTIFIER}.data_{hash:016x}")
}

/// The single-instance plugin for `data_dir`; register it before the other plugins.
pub fn plugin<R: Runtime>(data_dir: &Path) -> TauriPlugin<R> {
    let dbus_id = dbus_id(data_dir);
    tracing::debug!(dbus_id, "single instance per data dir");
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id)
        .callback(|app, argv, _cwd| {
            // The login item of a running app (started by hand before logging in again, say)
            // leaves it as it is.
            if crate::launched_hidden(argv.into_iter()) {
                tracing::info!("JobHunter was launched again at login: it keeps running as it is");
                return;
            }
            tracing::info!("JobHunter was launched again: showing its window");
            crate::window::show(app);
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_matches_the_config() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
        let config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read config"))
                .expect("config is JSON");
        assert_eq!(config["identifier"], IDENTIFIER);
    }

    #[test]
    fn the_key_depends_on_the_data_dir_only() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let id = dbus_id(a.path());
        assert_eq!(id, dbus_id(a.path()));
        assert_eq!(id, dbus_id(&a.path().join("sub").join("..")));
        assert_ne!(id, dbus_id(b.path()));
        // A valid D-Bus well-known name: dot-separated elements of [A-Za-z0-9_-], none
        // starting with a digit.
        assert!(id.starts_with("dev.jobhunter.app.data_"));
        assert_eq!(id.len(), "dev.jobhunter.app.data_".len() + 16);
        for element in id.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        }
    }
}
