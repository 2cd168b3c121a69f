// Keep a console window from opening next to the app in Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::IsTerminal;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// mimalloc, not glibc's allocator: fanned-out tasks allocate on one thread and free on
/// another, where glibc spent a third of their CPU (the engine's overhead bench uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // First, before any thread exists: it sets environment variables for a moment and starts
    // GTK with OpenGL kept out of this process (WebKit's web process draws the page).
    let app_opengl = jobhunter_desktop::graphics::keep_opengl_in_the_web_process();
    // Console output follows RUST_LOG (default: info). The engine's capture layer gets every
    // event and stores the lines that belong to a flow run or task run.
    let console_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .with_filter(console_filter),
        )
        .with(jobhunter_engine::log_capture_layer())
        .init();
    tracing::debug!(?app_opengl, "OpenGL in the app's process");

    jobhunter_desktop::run();
}
