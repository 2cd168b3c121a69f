//! JobHunter's operations: typed business logic registered with the engine. Each module owns
//! one concern; [`register`] puts every operation in a registry.

pub mod maintenance;

use jobhunter_engine::Registry;

/// Registers every operation of this crate.
pub fn register(registry: &mut Registry) {
    registry.add_operation(&maintenance::cleanup_taskruns());
}
