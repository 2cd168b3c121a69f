//! The six company-board adapters of issue #15 (SmartRecruiters, Recruitee, Personio,
//! Workable, Teamtailor, Workday): fixtures in each public API's payload shape, and over real
//! HTTP from a fixture server on 127.0.0.1 their paging, their detail requests, the base-URL
//! override (scheme and host replaced, the API's path kept) and each board's own error shape.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDate;
use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query};
use jobhunter_jobs::posting::{SalaryInterval, SalarySource, Workplace};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_jobs::Error;
use jobhunter_testkit::{FixtureServer, Reply};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/boards/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fetcher(board: Board, base: &str) -> Fetcher {
    let config = FetchConfig {
        base_urls: HashMap::from([(board, base.to_owned())]),
        min_interval_per_host: Duration::from_millis(0),
        timeout: Duration::from_secs(5),
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

fn spec(s: &str) -> SourceSpec {
    SourceSpec::parse(s).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn specs_and_urls_of_the_newer_boards() {
    let q = Query { keywords: vec!["rust".into()], location: None, limit: 0 };
    let cases = [
        (
            "smartrecruiters:AcmeGmbH",
            "https://api.smartrecruiters.com",
            "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings?limit=100&offset=0",
        ),
        ("recruitee:acme", "https://{account}.recruitee.com", "https://acme.recruitee.com/api/offers/"),
        ("personio:acme", "https://{account}.jobs.personio.de", "https://acme.jobs.personio.de/xml"),
        (
            "workable:acme",
            "https://apply.workable.com",
            "https://apply.workable.com/api/v1/widget/accounts/acme?details=true",
        ),
        ("teamtailor:acme", "https://{account}.teamtailor.com", "https://acme.teamtailor.com/jobs.rss"),
        (
            "workday:acme.wd3/External",
            "https://{account}.myworkdayjobs.com",
            "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External/jobs",
        ),
    ];
    for (s, default, url) in cases {
        let spec = spec(s);
        assert_eq!(spec.board.default_base_url(), default, "{s}");
        assert_eq!(spec.url(default, &q), url, "{s}");
        assert_eq!(spec.label(), s);
        // An override replaces scheme and host; the path stays the real API's.
        let after_scheme = &url["https://".len()..];
        let path = &after_scheme[after_scheme.find('/').unwrap()..];
        assert_eq!(spec.url("http://127.0.0.1:9/", &q), format!("http://127.0.0.1:9{path}"), "{s}");
    }
    assert_eq!(Board::Workday.env_var(), "JOBHUNTER_WORKDAY_URL");
    assert_eq!(Board::SmartRecruiters.env_var(), "JOBHUNTER_SMARTRECRUITERS_URL");
    let limited = Query { limit: 5, ..Query::default() };
    assert!(spec("smartrecruiters:x").url("http://h", &limited).ends_with("?limit=5&offset=0"));
    for (bad, says) in [
        ("workday:acme", "not a Workday site"),
        ("workday:acme.wd3", "not a Workday site"),
        ("workday:acme/External", "not a Workday site"),
        ("recruitee:acme.evil.com", "not a valid recruitee company name"),
        ("teamtailor:a_b", "not a valid teamtailor company name"),
        ("smartrecruiters", "needs a board name"),
    ] {
        let err = SourceSpec::parse(bad).unwrap_err().to_string();
        assert!(err.contains(says), "{bad}: {err}");
    }
    assert!(Board::Recruitee.lists_everything() && Board::SmartRecruiters.lists_everything());
    assert!(!Board::Workday.lists_everything(), "Workday searches by keyword");
}

#[test]
fn smartrecruiters_list_pages_know_their_next_page() {
    let sr = spec("smartrecruiters:AcmeGmbH");
    let page = sr.parse_page(&fixture("smartrecruiters-acme-page1.json")).unwrap();
    assert_eq!(page.next.as_deref(), Some("?limit=2&offset=2"));
    let p = &page.postings[0];
    assert_eq!(
        (p.source_job_id.as_str(), p.title.as_str()),
        ("744000012345001", "Senior Rust Engineer (m/w/d)")
    );
    assert_eq!(p.company, "Acme GmbH");
    assert_eq!(p.location.as_deref(), Some("Berlin, BE, Germany"));
    assert_eq!((p.workplace, p.remote), (Some(Workplace::Hybrid), Some(false)));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-20T09:12:44+00:00");
    assert_eq!(p.tags, ["Engineering", "Information Technology"]);
    assert_eq!(p.url.as_deref(), Some("https://jobs.smartrecruiters.com/AcmeGmbH/744000012345001"));
    assert!(p.description_text.is_empty(), "the list has no text");
    let remote = &page.postings[1];
    assert_eq!((remote.location.as_deref(), remote.workplace), (Some("Germany"), Some(Workplace::Remote)));
    let last = sr.parse_page(&fixture("smartrecruiters-acme-page2.json")).unwrap();
    assert_eq!((last.postings.len(), last.next), (1, None));
    let unknown = sr.parse_page(r#"{"offset":0,"limit":100,"totalFound":0,"content":[]}"#).unwrap();
    assert!(unknown.postings.is_empty() && unknown.next.is_none(), "an unknown company lists nothing");
}

#[tokio::test]
async fn smartrecruiters_pages_through_the_list_then_reads_each_posting() {
    let server = FixtureServer::default();
    let list = "/v1/companies/AcmeGmbH/postings";
    server.route(
        &format!("{list}?limit=100&offset=0"),
        vec![Reply::json(fixture("smartrecruiters-acme-page1.json"))],
    );
    server.route(
        &format!("{list}?limit=2&offset=2"),
        vec![Reply::json(fixture("smartrecruiters-acme-page2.json"))],
    );
    server.route(
        &format!("{list}/744000012345001"),
        vec![Reply::json(fixture("smartrecruiters-acme-detail.json"))],
    );
    // Taken down between the list and its detail: the posting stays, with a warning.
    server.route(&format!("{list}/744000012345002"), vec![Reply::status(404)]);
    let third = r#"{"id": "744000012345003", "jobAd": {"sections": {"jobDescription": {"title": "", "text": "<p>Pipelines in Python.</p>"}}}}"#;
    server.route(&format!("{list}/744000012345003"), vec![Reply::json(third)]);
    let base = server.start().await;
    let f = fetcher(Board::SmartRecruiters, &base);

    let listing = f.search_listing(&spec("smartrecruiters:AcmeGmbH"), &Query::default()).await.unwrap();
    assert!(listing.complete, "read to its last page with no limit");
    let all = listing.postings;
    let ids: Vec<_> = all.iter().map(|p| p.source_job_id.as_str()).collect();
    assert_eq!(ids, ["744000012345001", "744000012345002", "744000012345003"]);
    let rust = &all[0];
    assert!(
        rust.description_text.starts_with("Job Description\nYou build our routing engine in Rust & Tokio."),
        "{}",
        rust.description_text
    );
    assert!(
        rust.description_text.contains("Qualifications")
            && rust.description_text.contains("- 5+ years of backend work")
    );
    assert!(
        rust.description_text.ends_with("Acme builds logistics software for 4,000 warehouses."),
        "company last"
    );
    let s = rust.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(75_000.0), Some(95_000.0), Some("EUR")));
    assert_eq!(s.source, SalarySource::Parsed);
    assert!(rust.url.as_deref().unwrap().ends_with("744000012345001-senior-rust-engineer-m-w-d-"));
    assert!(rust.apply_url.as_deref().unwrap().ends_with("?oga=true"));
    assert!(rust.warnings.is_empty(), "{:?}", rust.warnings);
    let gone = &all[1];
    assert!(gone.description_text.is_empty());
    assert_eq!(gone.warnings.len(), 1);
    assert!(gone.warnings[0].message.contains("404"), "{:?}", gone.warnings);
    assert_eq!(all[2].description_text, "Pipelines in Python.");

    // A limit bounds the detail requests too: one posting, one detail.
    server.route(
        &format!("{list}?limit=1&offset=0"),
        vec![Reply::json(fixture("smartrecruiters-acme-page1.json"))],
    );
    let before = server.requests(list).len();
    let one =
        f.search(&spec("smartrecruiters:AcmeGmbH"), &Query { limit: 1, ..Query::default() }).await.unwrap();
    assert_eq!(one.len(), 1);
    let seen: Vec<String> = server.requests(list).into_iter().skip(before).map(|s| s.path).collect();
    assert_eq!(seen, [format!("{list}?limit=1&offset=0"), format!("{list}/744000012345001")]);
}

#[test]
fn recruitee_offers_with_stated_salary_and_flags() {
    let page = spec("recruitee:acme").parse_page(&fixture("recruitee-acme.json")).unwrap();
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!((p.source.as_str(), p.source_job_id.as_str()), ("recruitee:acme", "1873301"));
    assert_eq!(p.company, "Acme B.V.");
    assert_eq!(
        p.locations,
        ["Amsterdam, North Holland, Netherlands", "Amsterdam, Netherlands", "Rotterdam, Netherlands"]
    );
    assert_eq!(p.workplace, Some(Workplace::Hybrid));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-19T08:30:00+00:00");
    assert_eq!(p.description_text, "Join our payments team in Amsterdam.\n- 3+ years with Go\n- PostgreSQL");
    assert_eq!(p.tags, ["Engineering", "Go", "Payments"]);
    assert_eq!(p.apply_url.as_deref(), Some("https://acme.recruitee.com/o/backend-engineer-go/c/new"));
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(60_000.0), Some(75_000.0), Some("EUR")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Stated));
    let office = &page.postings[1];
    assert_eq!(
        (office.location.as_deref(), office.workplace),
        (Some("Utrecht, Netherlands"), Some(Workplace::Remote))
    );
    assert!(office.salary.is_none(), "null figures are no salary");
    assert_eq!(office.employment_type.as_deref(), Some("Part-time"));
}

