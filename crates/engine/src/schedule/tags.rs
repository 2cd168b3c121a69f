//! Tags of deployments and of their runs: checking the tags a person typed, merging a
//! deployment's tags with its flow's, and reading a deployment's tags for a new run.
//!
//! Why a module of its own: the same tag rules apply to deployments, flows (see
//! `flow::definition`) and the runs they create, independently of how deployments are stored.

use crate::{Engine, EngineError, Result};

/// The longest tag.
pub const MAX_TAG_LEN: usize = 40;

/// `first`'s tags, then those of `second` not in it: trimmed, blanks and repeats dropped.
/// A run's tags are its deployment's merged with its flow's.
pub fn merge_tags(first: &[String], second: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(first.len() + second.len());
    for tag in first.iter().chain(second).map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_owned());
        }
    }
    out
}

/// Checks tags a person typed: each at most [`MAX_TAG_LEN`] characters with no control
/// characters or commas (a comma separates tags where they are typed as one line). Returns
/// them trimmed, without blanks and repeats.
pub fn check_tags(tags: &[String]) -> Result<Vec<String>> {
    let tags = merge_tags(tags, &[]);
    for tag in &tags {
        if tag.chars().count() > MAX_TAG_LEN {
            return Err(EngineError::Invalid(format!(
                "tags: '{tag}' is longer than {MAX_TAG_LEN} characters"
            )));
        }
        if tag.chars().any(|c| c.is_control() || c == ',') {
            return Err(EngineError::Invalid(format!(
                "tags: '{tag}' may not contain a comma or control character"
            )));
        }
    }
    Ok(tags)
}

impl Engine {
    /// The tags a new run carries: its deployment's (`deployment_tags`), then its flow's.
    pub(crate) fn run_tags(&self, deployment_tags: Option<&[String]>, flow_name: &str) -> Vec<String> {
        let flow_tags = self.registry().flow(flow_name).map(|f| f.meta().tags.clone()).unwrap_or_default();
        merge_tags(deployment_tags.unwrap_or_default(), &flow_tags)
    }

    /// The tags of deployment `id`, if it still exists and can be read.
    pub(crate) async fn deployment_tags(&self, id: &str) -> Result<Option<Vec<String>>> {
        let tags: Option<String> = sqlx::query_scalar("SELECT tags FROM deployments WHERE id = ?")
            .bind(id)
            .fetch_optional(self.store().pool())
            .await?;
        Ok(tags.and_then(|t| serde_json::from_str(&t).ok()))
    }
}
