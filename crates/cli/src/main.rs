//! `jobhunter`: the command line over the engine, the operations and the flows. It opens the
//! same database as the desktop app (see `--data-dir`), so both can be used side by side.

mod args;
mod commands;
mod output;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::args::Cli;

/// The desktop app's allocator (see its `main.rs`), so both run the engine alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cli_json = cli.json;
    install_tracing(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        // The reader of stdout went away (`jobhunter ... | head`): stop quietly.
        Err(err) if err.is_broken_pipe() => ExitCode::FAILURE,
        Err(err) => {
            if cli_json {
                let doc = serde_json::json!({ "code": err.code(), "message": err.message() });
                eprintln!("{doc}");
            } else {
                eprintln!("error: {}", err.message());
            }
            ExitCode::from(err.code().exit_status())
        }
    }
}

/// Human logs go to stderr (errors only by default, `-v` for more, `RUST_LOG` wins); logs emitted
/// inside runs are also captured into the database.
fn install_tracing(verbose: u8) {
    let default = match verbose {
        0 => "error",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        // No colour escape codes in logs redirected to a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .with_filter(filter);
    let _ = tracing_subscriber::registry().with(fmt).with(jobhunter_engine::log_capture_layer()).try_init();
}
