//! The `maintenance` flow: the daily housekeeping deployment of the seed design, deleting
//! audit records past their retention.

use std::time::Duration;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Flow, FlowContext, OpError, RetryDelay, Task};
use jobhunter_ops::maintenance::{cleanup_taskruns, CleanupInput, CleanupOutput};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MaintenanceParams {
    /// Retention in days for TaskRuns, flow runs and logs.
    pub cleanup_days: u32,
}

impl Default for MaintenanceParams {
    fn default() -> Self {
        Self { cleanup_days: 30 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MaintenanceResult {
    pub cleanup: CleanupOutput,
}

pub fn maintenance() -> Flow<MaintenanceParams, MaintenanceResult> {
    Flow::new("maintenance", run)
        .description("Delete audit records (TaskRuns, flow runs, logs) past their retention")
}

async fn run(ctx: FlowContext, params: MaintenanceParams) -> Result<MaintenanceResult, OpError> {
    // A busy database (the desktop app and the CLI share it) is worth a couple of retries.
    let cleanup = Task::new(&cleanup_taskruns())
        .retries(2)
        .retry_delay(RetryDelay::seconds(&[1.0, 5.0]))
        .jitter(0.2)
        .timeout(Duration::from_secs(300));
    let cleanup = ctx.run(&cleanup, CleanupInput { days: params.cleanup_days }).await?;
    Ok(MaintenanceResult { cleanup })
}
