//! A source's health as `jobhunter sources health` prints it and the app's Sources view shows
//! it: its state in one word, the failure streak, the last error, the yield of recent runs and
//! the median latency, all read from what [`super::record`] and [`super::breaker`] stored. Kept
//! apart because it only reads, and its types are the CLI's and the app's contract.

use chrono::{DateTime, Utc};
use jobhunter_engine::Engine;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::{display_name, to_db, Outcome, EMPTY_THRESHOLD, RECENT_RUNS};
use crate::{Error, Result};

/// A source's state in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    /// Its last run answered.
    Working,
    /// Its last run failed (after its retries).
    Failing,
    /// The breaker holds it back until `paused_until`.
    Paused,
    /// It answered, but with no postings for several runs in a row.
    Suspicious,
}

/// One recent run of a source (the yield chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceRunView {
    pub at: String,
    /// `ok`, `empty`, or the failure's kind.
    pub outcome: String,
    pub found: u32,
    pub new: u32,
}

/// A source's health, as `jobhunter sources health --json` prints it and the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceHealth {
    pub spec: String,
    /// In words: "Lever board 'globex'".
    pub name: String,
    pub state: SourceState,
    /// Failed runs since the last success.
    pub consecutive_failures: u32,
    /// The first failed run of the current streak.
    pub failing_since: Option<String>,
    pub last_attempt: Option<String>,
    pub last_success: Option<String>,
    pub last_error: Option<String>,
    /// `blocked`, `not_found`, `malformed`, `unavailable` or `other`.
    pub last_error_kind: Option<String>,
    pub jobs_last_run: u32,
    pub new_last_run: u32,
    /// Over the recent runs that answered.
    pub median_latency_ms: Option<u32>,
    pub paused_until: Option<String>,
    /// Why the breaker paused it (while paused).
    pub pause_reason: Option<String>,
    /// The recent runs, oldest first.
    #[serde(rename = "yield")]
    pub runs: Vec<SourceRunView>,
}

