//! Bundesagentur (Jobsuche API) paging over real HTTP from a fixture server on 127.0.0.1:
//! `page`/`size` in the query, the payload's `maxErgebnisse`/`page`/`size` deciding whether
//! there is a next page, the search terms kept on every page, and the hunt's limit ending the
//! walk before a page it does not need (issue #11).

use std::collections::HashMap;
use std::time::Duration;

use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_testkit::{fixture, FixtureServer, Reply};

const PATH: &str = "/jobboerse/jobsuche-service/pc/v4/jobs";

fn fetcher(base: &str) -> Fetcher {
    let config = FetchConfig {
        base_urls: HashMap::from([(Board::Bundesagentur, base.to_owned())]),
        min_interval_per_host: Duration::from_millis(0),
        timeout: Duration::from_secs(5),
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

fn query(limit: usize) -> Query {
    Query { keywords: vec!["Rust Entwickler".into()], location: Some("Köln".into()), limit }
}

#[tokio::test]
async fn bundesagentur_reads_every_page_with_the_search_terms_kept() {
    let server = FixtureServer::default();
    let first = format!("{PATH}?was=Rust+Entwickler&wo=K%C3%B6ln&size=50");
    // Page 1 says 3 hits at 2 a page: page 2 is asked for at the size the API used.
    let second = format!("{PATH}?was=Rust+Entwickler&wo=K%C3%B6ln&page=2&size=2");
    server.route(&first, vec![Reply::json(fixture("bundesagentur-page1.json"))]);
    server.route(&second, vec![Reply::json(fixture("bundesagentur-page2.json"))]);
    let base = server.start().await;
    let spec = SourceSpec::parse("bundesagentur").unwrap();

    let all = fetcher(&base).search(&spec, &query(0)).await.unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.source_job_id.as_str()).collect();
    assert_eq!(ids, ["10000-1198765432-S", "12265-0000123456-S", "10001-1200000003-S"]);
    let seen = server.requests(PATH);
    let paths: Vec<_> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, [first.as_str(), second.as_str()], "page 2 read, and nothing after the last");
    assert!(seen
        .iter()
        .all(|s| s.headers.get("x-api-key").map(String::as_str) == Some("jobboerse-jobsuche")));
}

#[tokio::test]
async fn bundesagentur_stops_after_the_first_page_when_the_limit_is_reached() {
    let server = FixtureServer::default();
    let first = format!("{PATH}?was=Rust+Entwickler&wo=K%C3%B6ln&size=2");
    server.route(&first, vec![Reply::json(fixture("bundesagentur-page1.json"))]);
    server.route(
        &format!("{PATH}?was=Rust+Entwickler&wo=K%C3%B6ln&page=2&size=2"),
        vec![Reply::json(fixture("bundesagentur-page2.json"))],
    );
    let base = server.start().await;
    let spec = SourceSpec::parse("bundesagentur").unwrap();

    let two = fetcher(&base).search(&spec, &query(2)).await.unwrap();
    assert_eq!(two.len(), 2);
    let paths: Vec<_> = server.requests(PATH).into_iter().map(|s| s.path).collect();
    assert_eq!(paths, [first], "the limit was met on page 1: page 2 is not fetched");
}

#[test]
fn bundesagentur_next_page_comes_from_the_payload_counts() {
    let spec = SourceSpec::parse("bundesagentur").unwrap();
    let page1 = spec.parse_page(&fixture("bundesagentur-page1.json")).unwrap();
    assert_eq!(page1.next.as_deref(), Some("?page=2&size=2"));
    // Numbers instead of strings; the last page has no next.
    let page2 = spec.parse_page(&fixture("bundesagentur-page2.json")).unwrap();
    assert_eq!(page2.postings.len(), 1);
    assert_eq!(page2.next, None);
    // The single-page fixture (2 of 2) and an empty result have none either.
    assert_eq!(spec.parse_page(&fixture("bundesagentur.json")).unwrap().next, None);
    let empty = spec.parse_page(r#"{"maxErgebnisse": "7", "page": "3", "size": "2"}"#).unwrap();
    assert_eq!(empty.next, None, "no hits on this page: stop");
    // Without a total, a full page means there may be more.
    let full = spec.parse_page(&fixture("bundesagentur-page1.json").replace("\"maxErgebnisse\": \"3\",", ""));
    assert_eq!(full.unwrap().next.as_deref(), Some("?page=2&size=2"));

    // The next page keeps the search terms and replaces page and size.
    let current = "http://h:1/jobboerse/jobsuche-service/pc/v4/jobs?was=Rust&wo=K%C3%B6ln&size=50&page=2";
    assert_eq!(
        spec.next_page_url("http://h:1", current, "?page=3&size=50"),
        "http://h:1/jobboerse/jobsuche-service/pc/v4/jobs?was=Rust&wo=K%C3%B6ln&page=3&size=50"
    );
    // Absolute next links still move onto the base (arbeitnow).
    let an = SourceSpec::parse("arbeitnow").unwrap();
    assert_eq!(
        an.next_page_url(
            "http://127.0.0.1:5",
            "http://127.0.0.1:5/api/job-board-api",
            "https://www.arbeitnow.com/api/job-board-api?page=2"
        ),
        "http://127.0.0.1:5/api/job-board-api?page=2"
    );
}
