//! JobHunter's operations: typed business logic registered with the engine. Each module owns
//! one concern; [`register`] puts every operation in a registry.

pub mod apply;
pub mod cv_llm;
pub mod documents;
pub mod error;
pub mod hunt;
pub mod job_page;
pub mod llm;
pub mod maintenance;
pub mod notify;
pub mod profile;
pub mod rerank;
pub mod settings;
pub mod source_health;

use jobhunter_engine::Registry;

pub use error::{Error, Result};

/// Registers every operation of this crate.
pub fn register(registry: &mut Registry) {
    registry.add_operation(&maintenance::cleanup_taskruns());
    registry.add_operation(&hunt::scrape_jobs());
    registry.add_operation(&hunt::process_jobs());
    registry.add_operation(&hunt::match_jobs());
    registry.add_operation(&documents::generate_cv());
    registry.add_operation(&documents::generate_cover_letter());
    registry.add_operation(&documents::approved_cv());
    registry.add_operation(&apply::apply_job());
    registry.add_operation(&notify::ops::notify());
    registry.add_operation(&notify::ops::notify_high_match());
    registry.add_operation(&notify::ops::notify_digest());
}