#[tokio::test]
async fn recruitee_override_keeps_the_api_path_and_an_unknown_company_is_a_404() {
    let server = FixtureServer::default();
    server.route("/api/offers/", vec![Reply::json(fixture("recruitee-acme.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::Recruitee, &base);
    let rust = Query { keywords: vec!["go".into()], ..Query::default() };
    let found = f.search(&spec("recruitee:acme"), &rust).await.unwrap();
    assert_eq!(found.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["Backend Engineer (Go)"]);

    let other = FixtureServer::default();
    other.route("/api/offers/", vec![Reply::status(404)]);
    let err = fetcher(Board::Recruitee, &other.start().await)
        .search(&spec("recruitee:nobody"), &Query::default())
        .await;
    let err = err.unwrap_err();
    assert!(matches!(err, Error::Permanent(_)) && err.to_string().contains("404"), "{err:?}");
}

#[test]
fn personio_positions_sections_and_offices() {
    let page = spec("personio:acme").parse_page(&fixture("personio-acme.xml")).unwrap();
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!((p.source_job_id.as_str(), p.title.as_str()), ("1402731", "Senior Backend Developer (m/w/d)"));
    assert_eq!(p.company, "Acme Logistik GmbH");
    assert_eq!(p.locations, ["Hamburg", "Berlin", "Remote"]);
    assert_eq!(p.workplace, Some(Workplace::Remote), "an office named Remote");
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-15T08:30:00+00:00");
    assert!(
        p.description_text
            .starts_with("Deine Aufgaben\n- Du entwickelst unsere Plattform mit Kotlin & Spring."),
        "{}",
        p.description_text
    );
    assert_eq!(p.url.as_deref(), Some("https://acme.jobs.personio.de/job/1402731"));
    assert_eq!(p.tags, ["IT", "Software Development", "Kotlin", "Spring", "PostgreSQL"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(65_000.0), Some(80_000.0), Some("EUR")));
    let intern = &page.postings[1];
    assert_eq!(intern.company, "acme", "no subcompany: the name from the spec, with a warning");
    assert_eq!(intern.warnings.len(), 1);
    assert_eq!(intern.employment_type.as_deref(), Some("Internship"));
}

#[tokio::test]
async fn personio_with_no_positions_is_empty_and_a_page_that_is_no_feed_is_malformed() {
    let personio = spec("personio:acme");
    assert!(personio.parse_page(&fixture("personio-empty.xml")).unwrap().postings.is_empty());
    let server = FixtureServer::default();
    server.route(
        "/xml",
        vec![Reply::body(
            "text/html",
            "<html><head><title>Personio</title></head><body>Page not found</body></html>",
        )],
    );
    let base = server.start().await;
    let err = fetcher(Board::Personio, &base).search(&personio, &Query::default()).await.unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("expected Personio's <workzag-jobs> feed, found <html>"), "{err}");
    let seen = server.requests("/xml");
    assert!(seen[0].headers["accept"].starts_with("application/xml"), "{:?}", seen[0].headers);
}

#[test]
fn workable_jobs_of_an_account() {
    let page = spec("workable:acme").parse_page(&fixture("workable-acme.json")).unwrap();
    let p = &page.postings[0];
    assert_eq!((p.source_job_id.as_str(), p.company.as_str()), ("5C2E7A1B9D", "Acme Health"));
    assert_eq!(p.locations, ["Berlin, Germany", "Vienna, Austria"], "hidden locations are left out");
    assert_eq!((p.workplace, p.remote), (Some(Workplace::Remote), Some(true)));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-21T00:00:00+00:00");
    assert_eq!(p.apply_url.as_deref(), Some("https://apply.workable.com/j/5C2E7A1B9D/apply"));
    assert_eq!(p.tags, ["Engineering"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.source), (Some(70_000.0), Some(90_000.0), SalarySource::Parsed));
    let sales = &page.postings[1];
    assert_eq!((sales.location.as_deref(), sales.remote), (Some("Graz, Styria, Austria"), Some(false)));
    assert_eq!(sales.employment_type.as_deref(), Some("Contract"));
}

#[tokio::test]
async fn workable_unknown_account_is_a_404() {
    let server = FixtureServer::default();
    let path = "/api/v1/widget/accounts/acme?details=true";
    server.route(path, vec![Reply::json(fixture("workable-acme.json"))]);
    let base = server.start().await;
    let f = fetcher(Board::Workable, &base);
    assert_eq!(f.search(&spec("workable:acme"), &Query::default()).await.unwrap().len(), 2);
    let err = f.search(&spec("workable:nobody"), &Query::default()).await.unwrap_err();
    assert!(matches!(err, Error::Permanent(_)) && err.to_string().contains("404 Not Found"), "{err}");
}

#[test]
fn teamtailor_items_with_locations_and_remote_status() {
    let page = spec("teamtailor:acme").parse_page(&fixture("teamtailor-acme.rss")).unwrap();
    let p = &page.postings[0];
    assert_eq!(p.source_job_id, "7f9d8a42-1c3b-4c55-9a0e-2f6c1b7d0001");
    assert_eq!(p.company, "Acme AB");
    assert_eq!(p.locations, ["Stockholm, Sweden", "Berlin, Germany"]);
    assert_eq!(p.workplace, Some(Workplace::Hybrid));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-18T13:05:22+00:00");
    assert!(p.description_text.starts_with("Run our Kubernetes platform."), "{}", p.description_text);
    assert_eq!(p.tags, ["Engineering", "Platform"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.currency.as_deref(), s.interval), (Some("SEK"), Some(SalaryInterval::Month)));
    let support = &page.postings[1];
    assert_eq!((support.workplace, support.location.as_deref()), (Some(Workplace::Remote), None));
    assert_eq!(support.description_text, "Help our customers by chat & phone.");
    let err =
        spec("teamtailor:acme").parse_page("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>").unwrap_err();
    assert!(err.to_string().contains("expected an RSS <rss><channel> feed"), "{err}");
}

#[tokio::test]
async fn teamtailor_environment_override_replaces_scheme_and_host() {
    let server = FixtureServer::default();
    server.route("/jobs.rss", vec![Reply::body("application/rss+xml", fixture("teamtailor-acme.rss"))]);
    let base = server.start().await;
    // The only test of this file that sets an environment variable (tests share the process).
    std::env::set_var("JOBHUNTER_TEAMTAILOR_URL", &base);
    let f =
        Fetcher::new(FetchConfig { min_interval_per_host: Duration::from_millis(0), ..Default::default() })
            .unwrap();
    assert_eq!(f.base_url(Board::Teamtailor), base);
    let found = f.search(&spec("teamtailor:acme"), &Query::default()).await;
    std::env::remove_var("JOBHUNTER_TEAMTAILOR_URL");
    assert_eq!(found.unwrap().len(), 2);
    assert_eq!(server.requests("/jobs.rss").len(), 1);
}

#[test]
fn workday_list_dates_count_from_the_given_day() {
    let wd = spec("workday:acme.wd3/External");
    let page = wd.parse_page_on(&fixture("workday-page1.json"), day(2026, 11, 20)).unwrap();
    assert!(page.next.is_none(), "Workday pages by POST, not by link");
    let p = &page.postings[0];
    assert_eq!(
        (p.source_job_id.as_str(), p.title.as_str()),
        ("Software-Engineer---Rust_R-104233", "Software Engineer - Rust")
    );
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-17T00:00:00+00:00", "Posted 3 Days Ago");
    assert_eq!(p.location.as_deref(), Some("Berlin, Germany"));
    assert_eq!(p.company, "acme", "the tenant until the detail names the company");
    assert_eq!(
        p.url.as_deref(),
        Some("https://acme.wd3.myworkdayjobs.com/External/job/Berlin-Germany/Software-Engineer---Rust_R-104233")
    );
    let older = &page.postings[1];
    assert_eq!(older.posted_at.unwrap().date_naive(), day(2026, 10, 21), "30+ days: 30 days before");
    assert_eq!(older.location, None, "'2 Locations' is a count, not a place");
    let today = wd.parse_page_on(&fixture("workday-page2.json"), day(2026, 11, 20)).unwrap();
    assert_eq!(today.postings[0].posted_at.unwrap().date_naive(), day(2026, 11, 20));
    assert_eq!(today.postings[0].workplace, Some(Workplace::Remote));
}

fn workday_server(server: &FixtureServer) {
    let site = "/wday/cxs/acme/External";
    server.route(
        &format!("{site}/jobs"),
        vec![Reply::json(fixture("workday-page1.json")), Reply::json(fixture("workday-page2.json"))],
    );
    server.route(
        &format!("{site}/job/Berlin-Germany/Software-Engineer---Rust_R-104233"),
        vec![Reply::json(fixture("workday-detail.json"))],
    );
    let short = |text: &str| {
        format!(r#"{{"jobPostingInfo": {{"jobDescription": "<p>{text}</p>", "startDate": "2026-10-01"}}}}"#)
    };
    server.route(
        &format!("{site}/job/Munich-Germany/Data-Engineer_R-104120"),
        vec![Reply::json(short("Spark and Rust."))],
    );
    server.route(
        &format!("{site}/job/Remote-Germany/Rust-Developer--Embedded-_R-103998"),
        vec![Reply::json(short("Embedded Rust."))],
    );
}

#[tokio::test]
async fn workday_posts_its_search_page_by_page_then_reads_each_posting() {
    let server = FixtureServer::default();
    workday_server(&server);
    let base = server.start().await;
    let f = fetcher(Board::Workday, &base);
    let query = Query { keywords: vec!["Rust".into()], location: Some("Berlin".into()), limit: 0 };

    let listing = f.search_listing(&spec("workday:acme.wd3/External"), &query).await.unwrap();
    assert!(!listing.complete, "a keyword search never closes jobs");
    let all = listing.postings;
    assert_eq!(all.len(), 3, "the server searched: no local keyword filter");
    let posts = server.requests("/wday/cxs/acme/External/jobs");
    assert_eq!(posts.len(), 2, "page 2 asked for, nothing after the first page's total");
    assert!(posts.iter().all(|p| p.method == "POST" && p.headers["content-type"] == "application/json"));
    let body: serde_json::Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": "Rust"})
    );
    let body: serde_json::Value = serde_json::from_str(&posts[1].body).unwrap();
    assert_eq!(body["offset"], 2, "page 2 starts after the postings of page 1");

    let p = &all[0];
    assert_eq!(p.company, "Acme Trading SE");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-17T00:00:00+00:00", "startDate wins");
    assert_eq!(p.locations, ["Berlin, Germany", "Hamburg, Germany"]);
    assert_eq!((p.workplace, p.employment_type.as_deref()), (Some(Workplace::Hybrid), Some("Full-time")));
    assert!(
        p.description_text.starts_with("About the role\nYou write Rust services"),
        "{}",
        p.description_text
    );
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(80_000.0), Some(100_000.0), Some("EUR")));
    assert!(p.url.as_deref().unwrap().starts_with("https://acme.wd3.myworkdayjobs.com/External/job/"));
    assert_eq!(all[1].description_text, "Spark and Rust.");
    assert_eq!(all[1].posted_at.unwrap().date_naive(), day(2026, 10, 1));
    assert_eq!(all[2].description_text, "Embedded Rust.");
    assert_eq!(server.requests("/wday/cxs/acme/External/job/").len(), 3, "one detail per posting");
}

#[tokio::test]
async fn workday_limit_stops_the_search_and_the_details() {
    let server = FixtureServer::default();
    workday_server(&server);
    let base = server.start().await;
    let one = Query { limit: 1, ..Query::default() };
    let found =
        fetcher(Board::Workday, &base).search(&spec("workday:acme.wd3/External"), &one).await.unwrap();
    assert_eq!(found.len(), 1);
    let posts = server.requests("/wday/cxs/acme/External/jobs");
    assert_eq!(posts.len(), 1);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&posts[0].body).unwrap()["limit"], 1);
    assert_eq!(server.requests("/wday/cxs/acme/External/job/").len(), 1);
}

