//! Applications: the kanban board's cards and moving them between stages.

use jobhunter_ops::apply::{ApplicationEvent, ApplicationView, Stage};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStage {
    Wishlist,
    Ready,
    Applied,
    Interview,
    Offer,
    Rejected,
    Withdrawn,
}

impl From<ApplicationStage> for Stage {
    fn from(stage: ApplicationStage) -> Self {
        match stage {
            ApplicationStage::Wishlist => Stage::Wishlist,
            ApplicationStage::Ready => Stage::Ready,
            ApplicationStage::Applied => Stage::Applied,
            ApplicationStage::Interview => Stage::Interview,
            ApplicationStage::Offer => Stage::Offer,
            ApplicationStage::Rejected => Stage::Rejected,
            ApplicationStage::Withdrawn => Stage::Withdrawn,
        }
    }
}

/// One stage change (or note). `at` is RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StageChange {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub at: String,
    pub note: Option<String>,
}

impl From<ApplicationEvent> for StageChange {
    fn from(e: ApplicationEvent) -> Self {
        Self { from_stage: e.from_stage, to_stage: e.to_stage, at: e.at, note: e.note }
    }
}

/// An application with its job and stage history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationDto {
    pub id: String,
    pub job_id: String,
    pub job_title: Option<String>,
    pub company: Option<String>,
    /// A stage name (`wishlist`, `ready`, `applied`, ...).
    pub stage: String,
    /// How it was sent (`email`, `manual`, ...).
    pub channel: Option<String>,
    pub cv_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first.
    pub history: Vec<StageChange>,
}

impl From<ApplicationView> for ApplicationDto {
    fn from(a: ApplicationView) -> Self {
        Self {
            id: a.id,
            job_id: a.job_id,
            job_title: a.job_title,
            company: a.company,
            stage: a.stage,
            channel: a.channel,
            cv_id: a.cv_id,
            created_at: a.created_at,
            updated_at: a.updated_at,
            history: a.history.into_iter().map(StageChange::from).collect(),
        }
    }
}

/// The command's logic, without Tauri.
pub async fn list(state: &Api, stage: Option<ApplicationStage>) -> CommandResult<Vec<ApplicationDto>> {
    let apps = jobhunter_ops::apply::list(state.engine.store().pool(), stage.map(Stage::from)).await?;
    Ok(apps.into_iter().map(ApplicationDto::from).collect())
}

/// The command's logic, without Tauri.
pub async fn move_to(
    state: &Api,
    id: &str,
    stage: ApplicationStage,
    note: Option<&str>,
) -> CommandResult<ApplicationDto> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    let now = state.engine.clock().now();
    let moved =
        jobhunter_ops::apply::move_to(state.engine.store().pool(), id, stage.into(), note, now).await?;
    tracing::info!(application = id, stage = moved.stage, "moved an application from the desktop");
    Ok(moved.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[test]
    fn stages_serialize_as_the_ops_names() {
        for (dto, stage) in [
            (ApplicationStage::Wishlist, Stage::Wishlist),
            (ApplicationStage::Interview, Stage::Interview),
            (ApplicationStage::Withdrawn, Stage::Withdrawn),
        ] {
            assert_eq!(Stage::from(dto), stage);
            assert_eq!(serde_json::to_value(dto).unwrap(), serde_json::json!(stage.as_str()));
        }
    }

    #[tokio::test]
    async fn empty_board_and_unknown_application() {
        let (_dir, state) = state().await;
        assert!(list(&state, None).await.unwrap().is_empty());
        assert!(list(&state, Some(ApplicationStage::Applied)).await.unwrap().is_empty());
        let error = move_to(&state, "nope", ApplicationStage::Ready, None).await.unwrap_err();
        assert_eq!(error.code, "not_found");
        assert_eq!(
            move_to(&state, " ", ApplicationStage::Ready, None).await.unwrap_err().code,
            "invalid_input"
        );
        state.engine.close().await.unwrap();
    }
}
