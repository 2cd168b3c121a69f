//! JobHunter desktop app: a thin Tauri 2 shell over the engine, the job-hunt operations and
//! the flows. It opens the engine, exposes typed commands (see [`commands`]) and serves the
//! React UI from `ui/dist`.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;

pub use commands::specta_builder;
pub use error::{CommandError, CommandResult};
pub use state::AppState;

use tauri::Manager;

/// Runs the app until its last window closes. Exits the process with status 1 if the app
/// cannot start (e.g. the database cannot be opened).
pub fn run() {
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
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = jobhunter_engine::resolve_data_dir(None);
            tracing::info!(data_dir = %data_dir.display(), "opening the engine");
            let state = tauri::async_runtime::block_on(AppState::open(data_dir))?;
            app.manage(state);
            Ok(())
        })
        .build(tauri::generate_context!())?;

    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = handle.try_state::<AppState>() {
                let engine = state.engine.clone();
                if let Err(error) = tauri::async_runtime::block_on(engine.close()) {
                    tracing::warn!(%error, "closing the engine failed");
                }
            }
        }
    });
    Ok(())
}
