//! Where secrets live: the SMTP password of an email channel is kept in the OS keyring
//! (macOS Keychain, Windows Credential Manager, on Linux the Secret Service or the kernel
//! keyutils keyring), never in SQLite. [`SecretStore`] is a small trait so tests, and machines
//! without a usable keyring, can inject another store ([`MemorySecretStore`]).
//!
//! On Linux the Secret Service (GNOME Keyring, KWallet, over the D-Bus session) is preferred:
//! its entries persist across reboots. Without it (no session bus, no keyring daemon: a
//! headless machine) the kernel keyutils keyring is the fallback; it needs no D-Bus session,
//! but its entries live in the kernel and survive the process and the login session, not a
//! reboot. Reading looks in both (a password stored by an older build is in keyutils). When no
//! keyring can be used at all (a container whose seccomp profile forbids the keyring system
//! calls, a process without a session keyring), storing a password fails with a `secret_store`
//! error and the channel is not added. The fallback for such machines: add the channel without
//! storing the password (`channels add ... --no-keyring`) and set `JOBHUNTER_SMTP_PASSWORD` in
//! the environment of the processes that send ([`smtp_password`] reads it when the store has
//! no entry or cannot be read).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::{Error, Result};

/// A small key/value store for secrets.
pub trait SecretStore: Send + Sync + 'static {
    fn get(&self, key: &str) -> Result<Option<String>>;
    fn set(&self, key: &str, value: &str) -> Result<()>;
    /// Deleting a missing key is not an error.
    fn delete(&self, key: &str) -> Result<()>;
}

/// The key of an email channel's SMTP password.
pub fn smtp_password_key(channel: &str) -> String {
    format!("smtp:{channel}")
}

/// The key of the LLM endpoint's API key (used when the `llm` setting names no environment
/// variable, or the variable is unset).
pub const LLM_API_KEY: &str = "llm:api_key";

/// The environment variable read when the secret store has no SMTP password.
pub const SMTP_PASSWORD_ENV: &str = "JOBHUNTER_SMTP_PASSWORD";

/// The SMTP password of channel `channel`: the secret store's entry, else
/// `$JOBHUNTER_SMTP_PASSWORD`, else `None`. A store that cannot be read is an error only when
/// the variable is not set either.
pub fn smtp_password(store: &dyn SecretStore, channel: &str) -> Result<Option<String>> {
    let from_env = || std::env::var(SMTP_PASSWORD_ENV).ok().filter(|v| !v.is_empty());
    match store.get(&smtp_password_key(channel)) {
        Ok(Some(p)) => Ok(Some(p)),
        Ok(None) => Ok(from_env()),
        Err(e) => from_env().map(Some).ok_or(e),
    }
}

/// The OS keyring, under one service name (`jobhunter`).
#[derive(Debug, Clone)]
pub struct KeyringSecretStore {
    service: String,
}

impl KeyringSecretStore {
    pub fn new(service: &str) -> Self {
        Self { service: service.to_owned() }
    }

    /// The stores to use, preferred first: on Linux the Secret Service, then keyutils;
    /// elsewhere the platform's keyring.
    fn entries(&self, key: &str) -> Result<Vec<(&'static str, keyring::Entry)>> {
        let fail = |e: keyring::Error| Error::Secret(format!("keyring entry '{key}': {e}"));
        #[cfg(target_os = "linux")]
        {
            let ss = keyring::secret_service::SsCredential::new_with_target(None, &self.service, key)
                .map_err(fail)?;
            let ku = keyring::keyutils::KeyutilsCredential::new_with_target(None, &self.service, key)
                .map_err(fail)?;
            Ok(vec![
                ("Secret Service", keyring::Entry::new_with_credential(Box::new(ss))),
                ("keyutils", keyring::Entry::new_with_credential(Box::new(ku))),
            ])
        }
        #[cfg(not(target_os = "linux"))]
        {
            Ok(vec![("OS keyring", keyring::Entry::new(&self.service, key).map_err(fail)?)])
        }
    }
}

impl Default for KeyringSecretStore {
    fn default() -> Self {
        Self::new("jobhunter")
    }
}

impl SecretStore for KeyringSecretStore {
    fn get(&self, key: &str) -> Result<Option<String>> {
        let entries = self.entries(key)?;
        let reachable = entries.len();
        let mut failures = Vec::new();
        for (name, entry) in entries {
            match entry.get_password() {
                Ok(v) => return Ok(Some(v)),
                Err(keyring::Error::NoEntry) => {}
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        if failures.len() < reachable {
            // A store answered, and none had it.
            return Ok(None);
        }
        Err(Error::Secret(format!("cannot read '{key}' from the OS keyring ({})", failures.join("; "))))
    }
    fn set(&self, key: &str, value: &str) -> Result<()> {
        let mut failures = Vec::new();
        for (name, entry) in self.entries(key)? {
            match entry.set_password(value) {
                Ok(()) => {
                    tracing::debug!(key, store = name, "stored a secret");
                    return Ok(());
                }
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        Err(Error::Secret(format!(
            "cannot store '{key}' in the OS keyring ({}); without a usable keyring, add the \
             channel with --no-keyring and set {SMTP_PASSWORD_ENV} where notifications are sent",
            failures.join("; ")
        )))
    }
    fn delete(&self, key: &str) -> Result<()> {
        // From every store (an older build may have kept it in keyutils); a store that cannot
        // be reached holds nothing to delete.
        let mut deleted_somewhere = false;
        let mut failures = Vec::new();
        let entries = self.entries(key)?;
        let reachable = entries.len();
        for (name, entry) in entries {
            match entry.delete_credential() {
                Ok(()) => deleted_somewhere = true,
                Err(keyring::Error::NoEntry) => {}
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        if deleted_somewhere || failures.len() < reachable {
            Ok(())
        } else {
            Err(Error::Secret(format!("cannot delete '{key}' from the OS keyring ({})", failures.join("; "))))
        }
    }
}

/// Secrets in memory, for tests (lost when the process ends).
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    values: Mutex<HashMap<String, String>>,
}

impl SecretStore for MemorySecretStore {
    fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self.values.lock().expect("secrets lock").get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.values.lock().expect("secrets lock").insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<()> {
        self.values.lock().expect("secrets lock").remove(key);
        Ok(())
    }
}
