//! Build script of the desktop shell: runs tauri-build (config, icons, ACL) with an app
//! manifest that turns every app command into an `allow-<command>` / `deny-<command>`
//! permission. The list is shared with the crate (`src-tauri/src/commands/names.rs`) so that a
//! unit test can check it against the commands actually registered.

include!("src/commands/names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/commands/names.rs");
    println!("cargo:rerun-if-changed=permissions");

    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
