//! Source health and the circuit breaker, for people: which job sites answer, which keep
//! failing and why, which are paused, and "Retry now". The CLI's `sources health` / `sources
//! retry` and the app's Sources view call these; the recording and the breaker are in
//! `jobhunter_ops::source_health` (the hunt flows write there).

pub use jobhunter_ops::source_health::{SourceHealth, SourceRunView, SourceState};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// Every source a hunt has tried, the troubled ones first.
pub async fn health(api: &Api) -> CommandResult<Vec<SourceHealth>> {
    Ok(jobhunter_ops::source_health::health(&api.engine).await?)
}

/// Un-pauses `spec` so that the next hunt asks it again; returns its health. `not_found` when
/// no hunt has tried that source.
pub async fn retry(api: &Api, spec: &str) -> CommandResult<SourceHealth> {
    if spec.trim().is_empty() {
        return Err(CommandError::invalid("spec", "must not be empty (e.g. \"lever:globex\")"));
    }
    Ok(jobhunter_ops::source_health::retry(&api.engine, spec).await?)
}

#[cfg(test)]
mod tests {
    use jobhunter_engine::OpError;
    use jobhunter_ops::source_health::{record_runs, Outcome, RunTally};

    use super::*;
    use crate::test_support::state;
    use crate::ErrorCode;

    #[tokio::test]
    async fn three_not_found_runs_pause_a_source_and_retry_unpauses_it() {
        let (_dir, api) = state().await;
        assert!(health(&api).await.unwrap().is_empty());
        assert_eq!(retry(&api, "lever:globex").await.unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(retry(&api, " ").await.unwrap_err().code, ErrorCode::InvalidInput);
        for run in 0..3 {
            let mut tally = RunTally::new();
            tally.failure(
                "lever:globex",
                &OpError::permanent("GET http://h/v0/postings/globex: 404 Not Found"),
            );
            tally.success("remoteok", 4, 2, 120);
            let paused = record_runs(&api.engine, &format!("run-{run}"), &tally.into_runs()).await.unwrap();
            assert_eq!(paused.len(), usize::from(run == 2), "run {run}: {paused:?}");
        }
        let all = health(&api).await.unwrap();
        assert_eq!(all[0].spec, "lever:globex");
        assert_eq!(all[0].state, SourceState::Paused);
        assert_eq!(all[0].consecutive_failures, 3);
        assert_eq!(all[0].last_error_kind.as_deref(), Some("not_found"));
        assert!(all[0].pause_reason.as_deref().unwrap().contains("answered 404"));
        assert_eq!(all[1].state, SourceState::Working);
        assert_eq!((all[1].jobs_last_run, all[1].new_last_run), (4, 2));
        assert_eq!(all[1].median_latency_ms, Some(120));
        assert_eq!(all[1].runs.len(), 3);
        assert_eq!(all[1].runs[0].outcome, Outcome::Ok.as_str());

        let retried = retry(&api, "lever:globex").await.unwrap();
        assert_eq!(retried.state, SourceState::Failing);
        assert_eq!(retried.paused_until, None);
    }
}