#[tokio::test]
async fn workday_error_answers_say_what_workday_said() {
    let server = FixtureServer::default();
    let mut bad = Reply::json(fixture("workday-error.json"));
    bad.status = 400;
    server.route("/wday/cxs/acme/External/jobs", vec![bad]);
    let mut unknown =
        Reply::json(r#"{"errorCode":"HTTP_422","httpStatus":422,"message":"Unknown site: Nope"}"#);
    unknown.status = 422;
    server.route("/wday/cxs/acme/Nope/jobs", vec![unknown]);
    server.route("/wday/cxs/acme/Busy/jobs", vec![Reply::status(503)]);
    let base = server.start().await;
    let f = fetcher(Board::Workday, &base);
    let search = |site: &str| {
        let f = f.clone();
        let spec = spec(&format!("workday:acme.wd3/{site}"));
        async move { f.search(&spec, &Query::default()).await.unwrap_err() }
    };
    let err = search("External").await;
    assert!(matches!(err, Error::Permanent(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("POST http://") && text.contains("400"), "{text}");
    assert!(text.ends_with(": Invalid request: limit must be at most 20"), "{text}");
    let err = search("Nope").await;
    assert!(matches!(err, Error::Permanent(_)) && err.to_string().ends_with("Unknown site: Nope"), "{err}");
    assert!(search("Busy").await.is_retryable(), "a 503 is worth a retry");
}

#[test]
fn changed_formats_are_malformed_with_the_field_named() {
    let cases = [
        (
            "smartrecruiters:acme",
            r#"{"totalFound": 1, "content": [{"id": 7, "name": "x"}]}"#,
            "content[0].id",
        ),
        ("recruitee:acme", r#"{"offers": [{"id": "x", "title": "y"}]}"#, "offers[0].id"),
        ("workable:acme", r#"{"name": "Acme", "jobs": {"title": "x"}}"#, "jobs"),
        ("workday:acme.wd3/External", r#"{"total": 1, "jobPostings": [{"title": "x"}]}"#, "jobPostings[0]"),
        (
            "personio:acme",
            "<workzag-jobs><position><name>x</name></position></workzag-jobs>",
            "position[0]: no <id>",
        ),
    ];
    for (s, body, path) in cases {
        let err = spec(s).parse_page(body).unwrap_err();
        assert!(matches!(err, Error::Malformed { .. }), "{s}: {err:?}");
        let text = err.to_string();
        assert!(text.starts_with(&format!("{s}: malformed payload: {path}")), "{s}: {text}");
    }
}
