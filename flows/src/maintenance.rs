//! The `maintenance` flow: the daily housekeeping deployment of the seed design, deleting
//! audit records past their retention.

use std::time::Duration;

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, Flow, FlowContext, OpError, RetryDelay, Task};
use jobhunter_ops::maintenance::{cleanup_taskruns, CleanupInput, CleanupOutput};
use jobhunter_ops::settings;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MaintenanceParams {
    /// Retention in days for TaskRuns, flow runs and logs (default: the retention setting,
    /// else 30).
    #[schemars(title = "Keep records for (days)")]
    pub cleanup_days: Option<u32>,
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
    let days = match params.cleanup_days {
        Some(days) => days,
        None => settings::get::<u32>(ctx.engine().store().pool(), settings::RETENTION_DAYS)
            .await
            .map_err(|e| OpError::new(ErrorKind::Transient, e.to_string()))?
            .unwrap_or(settings::DEFAULT_RETENTION_DAYS),
    };
    let cleanup = ctx.run(&cleanup, CleanupInput { days }).await?;
    Ok(MaintenanceResult { cleanup })
}
