//! The app's commands, one concern per file, and the tauri-specta builder that registers them.
//!
//! Adding a command: write it in a file here (`#[tauri::command]` + `#[specta::specta]`), add
//! it to `collect_commands!` below and to `COMMAND_NAMES` (names.rs), grant
//! `allow-<command-name>` in `capabilities/default.json`, then regenerate the TypeScript
//! bindings (see `crate::bindings`). The tests below fail when one of these steps is missing.

pub mod flow_runs;

include!("names.rs");

/// The tauri-specta builder with every command of the app: the source of both the invoke
/// handler and `ui/src/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![flow_runs::list_flow_runs])
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Command names as the generated bindings invoke them.
    fn invoked_names() -> BTreeSet<String> {
        let bindings = crate::bindings::render(&specta_builder()).expect("bindings render");
        bindings
            .split("TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn command_names_match_registered_commands() {
        let listed: BTreeSet<String> = COMMAND_NAMES.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            invoked_names(),
            listed,
            "COMMAND_NAMES (src-tauri/src/commands/names.rs) must list exactly the commands in \
             specta_builder(): tauri-build generates their permissions from it"
        );
    }

    #[test]
    fn default_capability_allows_every_command() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/default.json");
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read capability"))
                .expect("capability is JSON");
        let granted: BTreeSet<&str> = capability["permissions"]
            .as_array()
            .expect("permissions array")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        for name in COMMAND_NAMES {
            let permission = format!("allow-{}", name.replace('_', "-"));
            assert!(
                granted.contains(permission.as_str()),
                "capabilities/default.json does not grant `{permission}`: the UI could not call `{name}`"
            );
        }
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }
}
