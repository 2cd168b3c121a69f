//! Fetching over real HTTP from a fixture server on 127.0.0.1: base URL overrides, keyword
//! filtering and limits, error classification (429 with Retry-After, 503, 404), conditional
//! requests and the per-host rate limit.

use std::collections::HashMap;
use std::time::Duration;

use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query, USER_AGENT};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_jobs::Error;
use jobhunter_testkit::{fixture, FixtureServer, Reply};

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

fn fetcher_for(boards: &[Board], base: &str) -> Fetcher {
    let config = FetchConfig {
        base_urls: boards.iter().map(|b| (*b, base.to_owned())).collect(),
        min_interval_per_host: Duration::from_millis(0),
        timeout: Duration::from_secs(5),
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

#[tokio::test]
async fn arbeitnow_follows_next_links_rebased_onto_the_fixture_server() {
    let server = FixtureServer::default();
    server.route("/api/job-board-api", vec![Reply::json(fixture("arbeitnow-page1.json"))]);
    // The payload's next link names the public host; it must land here instead.
    server.route("/api/job-board-api?page=2", vec![Reply::json(fixture("arbeitnow-page2.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::Arbeitnow, &base, 0);
    let spec = SourceSpec::parse("arbeitnow").unwrap();

    let all = f.search(&spec, &Query::default()).await.unwrap();
    let slugs: Vec<_> = all.iter().map(|p| p.source_job_id.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "backend-entwickler-rust-berlin-123456",
            "product-designer-remote-654321",
            "devops-engineer-muenchen-777777"
        ]
    );
    let paths: Vec<_> = server.requests("/api/").into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/api/job-board-api", "/api/job-board-api?page=2"]);

    let rust = f.search(&spec, &Query { keywords: vec!["rust".into()], ..Default::default() }).await.unwrap();
    assert_eq!(rust.len(), 2, "keywords filter across pages");

    // The limit is reached on page 1: page 2 is not fetched.
    let before = server.requests("/api/").len();
    let two = f.search(&spec, &Query { limit: 2, ..Default::default() }).await.unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(server.requests("/api/").len(), before + 1);
}

#[tokio::test]
async fn arbeitnow_pages_stop_at_max_pages_and_on_a_self_link() {
    let server = FixtureServer::default();
    let looping = fixture("arbeitnow-page1.json").replace(
        "https://www.arbeitnow.com/api/job-board-api?page=2",
        "https://www.arbeitnow.com/api/job-board-api",
    );
    server.route("/api/job-board-api", vec![Reply::json(looping)]);
    let base = server.start().await;
    let jobs = fetcher(Board::Arbeitnow, &base, 0)
        .search(&SourceSpec::parse("arbeitnow").unwrap(), &Query::default())
        .await
        .unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(server.requests("/api/").len(), 1, "a next link to the same page ends the walk");

    // An endless chain of pages ends at max_pages.
    let server = FixtureServer::default();
    let page2 = fixture("arbeitnow-page2.json")
        .replace("\"next\": null", "\"next\": \"https://www.arbeitnow.com/api/job-board-api?page=3\"");
    server.route("/api/job-board-api", vec![Reply::json(fixture("arbeitnow-page1.json"))]);
    server.route("/api/job-board-api?page=2", vec![Reply::json(page2)]);
    server.route("/api/job-board-api?page=3", vec![Reply::json(fixture("arbeitnow-page1.json"))]);
    let base = server.start().await;
    let config = FetchConfig {
        base_urls: HashMap::from([(Board::Arbeitnow, base.clone())]),
        min_interval_per_host: Duration::ZERO,
        max_pages: 2,
        ..Default::default()
    };
    let jobs = Fetcher::new(config)
        .unwrap()
        .search(&SourceSpec::parse("arbeitnow").unwrap(), &Query::default())
        .await
        .unwrap();
    assert_eq!(jobs.len(), 3);
    assert_eq!(server.requests("/api/").len(), 2);
}

#[tokio::test]
async fn bundesagentur_sends_the_api_key_and_the_query() {
    let server = FixtureServer::default();
    server.route(
        "/jobboerse/jobsuche-service/pc/v4/jobs?was=Rust+Entwickler&wo=K%C3%B6ln&size=10",
        vec![Reply::json(fixture("bundesagentur.json"))],
    );
    let base = server.start().await;
    let f = fetcher(Board::Bundesagentur, &base, 0);
    let query = Query {
        keywords: vec!["Rust".into(), "Entwickler".into()],
        location: Some("Köln".into()),
        limit: 10,
    };
    let jobs = f.search(&SourceSpec::parse("bundesagentur").unwrap(), &query).await.unwrap();
    // The API searched already: its hits are kept even when the title does not name "Rust".
    assert_eq!(jobs.len(), 2);
    let seen = server.requests("/jobboerse/");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers.get("x-api-key").map(String::as_str), Some("jobboerse-jobsuche"));
    assert_eq!(seen[0].headers["user-agent"], USER_AGENT);
}

#[tokio::test]
async fn remotive_searches_server_side_and_still_filters_locally() {
    let server = FixtureServer::default();
    // The fixture answers all jobs whatever the search says: the local filter narrows them.
    server.route("/api/remote-jobs?search=rust&limit=5", vec![Reply::json(fixture("remotive.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::Remotive, &base, 0);
    let query = Query { keywords: vec!["rust".into()], limit: 5, ..Default::default() };
    let jobs = f.search(&SourceSpec::parse("remotive").unwrap(), &query).await.unwrap();
    assert_eq!(jobs.iter().map(|p| p.company.as_str()).collect::<Vec<_>>(), ["Hooli"]);
    assert_eq!(server.requests("/api/remote-jobs").len(), 1);
}

#[tokio::test]
async fn ashby_board_under_the_overridden_base() {
    let server = FixtureServer::default();
    server.route(
        "/posting-api/job-board/initech?includeCompensation=true",
        vec![Reply::json(fixture("ashby-initech.json"))],
    );
    let base = server.start().await;
    let jobs = fetcher(Board::Ashby, &base, 0)
        .search(&SourceSpec::parse("ashby:initech").unwrap(), &Query::default())
        .await
        .unwrap();
    assert_eq!(jobs.len(), 3);
}

#[tokio::test]
async fn jsonld_and_feeds_are_fetched_from_the_url_in_the_spec() {
    let server = FixtureServer::default();
    server.route("/careers", vec![Reply::body("text/html; charset=utf-8", fixture("careers.html"))]);
    server.route("/jobs.rss", vec![Reply::body("application/rss+xml", fixture("feed-rss.xml"))]);
    server.route("/jobs.atom", vec![Reply::body("application/atom+xml", fixture("feed-atom.xml"))]);
    let base = server.start().await;
    // No base URL configured for these: the argument is the whole URL.
    let f = Fetcher::new(FetchConfig { timeout: Duration::from_secs(5), ..Default::default() }).unwrap();

    let page = SourceSpec::parse(&format!("jsonld:{base}/careers")).unwrap();
    let jobs = f.search(&page, &Query::default()).await.unwrap();
    assert_eq!(
        jobs.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        ["Staff Rust Engineer", "Laboratory Technician"]
    );
    assert_eq!(jobs[1].url.as_deref(), Some(format!("{base}/careers").as_str()));
    let seen = server.requests("/careers");
    assert!(seen[0].headers["accept"].starts_with("text/html"), "{:?}", seen[0].headers);

    let rss = SourceSpec::parse(&format!("feed:{base}/jobs.rss")).unwrap();
    let jobs = f.search(&rss, &Query { keywords: vec!["rust".into()], ..Default::default() }).await.unwrap();
    assert_eq!(jobs.iter().map(|p| p.source_job_id.as_str()).collect::<Vec<_>>(), ["acme-42"]);
    let atom = SourceSpec::parse(&format!("feed:{base}/jobs.atom")).unwrap();
    assert_eq!(f.search(&atom, &Query::default()).await.unwrap().len(), 2);
    let seen = server.requests("/jobs.atom");
    assert!(seen[0].headers["accept"].starts_with("application/rss+xml"), "{:?}", seen[0].headers);
}

#[tokio::test]
async fn rate_limited_first_then_ok_retrying_is_the_callers_job() {
    let server = FixtureServer::default();
    server.route(
        "/api/remote-jobs",
        vec![Reply::status(429).header("Retry-After", "2"), Reply::json(fixture("remotive.json"))],
    );
    let base = server.start().await;
    let f = fetcher(Board::Remotive, &base, 0);
    let spec = SourceSpec::parse("remotive").unwrap();
    match f.search(&spec, &Query::default()).await {
        Err(Error::RateLimited { retry_after, .. }) => assert_eq!(retry_after, Some(Duration::from_secs(2))),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(server.requests("/api/remote-jobs").len(), 1, "no retry inside the fetcher");
    let jobs = f.search(&spec, &Query::default()).await.unwrap();
    assert_eq!(jobs.len(), 3);
}

#[tokio::test]
async fn a_malformed_source_does_not_affect_the_others() {
    let server = FixtureServer::default();
    server.route(
        "/posting-api/job-board/initech?includeCompensation=true",
        vec![Reply::json("{\"jobs\": \"soon\"}")],
    );
    server.route("/api/remote-jobs", vec![Reply::json(fixture("remotive.json"))]);
    server.route("/feed.xml", vec![Reply::body("application/rss+xml", fixture("feed-rss.xml"))]);
    let base = server.start().await;
    let f = fetcher_for(&[Board::Ashby, Board::Remotive], &base);
    let ashby = SourceSpec::parse("ashby:initech").unwrap();
    let remotive = SourceSpec::parse("remotive").unwrap();
    let feed = SourceSpec::parse(&format!("feed:{base}/feed.xml")).unwrap();
    let q = Query::default();
    let (a, r, fd) = tokio::join!(f.search(&ashby, &q), f.search(&remotive, &q), f.search(&feed, &q));
    let err = a.unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().starts_with("ashby:initech: malformed payload: jobs: invalid type"), "{err}");
    assert_eq!(r.unwrap().len(), 3);
    assert_eq!(fd.unwrap().len(), 3);
}
