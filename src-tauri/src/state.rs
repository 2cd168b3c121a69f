//! State managed by the Tauri app and shared by every command.

use std::path::PathBuf;

use jobhunter_engine::{Engine, EngineError};

/// Managed state: the one engine of this process, over the database in the data dir.
#[derive(Clone)]
pub struct AppState {
    pub engine: Engine,
}

impl AppState {
    /// Opens the engine (migrating the database) with the job-hunt flows registered.
    pub async fn open(data_dir: PathBuf) -> Result<Self, EngineError> {
        let engine = Engine::builder(data_dir).registry(jobhunter_flows::registry()).open().await?;
        Ok(Self { engine })
    }
}
