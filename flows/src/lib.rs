//! JobHunter's flows. Flows are Rust so they can branch for real; their parameters are typed
//! structs with JSON Schemas, so the UI renders a form for any flow and a deployment can store
//! validated parameters. [`registry`] is what the shells (desktop, CLI) open the engine with.

pub mod apply;
pub mod daily;
pub mod digest;
pub mod hunt;
pub mod maintenance;

use jobhunter_engine::Registry;

/// Every operation and flow of JobHunter.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    jobhunter_ops::register(&mut registry);
    registry.add_flow(&maintenance::maintenance());
    registry.add_flow(&hunt::scrape_and_process());
    registry.add_flow(&daily::daily_job_hunt());
    registry.add_flow(&apply::smart_job_application());
    registry.add_flow(&digest::daily_digest());
    registry
}
