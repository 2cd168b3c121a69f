//! On Linux a stored password goes to the Secret Service when one runs (it persists across
//! reboots), not only to the kernel keyutils keyring (which a reboot empties). The test starts
//! a private D-Bus session with GNOME Keyring's daemon (unlocked with a throwaway password),
//! runs the store in it, and asks the Secret Service for the entry with `secret-tool`.
//! Without `dbus-run-session`, `gnome-keyring-daemon` or `secret-tool` (scripts/setup installs
//! them) it says so and checks nothing.

use std::process::Command;

use jobhunter_ops::notify::{KeyringSecretStore, SecretStore};

const SERVICE: &str = "jobhunter-test";
const CHILD: &str = "JOBHUNTER_SECRET_SERVICE_CHILD";

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

#[test]
#[cfg(target_os = "linux")]
fn a_password_is_kept_in_the_secret_service_when_one_runs() {
    if std::env::var_os(CHILD).is_some() {
        return; // the child runs `in_a_session` only
    }
    if !(have("dbus-run-session") && have("gnome-keyring-daemon") && have("secret-tool")) {
        eprintln!("skipped: dbus-run-session, gnome-keyring-daemon or secret-tool missing (scripts/setup installs them)");
        return;
    }
    let me = std::env::current_exe().expect("test binary");
    let script = format!(
        "set -e; eval \"$(printf pw | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')\"; \
         {CHILD}=1 '{}' --exact in_a_session --ignored --nocapture; \
         secret-tool lookup service {SERVICE} username smtp:mail",
        me.display()
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run dbus-run-session");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the session failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.trim_end().ends_with("s3cret"),
        "the Secret Service does not have the password:\n{stdout}\n{stderr}"
    );
}

/// Runs inside the private session (started by the test above).
#[test]
#[ignore = "run by a_password_is_kept_in_the_secret_service_when_one_runs inside a D-Bus session"]
fn in_a_session() {
    assert!(
        std::env::var_os(CHILD).is_some(),
        "run through a_password_is_kept_in_the_secret_service_when_one_runs"
    );
    let store = KeyringSecretStore::new(SERVICE);
    store.set("smtp:mail", "s3cret").expect("stored");
    assert_eq!(store.get("smtp:mail").expect("read").as_deref(), Some("s3cret"));
}
