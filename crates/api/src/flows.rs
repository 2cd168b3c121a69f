//! The registered flows and starting one by hand.

use jobhunter_engine::{FlowInfo, RunOptions};
use serde_json::Value;

use crate::error::{parse_json_arg, CommandResult};
use crate::Api;

/// Every registered flow with its title ("Daily job hunt", what the screens show) and the JSON
/// Schemas of its parameters (for a generated form; each property has a `title` and a
/// `description`) and result.
pub fn flows(state: &Api) -> Vec<FlowInfo> {
    state.engine.registry().flows()
}

/// The command's logic, without Tauri.
pub async fn start(state: &Api, name: &str, params_json: Option<&str>) -> CommandResult<String> {
    let params =
        parse_json_arg("params_json", params_json)?.unwrap_or_else(|| Value::Object(Default::default()));
    let handle = state.engine.start_flow_json(name, params, RunOptions::new("manual", "desktop")).await?;
    tracing::info!(flow = name, flow_run_id = %handle.flow_run_id, "started a flow from the desktop");
    // The run goes on without the handle: its end is recorded in the store and sent as events.
    Ok(handle.flow_run_id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow_runs;
    use crate::test_support::{state, wait_until_finished};

    #[tokio::test]
    async fn lists_the_job_hunt_flows_with_schemas() {
        let (_dir, state) = state().await;
        let flows = flows(&state);
        let maintenance = flows.iter().find(|f| f.name == "maintenance").expect("maintenance flow");
        assert!(maintenance.parameters_schema.is_object());
        // Each flow has its title for people, from its registration.
        let titles: Vec<(&str, &str)> = flows.iter().map(|f| (f.name.as_str(), f.title.as_str())).collect();
        assert!(titles.contains(&("daily_job_hunt", "Daily job hunt")), "{titles:?}");
        assert!(titles.contains(&("smart_job_application", "Smart job application")), "{titles:?}");
        assert!(titles.iter().all(|(name, title)| !title.is_empty() && title != name), "{titles:?}");
        let hunt = flows.iter().find(|f| f.name == "daily_job_hunt").expect("the daily hunt");
        // The seed's flow-level settings, which the Flows screen shows in words.
        assert_eq!((hunt.retries, hunt.timeout_secs), (1, Some(3600.0)));
        assert_eq!(hunt.tags, ["production", "scheduled"]);
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn started_flow_runs_to_completion_in_the_background() {
        let (_dir, state) = state().await;
        let id = start(&state, "maintenance", None).await.expect("start maintenance");
        let detail = wait_until_finished(&state, &id).await;
        assert_eq!(detail.run.state_name, "Completed", "{detail:?}");
        assert_eq!(detail.run.trigger, "manual");
        assert_eq!(detail.actor, "desktop");
        assert!(!detail.task_runs.is_empty(), "maintenance runs a cleanup task");
        let listed = flow_runs::search(&state, flow_runs::FlowRunQuery::default()).await.unwrap();
        assert_eq!(listed.len(), 1);
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn invalid_parameters_name_the_field() {
        let (_dir, state) = state().await;
        let error = start(&state, "maintenance", Some(r#"{"cleanup_days": "soon"}"#)).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.contains("cleanup_days"), "{}", error.message);
        let error = start(&state, "maintenance", Some("{not json")).await.unwrap_err();
        assert_eq!(error.code, "invalid_input");
        assert!(error.message.contains("params_json"), "{}", error.message);
        let error = start(&state, "no_such_flow", None).await.unwrap_err();
        assert_eq!(error.code, "unknown_flow");
        state.engine.close().await.unwrap();
    }
}
