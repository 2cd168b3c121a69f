//! Flow runs: history (filtered, paginated, by tag too), one run in detail with its task runs
//! and logs, cancel and restart, and the tags runs carry.

use jobhunter_engine::{
    CancelOutcome, Engine, FlowRunFilter, FlowRunRecord, LogRecord, RunOptions, StateType,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::CommandResult;
use crate::task_runs::TaskRunSummary;
use crate::Api;

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
    /// Its deployment's tags, then its flow's (`scheduled`, `production`, ...).
    pub tags: Vec<String>,
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
            tags: run.tags,
        }
    }
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

/// Which flow runs `search_flow_runs` returns (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlowRunQuery {
    pub flow_name: Option<String>,
    pub state_type: Option<StateType>,
    pub deployment_id: Option<String>,
    /// Only runs carrying this tag.
    pub tag: Option<String>,
    /// RFC 3339; runs created at or after.
    pub since: Option<String>,
    /// RFC 3339; runs created before.
    pub until: Option<String>,
    /// Page size: 50 when absent, at most 500.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Parses an optional RFC 3339 argument; the error names `field`.
pub(crate) fn parse_time(
    field: &str,
    text: Option<&str>,
) -> CommandResult<Option<chrono::DateTime<chrono::Utc>>> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(t).map(|t| t.with_timezone(&chrono::Utc)).map_err(|e| {
                crate::error::CommandError::invalid(field, format!("'{t}' is not an RFC 3339 time: {e}"))
            })
        })
        .transpose()
}

/// The command's logic, without Tauri.
pub async fn search(state: &Api, query: FlowRunQuery) -> CommandResult<Vec<FlowRunSummary>> {
    let filter = FlowRunFilter {
        flow_name: query.flow_name.filter(|n| !n.is_empty()),
        state_type: query.state_type,
        deployment_id: query.deployment_id.filter(|n| !n.is_empty()),
        tag: query.tag.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        since: parse_time("since", query.since.as_deref())?,
        until: parse_time("until", query.until.as_deref())?,
        limit: query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
        offset: query.offset.unwrap_or(0),
    };
    let runs = state.engine.store().list_flow_runs(&filter).await?;
    Ok(runs.into_iter().map(FlowRunSummary::from).collect())
}

/// Every tag a run or a schedule carries, sorted (what the runs list's tag filter offers).
pub async fn tags(state: &Api) -> CommandResult<Vec<String>> {
    Ok(state.engine.store().tags_in_use().await?)
}

/// A log line of a run. `ts` is RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    /// Increasing with time; a string (64-bit row id).
    pub id: String,
    pub flow_run_id: Option<String>,
    pub task_run_id: Option<String>,
    pub ts: String,
    pub level: String,
    pub target: String,
    pub message: String,
}

impl From<LogRecord> for LogLine {
    fn from(log: LogRecord) -> Self {
        Self {
            id: log.id.to_string(),
            flow_run_id: log.flow_run_id,
            task_run_id: log.task_run_id,
            ts: log.ts.to_rfc3339(),
            level: log.level,
            target: log.target,
            message: log.message,
        }
    }
}

/// The most log lines a run detail carries.
pub const DETAIL_LOG_LIMIT: u32 = 2_000;

/// One flow run with everything the run view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlowRunDetail {
    pub run: FlowRunSummary,
    pub actor: String,
    pub deployment_id: Option<String>,
    pub parameters: Value,
    pub result: Option<Value>,
    pub restarted_from: Option<String>,
    /// How many times the flow function ran (1 + flow retries used).
    pub run_count: u32,
    /// In the order they started.
    pub task_runs: Vec<TaskRunSummary>,
    /// Oldest first (at most 2,000).
    pub logs: Vec<LogLine>,
}

/// The command's logic, without Tauri.
pub async fn detail(state: &Api, id: &str) -> CommandResult<FlowRunDetail> {
    let store = state.engine.store();
    let run = store.get_flow_run(id).await?;
    let task_runs = store.task_runs_of_flow_run(id).await?;
    let logs = store.logs(Some(id), None, DETAIL_LOG_LIMIT).await?;
    Ok(FlowRunDetail {
        actor: run.actor.clone(),
        deployment_id: run.deployment_id.clone(),
        parameters: run.parameters.clone(),
        result: run.result.clone(),
        restarted_from: run.restarted_from.clone(),
        run_count: run.run_count,
        run: FlowRunSummary::from(run),
        task_runs: task_runs.into_iter().map(TaskRunSummary::from).collect(),
        logs: logs.into_iter().map(LogLine::from).collect(),
    })
}

/// What `cancel_flow_run` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CancelResult {
    /// Running in this app; its tasks were told to stop.
    Cancelling,
    /// Running in another process (e.g. the CLI), which was asked to stop it.
    Requested,
    /// It had not started; it is now Cancelled.
    Cancelled,
    /// It had already finished.
    AlreadyFinished,
}

