//! Source health and the circuit breaker end to end: hunts (`scrape_and_process`) against a
//! fixture server on 127.0.0.1, on an engine whose clock only moves when the test says so.
//! A board answering 404 three hunts in a row is paused (one notification), the 4th hunt makes
//! no request to it and lists it under `skipped_sources`, the pause ends after 24 h and one more
//! 404 pauses it again for 48 h, and "retry now" un-pauses it.

use std::sync::Arc;

use chrono::TimeZone;
use jobhunter_engine::{Engine, ManualClock, RunOptions, StateType};
use jobhunter_ops::source_health;
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::{json, Value};

async fn engine_at(base: &str, clock: Arc<ManualClock>) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path())
        .clock(clock.clone())
        .registry(jobhunter_flows::registry())
        .open()
        .await
        .unwrap();
    let urls = json!({"greenhouse": base, "lever": base});
    let pool = engine.store().pool();
    jobhunter_ops::settings::set(pool, jobhunter_ops::settings::SOURCE_BASE_URLS, &urls, chrono::Utc::now())
        .await
        .unwrap();
    (dir, engine)
}

async fn hunt(engine: &Engine, params: &Value) -> Value {
    let out = engine
        .run_flow_json("scrape_and_process", params.clone(), RunOptions::new("manual", "test"))
        .await
        .unwrap();
    assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
    out.result.unwrap()
}

async fn pause_notifications(engine: &Engine) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT message, channel_name FROM notifications WHERE trigger = 'source_paused' ORDER BY created_at",
    )
    .fetch_all(engine.store().pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn three_404s_pause_a_board_the_next_hunt_skips_it_and_retry_unpauses_it() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    server.route("/v0/postings/globex?mode=json", vec![Reply::status(404)]);
    let base = server.start().await;
    let clock = Arc::new(ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap()));
    let (_dir, engine) = engine_at(&base, clock.clone()).await;
    let params = json!({"sources": ["greenhouse:acme", "lever:globex"], "limit": 10});

    for day in 1..=3 {
        let result = hunt(&engine, &params).await;
        assert_eq!(result["failed_sources"][0]["source"], "lever:globex", "{result}");
        assert_eq!(result["skipped_sources"], json!([]), "day {day}: {result}");
        assert_eq!(pause_notifications(&engine).await.len(), usize::from(day == 3), "day {day}");
        clock.advance(chrono::Duration::hours(1));
    }
    // 404 is never retried: one request per hunt.
    assert_eq!(server.requests("/v0/postings/globex").len(), 3);
    let notes = pause_notifications(&engine).await;
    assert!(
        notes[0].0.starts_with("Lever board 'globex' answered 404 (not found) three times in a row; paused until 2 Dec 2026, 09:00 UTC"),
        "{notes:?}"
    );
    let health = source_health::health(&engine).await.unwrap();
    assert_eq!(health[0].spec, "lever:globex");
    assert_eq!(health[0].state, source_health::SourceState::Paused);
    assert_eq!(health[0].paused_until.as_deref(), Some("2026-12-02T09:00:00.000000Z"));
    assert_eq!(health[1].state, source_health::SourceState::Working);

    // The 4th hunt: no request to the paused board, listed as skipped; the others still run.
    let result = hunt(&engine, &params).await;
    assert_eq!(server.requests("/v0/postings/globex").len(), 3, "no request while paused");
    assert_eq!(result["skipped_sources"][0]["source"], "lever:globex", "{result}");
    assert_eq!(result["skipped_sources"][0]["paused_until"], "2026-12-02T09:00:00Z");
    assert!(result["failed_sources"].as_array().unwrap().is_empty(), "{result}");
    assert!(result["jobs_scraped"].as_u64().unwrap() > 0, "{result}");
    assert_eq!(pause_notifications(&engine).await.len(), 1, "one notification per pause");

    // After the cool-off the board is asked again; one more 404 pauses it for twice as long.
    clock.advance(chrono::Duration::hours(24));
    let result = hunt(&engine, &params).await;
    assert_eq!(server.requests("/v0/postings/globex").len(), 4);
    assert_eq!(result["failed_sources"][0]["source"], "lever:globex", "{result}");
    let notes = pause_notifications(&engine).await;
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[1].0.contains("four times in a row") || notes[1].0.contains("4 times in a row"),
        "{notes:?}"
    );
    let health = source_health::health_of(&engine, "lever:globex").await.unwrap();
    assert_eq!(health.paused_until.as_deref(), Some("2026-12-04T10:00:00.000000Z"), "48 h: {health:?}");
    assert_eq!(health.consecutive_failures, 4);

    // Retry now: the next hunt asks it again.
    let retried = source_health::retry(&engine, "lever:globex").await.unwrap();
    assert_eq!(retried.state, source_health::SourceState::Failing);
    let result = hunt(&engine, &params).await;
    assert_eq!(server.requests("/v0/postings/globex").len(), 5);
    assert_eq!(result["skipped_sources"], json!([]), "{result}");
}

#[tokio::test]
async fn a_paused_board_with_a_backup_is_replaced_by_it() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    server.route("/v0/postings/globex?mode=json", vec![Reply::status(403)]);
    let base = server.start().await;
    let clock = Arc::new(ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap()));
    let (_dir, engine) = engine_at(&base, clock.clone()).await;
    let params =
        json!({"sources": ["lever:globex"], "fallbacks": {"lever:globex": "greenhouse:acme"}, "limit": 10});
    for _ in 0..3 {
        hunt(&engine, &params).await;
    }
    let health = source_health::health_of(&engine, "lever:globex").await.unwrap();
    assert_eq!(health.state, source_health::SourceState::Paused, "{health:?}");
    assert_eq!(health.last_error_kind.as_deref(), Some("blocked"));
    let before = server.requests("/v1/boards/acme/jobs").len();
    let result = hunt(&engine, &params).await;
    assert_eq!(result["skipped_sources"][0]["source"], "lever:globex", "{result}");
    assert_eq!(server.requests("/v1/boards/acme/jobs").len(), before + 1, "the backup was asked instead");
    assert!(result["jobs_scraped"].as_u64().unwrap() > 0, "{result}");
}
