//! The circuit breaker: when a source's failure streak crosses its threshold it is paused for
//! a cool-off (24 h, doubling, at most [`PAUSE_MAX`]), hunts skip it ([`paused_sources`]), one
//! notification says why, and [`retry`] ("Retry now") un-pauses it. Kept apart from the
//! recording and the view because these are the rules that decide whether a board is asked.

use chrono::{DateTime, Utc};
use jobhunter_engine::Engine;
use jobhunter_jobs::error::FailureKind;
use sqlx::{Row, SqlitePool};

use super::view::{health_of, SourceHealth};
use super::{
    display_name, from_db, to_db, Outcome, ANY_THRESHOLD, PAUSE_BASE, PAUSE_MAX, PERMANENT_THRESHOLD, ROUTE,
};
use crate::notify::{Level, Notice, Notifier};
use crate::{Error, Result};

/// A source the breaker holds back.
#[derive(Debug, Clone, PartialEq)]
pub struct Paused {
    pub spec: String,
    pub paused_until: DateTime<Utc>,
    pub reason: String,
}

/// Which of `specs` are paused at `now` (hunts skip them without a request).
pub async fn paused_sources(pool: &SqlitePool, specs: &[String], now: DateTime<Utc>) -> Result<Vec<Paused>> {
    let mut out = Vec::new();
    for spec in specs {
        let row = sqlx::query(
            "SELECT paused_until, reason FROM source_breakers WHERE spec = ? AND paused_until > ?",
        )
        .bind(spec)
        .bind(to_db(now))
        .fetch_optional(pool)
        .await?;
        if let Some(row) = row {
            let until: String = row.try_get("paused_until")?;
            out.push(Paused {
                spec: spec.clone(),
                paused_until: from_db(&until).unwrap_or(now),
                reason: row.try_get::<Option<String>, _>("reason")?.unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// After a run of `spec`: a success resets the doubling; a failure streak over its threshold
/// pauses the source (unless it is paused already).
pub(super) async fn update_breaker(
    pool: &SqlitePool,
    spec: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Option<Paused>> {
    if !outcome.is_failure() {
        sqlx::query(
            "UPDATE source_breakers SET pause_count = 0, paused_until = NULL, updated_at = ? WHERE spec = ?",
        )
        .bind(to_db(now))
        .bind(spec)
        .execute(pool)
        .await?;
        return Ok(None);
    }
    let recent: Vec<String> = sqlx::query_scalar(
        "SELECT outcome FROM source_attempts WHERE spec = ? ORDER BY attempted_at DESC, id DESC LIMIT ?",
    )
    .bind(spec)
    .bind(ANY_THRESHOLD as i64)
    .fetch_all(pool)
    .await?;
    let kinds: Vec<FailureKind> = recent
        .iter()
        .map(|o| Outcome::parse(o))
        .map_while(|o| match o {
            Outcome::Failed(kind) => Some(kind),
            _ => None,
        })
        .collect();
    let permanent = kinds
        .iter()
        .take_while(|k| matches!(k, FailureKind::Blocked | FailureKind::NotFound | FailureKind::Malformed))
        .count();
    if permanent < PERMANENT_THRESHOLD && kinds.len() < ANY_THRESHOLD {
        return Ok(None);
    }
    let breaker = sqlx::query("SELECT paused_until, pause_count FROM source_breakers WHERE spec = ?")
        .bind(spec)
        .fetch_optional(pool)
        .await?;
    let (until, count) = match &breaker {
        Some(row) => (
            row.try_get::<Option<String>, _>("paused_until")?.and_then(|u| from_db(&u)),
            row.try_get::<i64, _>("pause_count")?,
        ),
        None => (None, 0),
    };
    if until.is_some_and(|u| u > now) {
        return Ok(None);
    }
    let count = count + 1;
    let paused_until = now + cool_off(count as u32);
    let streak = if permanent >= PERMANENT_THRESHOLD { permanent } else { kinds.len() };
    let reason = reason(spec, kinds[0], streak);
    sqlx::query(
        "INSERT INTO source_breakers (spec, paused_until, pause_count, paused_at, reason, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (spec) DO UPDATE SET paused_until = excluded.paused_until, \
         pause_count = excluded.pause_count, paused_at = excluded.paused_at, reason = excluded.reason, \
         updated_at = excluded.updated_at",
    )
    .bind(spec)
    .bind(to_db(paused_until))
    .bind(count)
    .bind(to_db(now))
    .bind(&reason)
    .bind(to_db(now))
    .execute(pool)
    .await?;
    Ok(Some(Paused { spec: spec.to_owned(), paused_until, reason }))
}

/// The cool-off of the `count`-th pause in a row: 24 h, 48 h, 96 h, ... up to [`PAUSE_MAX`].
pub fn cool_off(count: u32) -> chrono::Duration {
    let doublings = count.saturating_sub(1).min(10);
    (PAUSE_BASE * 2_i32.pow(doublings)).min(PAUSE_MAX)
}

/// What the failure kind says, in words ("answered 404 (not found)").
fn what_happened(kind: FailureKind) -> &'static str {
    match kind {
        FailureKind::NotFound => "answered 404 (not found)",
        FailureKind::Blocked => "refused access (403 or too many requests)",
        FailureKind::Malformed => "sent something that could not be read",
        FailureKind::Unavailable => "did not answer",
        FailureKind::Other => "failed",
    }
}

fn times(n: usize) -> String {
    match n {
        3 => "three times".into(),
        5 => "five times".into(),
        n => format!("{n} times"),
    }
}

/// Why a source was paused ("Lever board 'globex' answered 404 (not found) three times").
fn reason(spec: &str, last: FailureKind, streak: usize) -> String {
    format!("{} {} {} in a row", display_name(spec), what_happened(last), times(streak))
}

pub(super) async fn notify_paused(engine: &Engine, paused: &Paused) {
    let message = format!(
        "{}; paused until {}. Open Job sites to retry now.",
        paused.reason,
        paused.paused_until.format("%-d %b %Y, %H:%M UTC")
    );
    let notice =
        Notice::new("A job site was paused", message, Level::Warning, "source_paused").with_route(ROUTE);
    // A notification never fails the hunt (each channel's outcome is recorded).
    if let Err(e) = Notifier::for_engine(engine).notify(&notice, None).await {
        tracing::warn!(error = %e, spec = %paused.spec, "the pause notification failed");
    }
}

/// Un-pauses `spec` ("Retry now"): the next hunt asks it again. The pause count stays, so one
/// more failure pauses it again for twice as long.
pub async fn retry(engine: &Engine, spec: &str) -> Result<SourceHealth> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(Error::invalid("spec: must not be empty"));
    }
    let current = health_of(engine, spec).await?;
    if current.paused_until.is_some() {
        sqlx::query(
            "UPDATE source_breakers SET paused_until = NULL, reason = NULL, updated_at = ? WHERE spec = ?",
        )
        .bind(to_db(engine.clock().now()))
        .bind(spec)
        .execute(engine.store().pool())
        .await?;
    }
    health_of(engine, spec).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cool_offs_double_up_to_the_cap() {
        assert_eq!(cool_off(1), chrono::Duration::hours(24));
        assert_eq!(cool_off(2), chrono::Duration::hours(48));
        assert_eq!(cool_off(3), chrono::Duration::hours(96));
        assert_eq!(cool_off(30), PAUSE_MAX);
    }
}
