//! Fetching over real HTTP from a fixture server on 127.0.0.1: base URL overrides, keyword
//! filtering and limits, error classification (429 with Retry-After, 503, 404), conditional
//! requests and the per-host rate limit.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query, USER_AGENT};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_jobs::Error;
use support::{fixture, FixtureServer, Reply};

fn fetcher(board: Board, base: &str, interval_ms: u64) -> Fetcher {
    let config = FetchConfig {
        base_urls: HashMap::from([(board, base.to_owned())]),
        min_interval_per_host: Duration::from_millis(interval_ms),
        timeout: Duration::from_secs(5),
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

#[tokio::test]
async fn keywords_filter_locally_and_limit_applies_per_source() {
    let server = FixtureServer::default();
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::Greenhouse, &base, 0);
    let spec = SourceSpec::parse("greenhouse:acme").unwrap();

    let all = f.search(&spec, &Query::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    let rust = f.search(&spec, &Query { keywords: vec!["RUST".into()], ..Default::default() }).await.unwrap();
    assert_eq!(rust.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["Senior Rust Engineer"]);
    let by_tag =
        f.search(&spec, &Query { keywords: vec!["engineering".into()], ..Default::default() }).await.unwrap();
    assert_eq!(by_tag.len(), 1, "tags count as text");
    let one = f.search(&spec, &Query { limit: 1, ..Default::default() }).await.unwrap();
    assert_eq!(one.len(), 1);

    let seen = server.requests("/v1/boards/acme");
    assert_eq!(seen[0].headers["user-agent"], USER_AGENT);
}

#[tokio::test]
async fn status_codes_become_classified_errors() {
    let server = FixtureServer::default();
    server.route("/v1/boards/busy/jobs?content=true", vec![Reply::status(429).header("Retry-After", "3")]);
    server.route("/v1/boards/down/jobs?content=true", vec![Reply::status(503)]);
    let base = server.start().await;
    let f = fetcher(Board::Greenhouse, &base, 0);
    let search = |board: &str| {
        let f = f.clone();
        let spec = SourceSpec::parse(&format!("greenhouse:{board}")).unwrap();
        async move { f.search(&spec, &Query::default()).await.unwrap_err() }
    };
    match search("busy").await {
        Error::RateLimited { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(3))),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    let down = search("down").await;
    assert!(matches!(down, Error::Transient(_)) && down.is_retryable(), "{down:?}");
    let missing = search("nope").await;
    assert!(matches!(missing, Error::Permanent(_)) && !missing.is_retryable(), "{missing:?}");
    assert!(missing.to_string().contains("404"), "{missing}");

    // Nothing listens on this port: a transport error, worth retrying.
    let dead = fetcher(Board::Greenhouse, "http://127.0.0.1:9", 0);
    let err = dead.search(&SourceSpec::parse("greenhouse:x").unwrap(), &Query::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transient(_)), "{err:?}");
}

#[tokio::test]
async fn malformed_payload_fails_the_source_with_a_clear_error() {
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::json("{\"oops\": true}")]);
    let base = server.start().await;
    let err = fetcher(Board::RemoteOk, &base, 0)
        .search(&SourceSpec::parse("remoteok").unwrap(), &Query::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().starts_with("remoteok: malformed payload"), "{err}");
}

#[tokio::test]
async fn etag_makes_the_second_request_conditional() {
    let server = FixtureServer::default();
    server.route(
        "/v0/postings/globex?mode=json",
        vec![Reply::json(fixture("lever-globex.json")).header("ETag", "\"v1\""), Reply::status(304)],
    );
    let base = server.start().await;
    let f = fetcher(Board::Lever, &base, 0);
    let spec = SourceSpec::parse("lever:globex").unwrap();
    let first = f.search(&spec, &Query::default()).await.unwrap();
    let second = f.search(&spec, &Query::default()).await.unwrap();
    assert_eq!(first, second);
    let seen = server.requests("/v0/postings/globex");
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].headers.get("if-none-match").map(String::as_str), Some("\"v1\""));
}

#[tokio::test]
async fn requests_to_one_host_are_spaced() {
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::json(fixture("remoteok.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::RemoteOk, &base, 150);
    let spec = SourceSpec::parse("remoteok").unwrap();
    for _ in 0..3 {
        f.search(&spec, &Query::default()).await.unwrap();
    }
    let seen = server.requests("/api");
    for pair in seen.windows(2) {
        assert!(
            pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(140),
            "{:?}",
            pair[1].at - pair[0].at
        );
    }
}

#[tokio::test]
async fn environment_variable_overrides_the_base_url() {
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::json(fixture("remoteok.json"))]);
    let base = server.start().await;
    // The only test in this binary that touches JOBHUNTER_REMOTEOK_URL.
    std::env::set_var("JOBHUNTER_REMOTEOK_URL", &base);
    let f = Fetcher::new(FetchConfig::default()).unwrap();
    assert_eq!(f.base_url(Board::RemoteOk), base);
    let jobs = f.search(&SourceSpec::parse("remoteok").unwrap(), &Query::default()).await.unwrap();
    assert_eq!(jobs.len(), 2);
    std::env::remove_var("JOBHUNTER_REMOTEOK_URL");
    assert_eq!(f.base_url(Board::RemoteOk), "https://remoteok.com");
}
