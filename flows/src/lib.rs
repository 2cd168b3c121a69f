//! JobHunter's flows. Flows are Rust so they can branch for real; their parameters are typed
//! structs with JSON Schemas, so the UI renders a form for any flow and a deployment can store
//! validated parameters. [`registry`] is what the shells (desktop, CLI) open the engine with.

pub mod apply;
pub mod daily;
pub mod digest;
pub mod hunt;
pub mod maintenance;

use jobhunter_engine::Registry;

/// Every operation and flow of JobHunter. Each flow is registered with its title, the one
/// name people read for it (the app's Flows, Runs and Schedules screens, the Dashboard).
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    jobhunter_ops::register(&mut registry);
    registry.add_flow(&maintenance::maintenance().title("Maintenance"));
    registry.add_flow(&hunt::scrape_and_process().title("Scrape and process"));
    registry.add_flow(&daily::daily_job_hunt().title("Daily job hunt"));
    registry.add_flow(&apply::smart_job_application().title("Smart job application"));
    registry.add_flow(&digest::daily_digest().title("Daily digest"));
    registry
}