impl From<CancelOutcome> for CancelResult {
    fn from(outcome: CancelOutcome) -> Self {
        match outcome {
            CancelOutcome::Cancelling => Self::Cancelling,
            CancelOutcome::Requested => Self::Requested,
            CancelOutcome::Cancelled => Self::Cancelled,
            CancelOutcome::AlreadyFinished => Self::AlreadyFinished,
        }
    }
}

/// The command's logic, without Tauri.
pub async fn cancel(state: &Api, id: &str) -> CommandResult<CancelResult> {
    let outcome = state.engine.cancel_flow_run(id).await?;
    tracing::info!(flow_run_id = id, ?outcome, "cancel requested from the desktop");
    Ok(outcome.into())
}

/// The command's logic, without Tauri.
pub async fn restart(state: &Api, id: &str) -> CommandResult<String> {
    let handle = state.engine.start_restart_flow_run(id, RunOptions::new("restart", "desktop")).await?;
    tracing::info!(from = id, flow_run_id = %handle.flow_run_id, "restarted a flow run from the desktop");
    Ok(handle.flow_run_id.clone())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::test_support::{state, wait_until_finished};

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
            tags: vec!["scheduled".into(), "maintenance".into()],
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
                "tags": ["scheduled", "maintenance"],
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

    #[tokio::test]
    async fn unknown_runs_are_not_found() {
        let (_dir, state) = state().await;
        assert_eq!(cancel(&state, "nope").await.unwrap_err().code, "not_found");
        assert_eq!(detail(&state, "nope").await.unwrap_err().code, "not_found");
        assert_eq!(restart(&state, "nope").await.unwrap_err().code, "not_found");
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn a_failed_run_restarts_as_a_new_run() {
        let (_dir, state) = state().await;
        let params = r#"{"job_id": "no-such-job"}"#;
        let id = crate::flows::start(&state, "smart_job_application", Some(params)).await.unwrap();
        let failed = wait_until_finished(&state, &id).await;
        assert_eq!(failed.run.state_type, StateType::Failed, "{failed:?}");
        assert!(failed.run.error.is_some());

        let new_id = restart(&state, &id).await.expect("a failed run restarts");
        assert_ne!(new_id, id);
        let restarted = wait_until_finished(&state, &new_id).await;
        assert_eq!(restarted.restarted_from.as_deref(), Some(id.as_str()));
        assert_eq!(restarted.run.trigger, "restart");
        assert_eq!(restarted.actor, "desktop");
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn runs_of_a_tagged_schedule_carry_its_tags_and_filter_by_them() {
        let (_dir, state) = state().await;
        crate::defaults::apply(&state, "UTC").await.unwrap();
        let by_hand = crate::flows::start(&state, "maintenance", None).await.unwrap();
        wait_until_finished(&state, &by_hand).await;
        let scheduled = crate::schedules::run_now(&state, crate::defaults::MAINTENANCE_NAME).await.unwrap();
        let done = wait_until_finished(&state, &scheduled).await;
        assert_eq!(done.run.tags, ["scheduled", "maintenance"]);

        let tagged = |tag: &str| FlowRunQuery { tag: Some(tag.into()), ..Default::default() };
        let found = search(&state, tagged(" maintenance ")).await.unwrap();
        assert_eq!(found.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [scheduled.as_str()]);
        assert!(search(&state, tagged("scraping")).await.unwrap().is_empty());
        assert_eq!(search(&state, tagged("")).await.unwrap().len(), 2, "a blank tag filters nothing");
        assert_eq!(tags(&state).await.unwrap(), ["maintenance", "scheduled"]);
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn filters_and_restart_rules() {
        let (_dir, state) = state().await;
        let id = crate::flows::start(&state, "maintenance", None).await.unwrap();
        let done = wait_until_finished(&state, &id).await;
        assert_eq!(done.run.state_type, StateType::Completed);
        assert_eq!(cancel(&state, &id).await.unwrap(), CancelResult::AlreadyFinished);
        let error = restart(&state, &id).await.unwrap_err();
        assert_eq!(error.code, "conflict", "a completed run is not restarted: {error:?}");

        let query = |flow: &str, state_type| FlowRunQuery {
            flow_name: Some(flow.into()),
            state_type,
            ..Default::default()
        };
        assert_eq!(search(&state, query("maintenance", Some(StateType::Completed))).await.unwrap().len(), 1);
        assert!(search(&state, query("maintenance", Some(StateType::Failed))).await.unwrap().is_empty());
        assert!(search(&state, query("daily_job_hunt", None)).await.unwrap().is_empty());
        let bad = FlowRunQuery { since: Some("yesterday".into()), ..Default::default() };
        let error = search(&state, bad).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.starts_with("since:"), "{}", error.message);
        state.engine.close().await.unwrap();
    }
}
