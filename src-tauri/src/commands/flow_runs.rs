//! Flow run history.

use jobhunter_engine::{Engine, FlowRunFilter, FlowRunRecord, StateType};
use serde::{Deserialize, Serialize};

use crate::error::CommandResult;
use crate::state::AppState;

/// Page size when the UI does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most runs one call returns.
pub const MAX_LIMIT: u32 = 500;

/// One flow run, as the runs table shows it. Timestamps are RFC 3339 (UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlowRunSummary {
    pub id: String,
    pub flow_name: String,
    /// `manual`, `schedule` or `cli`.
    pub trigger: String,
    /// What the engine acts on.
    pub state_type: StateType,
    /// What the user sees, e.g. `Late`, `Retrying`, `Cached`, `TimedOut`.
    pub state_name: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration_ms: Option<f64>,
    pub error: Option<String>,
}

impl From<FlowRunRecord> for FlowRunSummary {
    fn from(run: FlowRunRecord) -> Self {
        Self {
            id: run.id,
            flow_name: run.flow_name,
            trigger: run.trigger,
            state_type: run.state_type,
            state_name: run.state_name,
            created_at: run.created_at.to_rfc3339(),
            started_at: run.started_at.map(|t| t.to_rfc3339()),
            finished_at: run.finished_at.map(|t| t.to_rfc3339()),
            duration_ms: run.duration_ms.map(|ms| ms as f64),
            error: run.error,
        }
    }
}

/// The most recent flow runs, newest first (`limit` defaults to 50, at most 500).
#[tauri::command]
#[specta::specta]
pub async fn list_flow_runs(
    state: tauri::State<'_, AppState>,
    limit: Option<u32>,
) -> CommandResult<Vec<FlowRunSummary>> {
    recent_flow_runs(&state.engine, limit).await
}

/// The command's logic, without Tauri.
pub async fn recent_flow_runs(engine: &Engine, limit: Option<u32>) -> CommandResult<Vec<FlowRunSummary>> {
    let filter =
        FlowRunFilter { limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT), ..Default::default() };
    let runs = engine.store().list_flow_runs(&filter).await.map_err(|error| {
        tracing::warn!(%error, "list_flow_runs failed");
        error
    })?;
    tracing::debug!(count = runs.len(), limit = filter.limit, "listed flow runs");
    Ok(runs.into_iter().map(FlowRunSummary::from).collect())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use super::*;

    fn record() -> FlowRunRecord {
        FlowRunRecord {
            id: "0193-run".into(),
            flow_name: "maintenance".into(),
            deployment_id: None,
            trigger: "cli".into(),
            actor: "cli".into(),
            parameters: json!({}),
            state_type: StateType::Completed,
            state_name: "Completed".into(),
            result: Some(json!({ "removed": 0 })),
            error: None,
            created_at: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
            started_at: Some(Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 1).unwrap()),
            finished_at: Some(Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 3).unwrap()),
            duration_ms: Some(2_000),
            restarted_from: None,
            run_count: 1,
        }
    }

    #[test]
    fn summary_uses_camel_case_and_rfc3339() {
        let summary = FlowRunSummary::from(record());
        assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            json!({
                "id": "0193-run",
                "flowName": "maintenance",
                "trigger": "cli",
                "stateType": "COMPLETED",
                "stateName": "Completed",
                "createdAt": "2026-11-26T09:00:00+00:00",
                "startedAt": "2026-11-26T09:00:01+00:00",
                "finishedAt": "2026-11-26T09:00:03+00:00",
                "durationMs": 2000.0,
                "error": null,
            })
        );
    }

    #[test]
    fn summary_of_a_run_that_has_not_started() {
        let mut run = record();
        run.state_type = StateType::Scheduled;
        run.state_name = "Late".into();
        run.started_at = None;
        run.finished_at = None;
        run.duration_ms = None;
        let summary = FlowRunSummary::from(run);
        assert_eq!(summary.started_at, None);
        assert_eq!(summary.duration_ms, None);
        assert_eq!(summary.state_name, "Late");
    }

    #[tokio::test]
    async fn lists_nothing_from_a_fresh_database() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::builder(dir.path())
            .registry(jobhunter_flows::registry())
            .open()
            .await
            .expect("engine opens on an empty data dir");
        let runs = recent_flow_runs(&engine, None).await.expect("list runs");
        assert!(runs.is_empty(), "fresh database has no runs: {runs:?}");
        let runs = recent_flow_runs(&engine, Some(0)).await.expect("limit 0 is clamped");
        assert!(runs.is_empty());
        engine.close().await.unwrap();
    }
}
