//! Applications: the kanban board's cards and moving them between stages.

use jobhunter_ops::apply::{ApplicationView, Stage};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Every application (of one stage, when given), most recently changed first.
pub async fn list(state: &Api, stage: Option<Stage>) -> CommandResult<Vec<ApplicationView>> {
    Ok(jobhunter_ops::apply::list(state.engine.store().pool(), stage).await?)
}

/// The command's logic, without Tauri.
pub async fn move_to(
    state: &Api,
    id: &str,
    stage: Stage,
    note: Option<&str>,
) -> CommandResult<ApplicationView> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    let now = state.engine.clock().now();
    let moved = jobhunter_ops::apply::move_to(state.engine.store().pool(), id, stage, note, now).await?;
    tracing::info!(application = id, stage = %moved.stage, "moved an application");
    Ok(moved)
}

/// Application `id` with its job and stage history.
pub async fn get(state: &Api, id: &str) -> CommandResult<ApplicationView> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    Ok(jobhunter_ops::apply::get(state.engine.store().pool(), id).await?)
}

/// Puts job `job_id` on the wishlist (a new application), with an optional note.
pub async fn add(state: &Api, job_id: &str, note: Option<&str>) -> CommandResult<ApplicationView> {
    if job_id.trim().is_empty() {
        return Err(CommandError::invalid("job_id", "a job id is required"));
    }
    let now = state.engine.clock().now();
    let added = jobhunter_ops::apply::add(state.engine.store().pool(), job_id, note, now).await?;
    tracing::info!(application = %added.id, job = job_id, "added an application");
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn empty_board_and_unknown_application() {
        let (_dir, state) = state().await;
        assert!(list(&state, None).await.unwrap().is_empty());
        assert!(list(&state, Some(Stage::Applied)).await.unwrap().is_empty());
        let error = move_to(&state, "nope", Stage::Ready, None).await.unwrap_err();
        assert_eq!(error.code, "not_found");
        assert_eq!(move_to(&state, " ", Stage::Ready, None).await.unwrap_err().code, "invalid_input");
        state.engine.close().await.unwrap();
    }
}
