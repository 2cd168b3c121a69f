// The names of the app's commands, as the front end invokes them.
//
// Included by `src-tauri/build.rs` (tauri-build generates an `allow-<name>` permission for
// each) and by `commands/mod.rs`, whose tests check this list against the commands registered
// in `specta_builder()` and against `capabilities/default.json`. Plain `//` comments only:
// this file is `include!`d into the build script.

/// Every command registered in `specta_builder()`, in snake_case.
pub const COMMAND_NAMES: &[&str] = &["list_flow_runs"];
