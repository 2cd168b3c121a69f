//! Live progress for every front end: the engine's events (flow-run states, task runs started
//! and finished, log lines) as the typed [`RunUpdate`] the app sends as `RunEvent` (see
//! `events.runEvent` in the bindings), and the high matches of a finished hunt, read from its
//! typed result. Events are best effort: a UI that falls behind misses some (logged), and the
//! store stays the record of truth.

use jobhunter_engine::{Engine, EngineEvent, StateType, TaskRunStatus};
use jobhunter_flows::daily::DailyJobHuntResult;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::{self, error::RecvError};

/// Something that happened in a run, as it happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RunUpdate {
    /// A flow run entered a state (Running, Retrying, Completed, Failed, Crashed, ...).
    #[serde(rename_all = "camelCase")]
    FlowRunState {
        flow_run_id: String,
        flow_name: String,
        deployment_id: Option<String>,
        state_type: StateType,
        state_name: String,
        error: Option<String>,
    },
    /// A task run attempt started.
    #[serde(rename_all = "camelCase")]
    TaskRunStarted {
        taskrun_id: String,
        flow_run_id: Option<String>,
        task_name: String,
        operation_name: String,
        attempt: u32,
    },
    /// A task run attempt ended (or a cached result was recorded).
    #[serde(rename_all = "camelCase")]
    TaskRunFinished {
        taskrun_id: String,
        flow_run_id: Option<String>,
        task_name: String,
        operation_name: String,
        attempt: u32,
        status: TaskRunStatus,
        duration_ms: f64,
        error: Option<String>,
    },
    /// A log line captured inside a run.
    #[serde(rename_all = "camelCase")]
    Log { flow_run_id: Option<String>, taskrun_id: Option<String>, level: String, message: String },
}

impl From<EngineEvent> for RunUpdate {
    fn from(event: EngineEvent) -> Self {
        match event {
            EngineEvent::FlowRunState { flow_run_id, flow_name, deployment_id, state, error } => {
                Self::FlowRunState {
                    flow_run_id,
                    flow_name,
                    deployment_id,
                    state_type: state.kind,
                    state_name: state.name,
                    error,
                }
            }
            EngineEvent::TaskRunStarted { taskrun_id, flow_run_id, task_name, operation_name, attempt } => {
                Self::TaskRunStarted { taskrun_id, flow_run_id, task_name, operation_name, attempt }
            }
            EngineEvent::TaskRunFinished {
                taskrun_id,
                flow_run_id,
                task_name,
                operation_name,
                attempt,
                status,
                duration_ms,
                error,
            } => Self::TaskRunFinished {
                taskrun_id,
                flow_run_id,
                task_name,
                operation_name,
                attempt,
                status,
                duration_ms: duration_ms as f64,
                error,
            },
            EngineEvent::Log { flow_run_id, taskrun_id, level, message } => {
                Self::Log { flow_run_id, taskrun_id, level, message }
            }
        }
    }
}

/// A job of a [`HighMatches`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HighMatchJob {
    pub id: String,
    pub title: String,
    pub company: String,
    /// 0..1
    pub score: f64,
}

/// A job hunt finished with new high matches (best first, at most [`MAX_HIGH_MATCHES`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HighMatches {
    pub flow_run_id: String,
    /// How many high matches the run found (may exceed `jobs.len()`).
    pub count: u32,
    pub jobs: Vec<HighMatchJob>,
}

/// Jobs listed in one [`HighMatches`].
pub const MAX_HIGH_MATCHES: usize = 20;

/// The high matches of a finished daily hunt, read from its typed result
/// ([`DailyJobHuntResult`]); `None` for other flows and for hunts without high matches.
pub async fn high_matches_of(
    engine: &Engine,
    flow_run_id: &str,
    flow_name: &str,
    result: &serde_json::Value,
) -> Option<HighMatches> {
    if flow_name != crate::hunt::DAILY_HUNT_FLOW {
        return None;
    }
    let result: DailyJobHuntResult = match serde_json::from_value(result.clone()) {
        Ok(result) => result,
        Err(error) => {
            tracing::warn!(flow_run_id, %error, "a daily hunt's result does not match its type");
            return None;
        }
    };
    let ids = result.high_match_job_ids;
    if ids.is_empty() {
        return None;
    }
    let mut jobs = Vec::new();
    for id in ids.iter().take(MAX_HIGH_MATCHES) {
        match jobhunter_ops::hunt::job_view(engine.store().pool(), id).await {
            Ok(view) => jobs.push(HighMatchJob {
                score: view.match_.as_ref().map(|m| m.score).unwrap_or(0.0),
                id: view.job.id,
                title: view.job.title,
                company: view.job.company,
            }),
            Err(error) => tracing::debug!(job = %id, %error, "a high match is gone"),
        }
    }
    Some(HighMatches { flow_run_id: flow_run_id.to_owned(), count: ids.len() as u32, jobs })
}

