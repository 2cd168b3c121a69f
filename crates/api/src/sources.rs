//! Where a search can look, in plain words: the catalogue of built-in sources, and which
//! source a pasted web address (a company's board, a careers page, a job feed) comes down to,
//! with the company's name and its open jobs, so that nobody has to know the spec grammar
//! (`greenhouse:acme`) to add a source. The CLI's `sources` commands and the app call these.

use jobhunter_engine::ErrorCode;
pub use jobhunter_jobs::sources::catalogue::SourceInfo;
pub use jobhunter_jobs::sources::resolve::Resolved;

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Every built-in source, in the order the adapters are listed.
pub fn list() -> Vec<SourceInfo> {
    jobhunter_jobs::sources::catalogue::catalogue()
}

/// The source behind `url`: known board addresses without the network, any other page
/// fetched (bounded like a scrape, base URLs from the settings) and searched for an embedded
/// board, job postings or a feed. Errors name `url` and say what was looked for.
pub async fn resolve(api: &Api, url: &str) -> CommandResult<Resolved> {
    let fetcher = jobhunter_ops::hunt::configured_fetcher(api.engine.store().pool())
        .await
        .map_err(|e| CommandError::new(ErrorCode::OperationFailed, e.message))?;
    jobhunter_jobs::sources::resolve::resolve(&fetcher, url).await.map_err(jobs_error)
}

/// A job-board error as a command error: bad input, a passing fault worth retrying, or a
/// failure.
fn jobs_error(e: jobhunter_jobs::Error) -> CommandError {
    let code = match &e {
        jobhunter_jobs::Error::Invalid(_) => ErrorCode::InvalidInput,
        e if e.is_retryable() => ErrorCode::Unavailable,
        _ => ErrorCode::OperationFailed,
    };
    CommandError::new(code, e.to_string())
}
