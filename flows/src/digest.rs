//! The `daily_digest` flow: composes the digest of the last `hours` (flow runs by state, the
//! failures, notifications sent / failed / skipped) and delivers it through the notification
//! rules with trigger `digest`. Deploy it on a cron schedule to get it every day, e.g.
//! `jobhunter deployments create --flow daily_digest --name digest --cron "0 8 * * *"
//! --tz Europe/Berlin`.

use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{Flow, FlowContext, OpError, Task};
use jobhunter_ops::notify::ops::{notify_digest, DigestInput, DigestOutput};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DigestParams {
    /// The period the digest covers, in hours before the run (1..=168).
    #[schemars(title = "Hours covered")]
    pub hours: u32,
}

impl Default for DigestParams {
    fn default() -> Self {
        Self { hours: 24 }
    }
}

pub fn daily_digest() -> Flow<DigestParams, DigestOutput> {
    Flow::new("daily_digest", run)
        .description("Send the digest of the last N hours through the notification rules with trigger digest")
}

async fn run(ctx: FlowContext, params: DigestParams) -> Result<DigestOutput, OpError> {
    // No retries: a channel that fails is recorded by the operation, not raised.
    let digest = Task::new(&notify_digest());
    ctx.run(&digest, DigestInput { hours: params.hours }).await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn daily_digest_runs_and_reports() {
        let dir = tempfile::tempdir().unwrap();
        let engine =
            jobhunter_engine::Engine::builder(dir.path()).registry(crate::registry()).open().await.unwrap();
        let out = engine
            .run_flow_json(
                "daily_digest",
                serde_json::json!({}),
                jobhunter_engine::RunOptions::new("manual", "test"),
            )
            .await
            .unwrap();
        assert_eq!(out.state.kind, jobhunter_engine::StateType::Completed, "{out:?}");
        let result = out.result.unwrap();
        assert_eq!(result["title"], "JobHunter digest: 0 runs, 0 failed (last 24 h)");
        assert_eq!(result["delivery"]["sent"], 0, "no digest rule, nothing sent");
    }
}