/// The high matches of flow run `id` once it has completed (see [`high_matches_of`]).
pub async fn high_matches_of_run(engine: &Engine, id: &str) -> Option<HighMatches> {
    let run = engine.store().get_flow_run(id).await.ok()?;
    let result = run.result?;
    high_matches_of(engine, id, &run.flow_name, &result).await
}

/// Hands every event of `rx` to `sink` until the engine's bus closes; a lagging receiver
/// logs how many events it missed and goes on.
pub async fn pump(mut rx: broadcast::Receiver<EngineEvent>, mut sink: impl FnMut(RunUpdate)) {
    loop {
        match rx.recv().await {
            Ok(event) => sink(RunUpdate::from(event)),
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "the UI fell behind the engine's events; some were dropped");
            }
            Err(RecvError::Closed) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use jobhunter_engine::State;
    use serde_json::json;

    use super::*;
    use crate::test_support::{state, wait_until_finished};

    #[test]
    fn events_serialize_camel_case_with_a_kind() {
        let event = RunUpdate::from(EngineEvent::FlowRunState {
            flow_run_id: "r1".into(),
            flow_name: "maintenance".into(),
            deployment_id: None,
            state: State::retrying(),
            error: None,
        });
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({
                "kind": "flowRunState", "flowRunId": "r1", "flowName": "maintenance",
                "deploymentId": null, "stateType": "RUNNING", "stateName": "Retrying", "error": null,
            })
        );
        let event = RunUpdate::from(EngineEvent::TaskRunFinished {
            taskrun_id: "t1".into(),
            flow_run_id: Some("r1".into()),
            task_name: "cleanup".into(),
            operation_name: "cleanup_taskruns".into(),
            attempt: 2,
            status: TaskRunStatus::Success,
            duration_ms: 1_500,
            error: None,
        });
        let value = serde_json::to_value(&event).unwrap();
        assert_eq!(value["kind"], "taskRunFinished");
        assert_eq!(value["durationMs"], 1500.0);
        assert_eq!(value["status"], "success");
    }

    #[tokio::test]
    async fn lagging_receivers_keep_going_and_stop_when_the_bus_closes() {
        let (tx, rx) = broadcast::channel(2);
        for i in 0..5 {
            tx.send(EngineEvent::Log {
                flow_run_id: None,
                taskrun_id: None,
                level: "INFO".into(),
                message: format!("line {i}"),
            })
            .unwrap();
        }
        drop(tx);
        let mut seen = Vec::new();
        pump(rx, |e| seen.push(e)).await;
        let messages: Vec<_> = seen
            .iter()
            .map(|e| match e {
                RunUpdate::Log { message, .. } => message.as_str(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(messages, ["line 3", "line 4"], "the lagged receiver resumes with the newest");
    }

    #[tokio::test]
    async fn a_flow_run_reports_its_progress() {
        let (_dir, state) = state().await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let rx = state.engine.subscribe();
        let pump = tokio::spawn(pump(rx, move |e| sink.lock().unwrap().push(e)));
        let id = crate::flows::start(&state, "maintenance", None).await.unwrap();
        wait_until_finished(&state, &id).await;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let done = seen.lock().unwrap().iter().any(|e| {
                matches!(e, RunUpdate::FlowRunState { flow_run_id, state_type: StateType::Completed, .. } if *flow_run_id == id)
            });
            if done {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "no Completed event: {:?}", seen.lock().unwrap());
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let events = seen.lock().unwrap().clone();
        assert!(events.iter().any(|e| matches!(e, RunUpdate::TaskRunStarted { .. })), "{events:?}");
        assert!(events.iter().any(|e| matches!(e, RunUpdate::TaskRunFinished { .. })), "{events:?}");
        pump.abort();
        state.engine.close().await.unwrap();
    }

    fn hunt_result(high_match_job_ids: Vec<String>) -> serde_json::Value {
        serde_json::to_value(DailyJobHuntResult { high_match_job_ids, ..Default::default() }).unwrap()
    }

    #[tokio::test]
    async fn completed_hunts_with_high_matches_raise_an_event() {
        let (_dir, state) = state().await;
        let job_id = crate::test_support::import_job(&state, "Rust").await;

        assert_eq!(high_matches_of(&state.engine, "r1", "daily_job_hunt", &hunt_result(vec![])).await, None);
        assert_eq!(high_matches_of(&state.engine, "r1", "maintenance", &json!({"cleanup": {}})).await, None);
        let event =
            high_matches_of(&state.engine, "r1", "daily_job_hunt", &hunt_result(vec![job_id, "gone".into()]))
                .await
                .unwrap();
        assert_eq!(event.count, 2);
        assert_eq!(event.jobs.len(), 1, "a missing job is left out");
        assert_eq!((event.jobs[0].title.as_str(), event.jobs[0].company.as_str()), ("Rust Engineer", "Acme"));
        let value = serde_json::to_value(&event).unwrap();
        assert_eq!(value["flowRunId"], "r1");
        state.engine.close().await.unwrap();
    }
}
