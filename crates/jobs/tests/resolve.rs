//! From a pasted address to a source spec: known board addresses (no network), pages that
//! embed or link a board, carry JSON-LD postings or a feed, pages with nothing, and one
//! resolve over real HTTP that finds an embedded Greenhouse board and counts its jobs.

use std::collections::HashMap;
use std::time::Duration;

use jobhunter_jobs::fetch::{FetchConfig, Fetcher};
use jobhunter_jobs::sources::resolve::{from_board_url, from_page, resolve, Resolved, NOTHING_FOUND};
use jobhunter_jobs::sources::Board;
use jobhunter_jobs::Error;
use jobhunter_testkit::{fixture, FixtureServer, Reply};

#[test]
fn board_addresses_resolve_without_the_network() {
    let cases = [
        ("https://boards.greenhouse.io/acme", "greenhouse:acme", "greenhouse"),
        ("https://boards.greenhouse.io/acme/jobs/4012345", "greenhouse:acme", "greenhouse"),
        ("https://job-boards.greenhouse.io/acme/jobs/4012345?gh_src=x", "greenhouse:acme", "greenhouse"),
        ("https://boards.greenhouse.io/embed/job_board?for=acme", "greenhouse:acme", "greenhouse"),
        (
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
            "greenhouse:acme",
            "greenhouse",
        ),
        ("https://jobs.lever.co/spotify", "lever:spotify", "lever"),
        ("https://jobs.lever.co/spotify/0a1b2c3d-1111/apply", "lever:spotify", "lever"),
        ("https://api.lever.co/v0/postings/spotify?mode=json", "lever:spotify", "lever"),
        ("https://jobs.ashbyhq.com/notion", "ashby:notion", "ashby"),
        ("https://jobs.ashbyhq.com/notion/8c7e6a/application", "ashby:notion", "ashby"),
        ("https://api.ashbyhq.com/posting-api/job-board/notion", "ashby:notion", "ashby"),
        ("https://remoteok.com/remote-rust-jobs", "remoteok", "board"),
        ("https://remotive.com/remote-jobs/software-dev", "remotive", "board"),
        ("https://www.arbeitnow.com/", "arbeitnow", "board"),
        ("https://www.arbeitsagentur.de/jobsuche/suche?was=Rust", "bundesagentur", "board"),
    ];
    for (url, spec, kind) in cases {
        let r = from_board_url(url).unwrap_or_else(|| panic!("{url} did not resolve"));
        assert_eq!((r.spec.as_str(), r.kind.as_str()), (spec, kind), "{url}");
        assert_eq!(r.open_jobs, None, "{url}: nothing counted without the network");
    }
    assert_eq!(from_board_url("https://jobs.lever.co/spotify").unwrap().name, "spotify", "slug as name");
    assert_eq!(from_board_url("https://remoteok.com/").unwrap().name, "Remote OK");
    assert_eq!(
        from_board_url("https://www.arbeitsagentur.de/").unwrap().name,
        "Bundesagentur für Arbeit (Jobbörse)"
    );
    for other in [
        "https://example.com/careers",
        "https://jobs.lever.co/",
        "https://boards.greenhouse.io/",
        "https://api.lever.co/v1/other/x",
        "https://jobs.lever.co/bad%20name",
        "ftp://jobs.lever.co/spotify",
        "https://notremoteok.com/",
        "not a url",
    ] {
        assert_eq!(from_board_url(other), None, "{other}");
    }
}

fn found(page: &str, html: &str) -> Resolved {
    from_page(page, html).unwrap_or_else(|e| panic!("{e}\n{html}"))
}

#[test]
fn pages_embedding_a_greenhouse_board() {
    let html = r#"<html><head><title>Careers at Acme</title></head><body>
        <div id="grnhse_app"></div>
        <script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script></body></html>"#;
    let r = found("https://acme.example/careers", html);
    assert_eq!(
        (r.spec.as_str(), r.name.as_str(), r.kind.as_str()),
        ("greenhouse:acme", "Acme", "greenhouse")
    );

    let html =
        r#"<iframe src="https://job-boards.greenhouse.io/embed/job_board?for=initech&amp;b=x"></iframe>"#;
    let r = found("https://initech.example/jobs", html);
    assert_eq!((r.spec.as_str(), r.name.as_str()), ("greenhouse:initech", "initech"));
}

#[test]
fn pages_linking_a_lever_or_ashby_board() {
    let html = r#"<title>Globex</title><nav><a href="/about">About</a>
        <a class="btn" href='https://jobs.lever.co/globex'>Open roles</a></nav>"#;
    let r = found("https://globex.example/", html);
    assert_eq!((r.spec.as_str(), r.name.as_str(), r.kind.as_str()), ("lever:globex", "Globex", "lever"));

    let html = r#"<a href="https://remoteok.com/">we post on Remote OK too</a>
        <a href="https://jobs.ashbyhq.com/hooli/8c7e6a">Engineer</a>"#;
    let r = found("https://hooli.example/team", html);
    assert_eq!(
        (r.spec.as_str(), r.name.as_str()),
        ("ashby:hooli", "hooli"),
        "job sites are not company boards"
    );
}

#[test]
fn pages_with_json_ld_postings_are_their_own_source() {
    let html = r#"<html><head><title>  Jobs at
        Umbrella  </title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization"}</script>
        <SCRIPT TYPE="application/ld+json">
        {"@context":"https://schema.org","@type":"JobPosting","title":"Rust Engineer"}
        </SCRIPT></head></html>"#;
    let r = found("https://umbrella.example/careers", html);
    assert_eq!(
        (r.spec.as_str(), r.name.as_str(), r.kind.as_str()),
        ("jsonld:https://umbrella.example/careers", "Umbrella", "jsonld")
    );
    let only_js = r#"<script>var x = {"@type": "JobPosting"};</script>"#;
    assert_eq!(from_page("https://x.example/", only_js), Err(NOTHING_FOUND.to_owned()), "not JSON-LD");
}

