//! JobHunter desktop app: a thin Tauri 2 shell over `jobhunter-api`. It opens the API,
//! exposes its actions as typed commands (see [`commands`]), starts the background services,
//! shows the tray and serves the React UI from `ui/dist`.

pub mod background;
pub mod bindings;
pub mod commands;
pub mod graphics;
pub mod instance;
pub mod memory;
pub mod tray;
pub mod window;

pub use commands::specta_builder;
pub use jobhunter_api::{Api, CommandError, CommandResult};

use tauri::Manager;

/// How long runs in progress may take to finish when the app quits before they are cancelled.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// The argument the login item starts the app with: start in the tray, without the window.
pub const HIDDEN_ARG: &str = "--hidden";

/// Whether the app was started with [`HIDDEN_ARG`] (by the login item).
pub fn launched_hidden(mut args: impl Iterator<Item = String>) -> bool {
    args.any(|a| a == HIDDEN_ARG)
}

/// When `run` began: the page-load log line says how long the window took to be usable.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Logs a step of the start with the milliseconds since `run` began (`startup step` lines:
/// scripts/measure-desktop prints them per launch, to see where a slow start goes).
fn startup_step(step: &str) {
    let ms = STARTED.get().map(|t| t.elapsed().as_secs_f64() * 1e3).unwrap_or_default();
    tracing::info!(step, ms = format!("{ms:.0}"), "startup step");
}

/// Runs the app until it quits (the tray's Quit, SIGTERM or SIGINT; closing the window only
/// releases it while the tray is there). Exits the process with status 1 if the app cannot
/// start (e.g. the database cannot be opened).
pub fn run() {
    let _ = STARTED.set(std::time::Instant::now());
    if let Err(error) = try_run() {
        tracing::error!("JobHunter could not start: {error:#}");
        eprintln!("JobHunter could not start: {error}");
        std::process::exit(1);
    }
}

fn try_run() -> tauri::Result<()> {
    let builder = specta_builder();

    #[cfg(debug_assertions)]
    match bindings::export_if_changed(&builder, std::path::Path::new(bindings::BINDINGS_PATH)) {
        Ok(true) => tracing::info!(path = bindings::BINDINGS_PATH, "exported TypeScript bindings"),
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, "could not export TypeScript bindings"),
    }

    let app = tauri::Builder::default()
        // First: a second launch on the same data dir must exit before it opens anything.
        .plugin(instance::plugin(&jobhunter_engine::resolve_data_dir(None)))
        .plugin(tauri_plugin_notification::init())
        // "Start JobHunter when I log in": the login item launches the app with `--hidden`.
        .plugin(tauri_plugin_autostart::Builder::new().app_name("JobHunter").arg(HIDDEN_ARG).build())
        // The native save/open dialogs of "Save PDF as…", "Back up…" and "Restore…".
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .on_page_load(|webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                let ms = STARTED.get().map(|t| t.elapsed().as_secs_f64() * 1e3).unwrap_or_default();
                // Since "Open" asked for the window (building it): the reopen time.
                let open_ms = window::opened_ms().map(|ms| format!("{ms:.0}")).unwrap_or_default();
                // scripts/measure-desktop reads this line: the UI's scripts have run.
                tracing::info!(window = webview.label(), ms = format!("{ms:.0}"), open_ms, "page loaded");
                // Built hidden (see `window::build`): shown now that its page is ready.
                if webview.label() == window::MAIN_WINDOW {
                    window::reveal(webview.app_handle());
                    window::release_start_code(webview.app_handle());
                }
            }
        })
        .setup(move |app| {
            startup_step("setup");
            builder.mount_events(app);
            let data_dir = jobhunter_engine::resolve_data_dir(None);
            tracing::info!(data_dir = %data_dir.display(), "opening the engine");
            let state = tauri::async_runtime::block_on(Api::open(data_dir))?;
            startup_step("engine opened");
            // A fresh data dir gets the nightly maintenance and the desktop notification rules
            // once (what the user changes later stays as they left it).
            let zone = jobhunter_api::defaults::local_timezone();
            if let Err(error) = tauri::async_runtime::block_on(jobhunter_api::defaults::apply(&state, &zone))
            {
                tracing::warn!(%error, "could not apply the first-start defaults");
            }
            // Deployments and notification rules run while the app does (spawned on the app's
            // tokio runtime, hence inside block_on).
            startup_step("defaults applied");
            let background = background::Background::default();
            let handle = app.handle().clone();
            tauri::async_runtime::block_on(background.start(&state.engine, handle));
            startup_step("background started");
            app.manage(background);
            app.manage(state);
            window::setup(app);
            // The tray menu; closing the window now releases it (the app quits from the tray).
            let in_tray = tray::setup(app)?;
            startup_step("tray ready");
            // The window is not created with the app (tauri.conf.json): built now, unless the
            // login item started the app in the tray (without a tray there would be no way to it).
            if launched_hidden(std::env::args()) && in_tray {
                tracing::info!("started at login: JobHunter runs in the tray");
                window::release_memory(app.handle());
            } else {
                window::show(app.handle());
                startup_step("window built");
            }
            Ok(())
        })
        .build(tauri::generate_context!())?;

    app.run(|handle, event| {
        // The last window closed (no exit code): the app stays in the tray, if there is one.
        if let tauri::RunEvent::ExitRequested { code: None, api, .. } = &event {
            if window::runs_in_tray() {
                api.prevent_exit();
            }
        }
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = handle.try_state::<Api>() {
                let engine = state.engine.clone();
                if let Some(background) = handle.try_state::<background::Background>() {
                    tauri::async_runtime::block_on(background.stop(&engine, SHUTDOWN_GRACE));
                }
                if let Err(error) = tauri::async_runtime::block_on(engine.close()) {
                    tracing::warn!(%error, "closing the engine failed");
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_login_item_starts_the_app_hidden() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter();
        assert!(super::launched_hidden(args(&["jobhunter-desktop", "--hidden"])));
        assert!(!super::launched_hidden(args(&["jobhunter-desktop"])));
        assert!(!super::launched_hidden(args(&["jobhunter-desktop", "--hidden-extra"])));
    }
}
