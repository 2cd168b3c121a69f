//! A hunt's outcome per source, stored: the flows fold the searches of each source into one
//! [`SourceRun`] with a [`RunTally`] and hand them to [`record_runs`], which writes one
//! `source_attempts` row per source and lets the breaker look at the new streak. Kept apart so
//! the hunt's side (what happened) reads without the breaker's rules or the health view.

use std::collections::BTreeMap;

use jobhunter_engine::{Engine, OpError};

use super::breaker::{notify_paused, update_breaker, Paused};
use super::{failure_kind, to_db, Outcome};
use crate::Result;

/// One source's run in one hunt, as [`record_runs`] stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRun {
    pub spec: String,
    pub outcome: Outcome,
    pub error: Option<String>,
    pub jobs_found: u32,
    pub jobs_new: u32,
    pub latency_ms: Option<u64>,
}

/// Records how each source did in the hunt `flow_run_id` (one row per source; a retried flow
/// run rewrites its rows), updates the breakers and notifies once per source it pauses.
/// Returns the sources paused by this call.
pub async fn record_runs(engine: &Engine, flow_run_id: &str, runs: &[SourceRun]) -> Result<Vec<Paused>> {
    let pool = engine.store().pool();
    let now = engine.clock().now();
    let mut paused = Vec::new();
    for run in runs {
        sqlx::query(
            "INSERT INTO source_attempts (spec, flow_run_id, attempted_at, outcome, error, jobs_found, \
             jobs_new, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (flow_run_id, spec) DO UPDATE SET attempted_at = excluded.attempted_at, \
             outcome = excluded.outcome, error = excluded.error, jobs_found = excluded.jobs_found, \
             jobs_new = excluded.jobs_new, latency_ms = excluded.latency_ms",
        )
        .bind(&run.spec)
        .bind(flow_run_id)
        .bind(to_db(now))
        .bind(run.outcome.as_str())
        .bind(&run.error)
        .bind(i64::from(run.jobs_found))
        .bind(i64::from(run.jobs_new))
        .bind(run.latency_ms.map(|l| l as i64))
        .execute(pool)
        .await?;
        if let Some(p) = update_breaker(pool, &run.spec, run.outcome, now).await? {
            notify_paused(engine, &p).await;
            paused.push(p);
        }
    }
    Ok(paused)
}

/// Per source spec, the runs of its searches in one hunt folded into one [`SourceRun`]: failed
/// when any search still failed after its retries (the first error counts), else the jobs
/// found and new summed, the slowest search's latency.
#[derive(Debug, Default)]
pub struct RunTally {
    by_spec: BTreeMap<String, SourceRun>,
}

impl RunTally {
    pub fn new() -> Self {
        Self::default()
    }

    /// One search of `spec` answered with `found` postings, `new` of them new.
    pub fn success(&mut self, spec: &str, found: u32, new: u32, latency_ms: u64) {
        let run = self.entry(spec);
        run.jobs_found += found;
        run.jobs_new += new;
        run.latency_ms = Some(run.latency_ms.unwrap_or(0).max(latency_ms));
        if run.outcome == Outcome::Empty && run.jobs_found > 0 {
            run.outcome = Outcome::Ok;
        }
    }

    /// One search of `spec` failed for good.
    pub fn failure(&mut self, spec: &str, err: &OpError) {
        let run = self.entry(spec);
        if !run.outcome.is_failure() {
            run.outcome = Outcome::Failed(failure_kind(err));
            run.error = Some(err.message.clone());
        }
    }

    fn entry(&mut self, spec: &str) -> &mut SourceRun {
        self.by_spec.entry(spec.to_owned()).or_insert_with(|| SourceRun {
            spec: spec.to_owned(),
            outcome: Outcome::Empty,
            error: None,
            jobs_found: 0,
            jobs_new: 0,
            latency_ms: None,
        })
    }

    pub fn into_runs(self) -> Vec<SourceRun> {
        self.by_spec.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobhunter_jobs::error::FailureKind;

    #[test]
    fn a_tally_fails_a_source_when_any_search_failed() {
        let mut tally = RunTally::new();
        tally.success("a", 2, 1, 30);
        tally.success("a", 0, 0, 50);
        tally.success("b", 0, 0, 10);
        tally.failure("c", &OpError::permanent("GET http://h/x: 404 Not Found"));
        tally.success("c", 3, 3, 10);
        let runs = tally.into_runs();
        assert_eq!(runs[0].outcome, Outcome::Ok);
        assert_eq!((runs[0].jobs_found, runs[0].jobs_new, runs[0].latency_ms), (2, 1, Some(50)));
        assert_eq!(runs[1].outcome, Outcome::Empty);
        assert_eq!(runs[2].outcome, Outcome::Failed(FailureKind::NotFound));
    }
}