#[test]
fn pages_with_a_feed_resolve_its_relative_address() {
    let html = r#"<head><title>Stark Industries | Careers</title>
        <link rel="alternate" type="application/rss+xml" title="Blog" href="/blog/feed">
        <link rel="alternate" type="application/atom+xml" title="Open positions" href="jobs.atom"></head>"#;
    let r = found("https://stark.example/careers/", html);
    assert_eq!(
        (r.spec.as_str(), r.name.as_str(), r.kind.as_str()),
        ("feed:https://stark.example/careers/jobs.atom", "Stark Industries", "feed"),
        "a job feed wins over the blog's"
    );
    let html = r#"<link rel="alternate" type="application/rss+xml" href="/feed.xml">"#;
    assert_eq!(found("https://wayne.example/jobs", html).spec, "feed:https://wayne.example/feed.xml");
    assert_eq!(found("https://wayne.example/jobs", html).name, "wayne.example", "no title: the host");
}

#[test]
fn pages_with_nothing_say_what_was_looked_for() {
    let html = r#"<html><head><title>Hello</title><link rel="stylesheet" href="/a.css"></head>
        <body><a href="https://example.org/">a link</a></body></html>"#;
    let err = from_page("https://plain.example/", html).unwrap_err();
    assert_eq!(err, NOTHING_FOUND);
    for words in ["Greenhouse, Lever or Ashby", "schema.org", "job feed"] {
        assert!(err.contains(words), "{err}");
    }
}

fn fetcher(base_urls: HashMap<Board, String>) -> Fetcher {
    let config = FetchConfig {
        base_urls,
        min_interval_per_host: Duration::ZERO,
        timeout: Duration::from_secs(5),
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

#[tokio::test]
async fn a_careers_page_resolves_and_the_board_is_counted_over_http() {
    let server = FixtureServer::default();
    let page = r#"<html><head><title>Work with us</title></head><body>
        <script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script></body></html>"#;
    server.route("/careers", vec![Reply::body("text/html; charset=utf-8", page)]);
    server.route("/v1/boards/acme/jobs?content=true", vec![Reply::json(fixture("greenhouse-acme.json"))]);
    let base = server.start().await;
    let f = fetcher(HashMap::from([(Board::Greenhouse, base.clone())]));

    let r = resolve(&f, &format!("{base}/careers")).await.unwrap();
    assert_eq!(r.spec, "greenhouse:acme");
    assert_eq!(r.kind, "greenhouse");
    assert_eq!(r.open_jobs, Some(2));
    assert_eq!(r.name, "Acme Robotics", "the company's name comes from the board's jobs");
    assert_eq!(server.requests("/careers")[0].headers["accept"], "text/html");

    // A board address goes to the board's (overridden) API, never to the pasted host.
    let r = resolve(&f, "https://boards.greenhouse.io/acme/jobs/1").await.unwrap();
    assert_eq!((r.spec.as_str(), r.open_jobs), ("greenhouse:acme", Some(2)));

    // A board that cannot be counted still resolves.
    let r = resolve(&f, "https://boards.greenhouse.io/gone").await.unwrap();
    assert_eq!((r.spec.as_str(), r.open_jobs), ("greenhouse:gone", None));

    // A page with JSON-LD postings is counted from the page already read.
    server.route("/jobs", vec![Reply::body("text/html", fixture("careers.html"))]);
    let r = resolve(&f, &format!("{base}/jobs")).await.unwrap();
    assert_eq!((r.spec.clone(), r.kind.as_str()), (format!("jsonld:{base}/jobs"), "jsonld"));
    assert_eq!((r.open_jobs, r.name.as_str()), (Some(2), "Umbrella Labs"));
    assert_eq!(server.requests("/jobs").len(), 1);

    server.route("/plain", vec![Reply::body("text/html", "<title>Nothing</title>")]);
    match resolve(&f, &format!("{base}/plain")).await {
        Err(Error::Invalid(msg)) => assert_eq!(msg, NOTHING_FOUND),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn only_web_addresses_are_resolved() {
    let f = fetcher(HashMap::new());
    for bad in ["notaurl", "ftp://jobs.lever.co/x", "file:///etc/passwd", "", "mailto:jobs@example.com"] {
        match resolve(&f, bad).await {
            Err(Error::Invalid(msg)) => assert!(msg.starts_with("url: "), "{bad}: {msg}"),
            other => panic!("{bad}: expected Invalid, got {other:?}"),
        }
    }
}

#[test]
fn any_page_text_is_read_without_panicking() {
    let pieces = [
        "<",
        ">",
        "\"",
        "'",
        "=",
        " ",
        "<!--",
        "-->",
        "<a href=",
        "<link rel=alternate type=application/rss+xml href=",
        "<script type=\"application/ld+json\">",
        "</script>",
        "JobPosting",
        "<title>",
        "</title>",
        "ü",
        "€",
        "🦀",
        "greenhouse.io/embed/job_board?for=",
        "&amp;",
        "https://jobs.lever.co/",
        "x",
        "/",
    ];
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..3000 {
        let html: String = (0..rng.usize(0..40)).map(|_| pieces[rng.usize(0..pieces.len())]).collect();
        let _ = from_page("https://fuzz.example/page", &html);
    }
}
