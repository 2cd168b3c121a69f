//! The circuit breaker for a board that is down: a Greenhouse board answering 500 (fixture
//! server on 127.0.0.1) is `unavailable`, and only five failed runs in a row pause it (three
//! are enough for 404/403/malformed). Each run here is one `scrape_jobs` call as the hunt's
//! task would end it, recorded the way the hunt flow records it (`RunTally` -> `record_runs`).

use chrono::TimeZone;
use jobhunter_engine::Clock;
use jobhunter_ops::source_health::{self, RunTally, SourceState};
use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::json;

mod common;

#[tokio::test]
async fn an_unavailable_board_needs_five_failed_runs_to_be_paused() {
    let server = FixtureServer::default();
    server.route("/v1/boards/down/jobs?content=true", vec![Reply::status(500)]);
    let base = server.start().await;
    let start = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap();
    let t = common::open(common::ops_registry(), start).await;
    let pool = t.engine.store().pool();
    jobhunter_ops::settings::set(
        pool,
        jobhunter_ops::settings::SOURCE_BASE_URLS,
        &json!({"greenhouse": base}),
        start,
    )
    .await
    .unwrap();

    for run in 1..=5 {
        let input = json!({"source": "greenhouse:down", "limit": 10});
        let outcome = t.engine.run_operation("scrape_jobs", input, "test").await.unwrap();
        let err = outcome.error.expect("a 500 fails the call");
        let mut tally = RunTally::new();
        tally.failure("greenhouse:down", &err);
        let paused =
            source_health::record_runs(&t.engine, &format!("hunt-{run}"), &tally.into_runs()).await.unwrap();
        let health = source_health::health_of(&t.engine, "greenhouse:down").await.unwrap();
        assert_eq!(health.last_error_kind.as_deref(), Some("unavailable"), "{health:?}");
        assert_eq!(health.consecutive_failures, run);
        if run < 5 {
            assert!(paused.is_empty(), "run {run}: {paused:?}");
            assert_eq!(health.state, SourceState::Failing, "run {run}");
        } else {
            assert_eq!(paused.len(), 1);
            assert!(paused[0].reason.contains("did not answer five times in a row"), "{paused:?}");
            assert_eq!(health.state, SourceState::Paused);
            assert_eq!(paused[0].paused_until, t.clock.now() + chrono::Duration::hours(24));
        }
        t.clock.advance(chrono::Duration::hours(24));
    }
    assert_eq!(server.requests("/v1/boards/down/jobs").len(), 5);
    let paused =
        source_health::paused_sources(pool, &["greenhouse:down".to_owned()], t.clock.now()).await.unwrap();
    assert!(paused.is_empty(), "24 h later the cool-off is over");
    let notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE trigger = 'source_paused'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(notes, 1);
}