/// The health of every source a hunt has tried (or the breaker knows), the troubled first.
pub async fn health(engine: &Engine) -> Result<Vec<SourceHealth>> {
    let pool = engine.store().pool();
    let specs: Vec<String> = sqlx::query_scalar(
        "SELECT spec FROM source_attempts UNION SELECT spec FROM source_breakers ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    let now = engine.clock().now();
    let mut out = Vec::with_capacity(specs.len());
    for spec in specs {
        out.push(health_at(pool, &spec, now).await?);
    }
    let rank = |s: SourceState| match s {
        SourceState::Paused => 0,
        SourceState::Failing => 1,
        SourceState::Suspicious => 2,
        SourceState::Working => 3,
    };
    out.sort_by(|a, b| rank(a.state).cmp(&rank(b.state)).then_with(|| a.spec.cmp(&b.spec)));
    Ok(out)
}

/// The health of one source; `NotFound` when no hunt has tried it.
pub async fn health_of(engine: &Engine, spec: &str) -> Result<SourceHealth> {
    let pool = engine.store().pool();
    let known: Option<String> = sqlx::query_scalar(
        "SELECT spec FROM source_attempts WHERE spec = ? UNION SELECT spec FROM source_breakers WHERE spec = ?",
    )
    .bind(spec)
    .bind(spec)
    .fetch_optional(pool)
    .await?;
    if known.is_none() {
        return Err(Error::NotFound(format!("source '{spec}' (no hunt has tried it yet)")));
    }
    health_at(pool, spec, engine.clock().now()).await
}

async fn health_at(pool: &SqlitePool, spec: &str, now: DateTime<Utc>) -> Result<SourceHealth> {
    let rows = sqlx::query(
        "SELECT attempted_at, outcome, error, jobs_found, jobs_new, latency_ms FROM source_attempts \
         WHERE spec = ? ORDER BY attempted_at DESC, id DESC LIMIT ?",
    )
    .bind(spec)
    .bind(RECENT_RUNS.max(EMPTY_THRESHOLD) as i64)
    .fetch_all(pool)
    .await?;
    struct Attempt {
        at: String,
        outcome: Outcome,
        error: Option<String>,
        found: u32,
        new: u32,
        latency: Option<i64>,
    }
    let mut recent = Vec::with_capacity(rows.len());
    for row in rows {
        recent.push(Attempt {
            at: row.try_get("attempted_at")?,
            outcome: Outcome::parse(&row.try_get::<String, _>("outcome")?),
            error: row.try_get("error")?,
            found: row.try_get::<i64, _>("jobs_found")?.max(0) as u32,
            new: row.try_get::<i64, _>("jobs_new")?.max(0) as u32,
            latency: row.try_get("latency_ms")?,
        });
    }
    let last_success: Option<String> = sqlx::query_scalar(
        "SELECT MAX(attempted_at) FROM source_attempts WHERE spec = ? AND outcome IN ('ok', 'empty')",
    )
    .bind(spec)
    .fetch_one(pool)
    .await?;
    let streak = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(attempted_at) AS since FROM source_attempts \
         WHERE spec = ? AND outcome NOT IN ('ok', 'empty') AND attempted_at > ?",
    )
    .bind(spec)
    .bind(last_success.clone().unwrap_or_default())
    .fetch_one(pool)
    .await?;
    let consecutive_failures = streak.try_get::<i64, _>("n")?.max(0) as u32;
    let breaker =
        sqlx::query("SELECT paused_until, reason FROM source_breakers WHERE spec = ? AND paused_until > ?")
            .bind(spec)
            .bind(to_db(now))
            .fetch_optional(pool)
            .await?;
    let (paused_until, pause_reason) = match breaker {
        Some(row) => (row.try_get::<Option<String>, _>("paused_until")?, row.try_get("reason")?),
        None => (None, None),
    };
    let last = recent.first();
    let last_failure = recent.iter().find(|a| a.outcome.is_failure());
    let empty_streak = recent.iter().take_while(|a| a.outcome == Outcome::Empty).count();
    let state = if paused_until.is_some() {
        SourceState::Paused
    } else if consecutive_failures > 0 {
        SourceState::Failing
    } else if empty_streak >= EMPTY_THRESHOLD {
        SourceState::Suspicious
    } else {
        SourceState::Working
    };
    let mut latencies: Vec<i64> = recent
        .iter()
        .filter(|a| !a.outcome.is_failure())
        .take(RECENT_RUNS)
        .filter_map(|a| a.latency)
        .collect();
    latencies.sort_unstable();
    let median_latency_ms = match latencies.len() {
        0 => None,
        n if n % 2 == 1 => Some(latencies[n / 2]),
        n => Some((latencies[n / 2 - 1] + latencies[n / 2]) / 2),
    }
    .map(|ms| ms.clamp(0, i64::from(u32::MAX)) as u32);
    let runs: Vec<SourceRunView> = recent
        .iter()
        .take(RECENT_RUNS)
        .rev()
        .map(|a| SourceRunView {
            at: a.at.clone(),
            outcome: a.outcome.as_str().to_owned(),
            found: a.found,
            new: a.new,
        })
        .collect();
    Ok(SourceHealth {
        spec: spec.to_owned(),
        name: display_name(spec),
        state,
        consecutive_failures,
        failing_since: (consecutive_failures > 0).then(|| streak.try_get("since")).transpose()?.flatten(),
        last_attempt: last.map(|a| a.at.clone()),
        last_success,
        last_error: last_failure.and_then(|a| a.error.clone()),
        last_error_kind: last_failure.map(|a| a.outcome.as_str().to_owned()),
        jobs_last_run: last.map_or(0, |a| a.found),
        new_last_run: last.map_or(0, |a| a.new),
        median_latency_ms,
        paused_until,
        pause_reason,
        runs,
    })
}
