//! Adapters against fixture payloads in each board's documented shape, traps included.

use jobhunter_jobs::posting::{SalaryInterval, SalarySource};
use jobhunter_jobs::sources::SourceSpec;
use jobhunter_jobs::Error;

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/boards/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn greenhouse_double_escaped_content_and_parsed_salary() {
    let spec = SourceSpec::parse("greenhouse:acme").unwrap();
    let page = spec.parse_page(&fixture("greenhouse-acme.json")).unwrap();
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!(p.source, "greenhouse:acme");
    assert_eq!(p.source_job_id, "4012345");
    assert_eq!(p.company, "Acme Robotics");
    assert_eq!(p.title, "Senior Rust Engineer");
    assert!(
        p.description_text.starts_with("We build Rust services with Tokio & PostgreSQL."),
        "{}",
        p.description_text
    );
    assert!(p.description_text.contains("- Kubernetes"));
    assert!(p.description_html.as_deref().unwrap().starts_with("<p>We build <strong>Rust</strong>"));
    let salary = p.salary.as_ref().unwrap();
    assert_eq!((salary.min, salary.max), (Some(70_000.0), Some(90_000.0)));
    assert_eq!(salary.currency.as_deref(), Some("EUR"));
    assert_eq!(salary.interval, Some(SalaryInterval::Year));
    assert_eq!(salary.source, SalarySource::Parsed);
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-18T14:00:00+00:00");
    assert_eq!(p.tags, ["Engineering"]);
    assert_eq!(page.postings[1].company, "acme", "falls back to the board name");
    assert_eq!(page.postings[1].remote, Some(true));
}

#[test]
fn lever_epoch_milliseconds_and_stated_salary() {
    let spec = SourceSpec::parse("lever:globex").unwrap();
    let page = spec.parse_page(&fixture("lever-globex.json")).unwrap();
    let p = &page.postings[0];
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2025-11-18T10:00:00+00:00");
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert!(p.description_text.contains("Join the platform team.") && p.description_text.contains("- Rust"));
    let salary = p.salary.as_ref().unwrap();
    assert_eq!(
        (salary.min, salary.max, salary.source),
        (Some(85_000.0), Some(110_000.0), SalarySource::Stated)
    );
    assert_eq!(salary.interval, Some(SalaryInterval::Year));
    let sales = &page.postings[1];
    let parsed = sales.salary.as_ref().unwrap();
    assert_eq!((parsed.min, parsed.max, parsed.source), (None, Some(95_000.0), SalarySource::Parsed));
}

#[test]
fn remoteok_skips_the_legal_notice() {
    let spec = SourceSpec::parse("remoteok").unwrap();
    let page = spec.parse_page(&fixture("remoteok.json")).unwrap();
    assert_eq!(page.postings.len(), 2, "element 0 is a legal notice");
    let p = &page.postings[0];
    assert_eq!((p.source_job_id.as_str(), p.company.as_str()), ("1001", "Initech"));
    assert_eq!(p.posted_at.unwrap().timestamp(), 1_763_800_000);
    assert_eq!(p.salary.as_ref().unwrap().max, Some(120_000.0));
    assert_eq!(page.postings[1].source_job_id, "1002", "numeric ids too");
    assert!(page.postings[1].salary.is_none(), "0/0 means no salary");
}

#[test]
fn malformed_payloads_fail_with_a_clear_error() {
    let spec = SourceSpec::parse("greenhouse:acme").unwrap();
    let err = spec.parse_page(r#"{"jobs": [{"id": "x", "title": 1}]}"#).unwrap_err().to_string();
    assert!(err.starts_with("greenhouse:acme: malformed payload: jobs[0].id: invalid type"), "{err}");
    let err = spec.parse_page("<html>maintenance</html>").unwrap_err().to_string();
    assert!(err.starts_with("greenhouse:acme: malformed payload"), "{err}");
    let err = SourceSpec::parse("remoteok").unwrap().parse_page(r#"[{}, {"position": "x"}]"#).unwrap_err();
    assert!(err.to_string().contains("[1]."), "{err}");
}

#[test]
fn ashby_structured_salary_beats_equity_and_summary_text_is_parsed() {
    let spec = SourceSpec::parse("ashby:initech").unwrap();
    let page = spec.parse_page(&fixture("ashby-initech.json")).unwrap();
    let titles: Vec<_> = page.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Senior Rust Engineer", "Data Analyst", "Support Engineer"], "unlisted skipped");
    assert!(page.next.is_none());

    let p = &page.postings[0];
    assert_eq!(p.source, "ashby:initech");
    assert_eq!(p.source_job_id, "0b7c9f3e-1111-4c2a-8d1e-000000000001");
    assert_eq!(p.company, "initech");
    assert_eq!((p.location.as_deref(), p.remote), (Some("Berlin"), Some(true)));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-20T08:15:00+00:00");
    assert_eq!(p.description_text, "Own our Rust ingestion services.\n- Tokio\n- PostgreSQL");
    assert!(p.apply_url.as_deref().unwrap().ends_with("/application"));
    assert_eq!(p.tags, ["Engineering", "Platform"]);
    // The equity component (0.5–1.0) comes first and is not a salary.
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(120_000.0), Some(150_000.0), Some("EUR")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Stated));

    let analyst = &page.postings[1];
    assert_eq!(analyst.source_job_id, "7c0d5a12-2222-4b3b-9c9c-000000000002", "id from the job URL");
    assert_eq!((analyst.remote, analyst.employment_type.as_deref()), (Some(false), Some("Part-time")));
    assert_eq!(analyst.description_text, "Dashboards & forecasts.", "empty plain text falls back to HTML");
    let s = analyst.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(120_000.0), Some(150_000.0), Some("USD")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Parsed));

    let support = &page.postings[2];
    assert!(support.salary.is_none(), "'5+ years' is not a salary");
    assert_eq!(support.employment_type.as_deref(), Some("Contract"));
}

#[test]
fn arbeitnow_epoch_seconds_and_next_link() {
    let spec = SourceSpec::parse("arbeitnow").unwrap();
    let page = spec.parse_page(&fixture("arbeitnow-page1.json")).unwrap();
    assert_eq!(page.next.as_deref(), Some("https://www.arbeitnow.com/api/job-board-api?page=2"));
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!(p.source_job_id, "backend-entwickler-rust-berlin-123456");
    assert_eq!(p.company, "Nordlicht Software GmbH");
    // created_at is epoch SECONDS: 2026, not 1970 (as if ms) nor year 58000 (as if s*1000).
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-20T12:00:00+00:00");
    assert_eq!((p.location.as_deref(), p.remote), (Some("Berlin"), Some(false)));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.tags, ["Software Development", "IT", "Berufserfahren"]);
    assert!(
        p.description_text.starts_with("Wir suchen Verstärkung für unser Rust-Team."),
        "{}",
        p.description_text
    );
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(55_000.0), Some(70_000.0), Some("EUR")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Parsed));
    let designer = &page.postings[1];
    assert_eq!((designer.remote, designer.employment_type.as_deref()), (Some(true), None));
    assert_eq!(designer.description_text, "Remote first & async.");
    assert_eq!(designer.posted_at.unwrap().to_rfc3339(), "2026-11-19T07:30:00+00:00");

    let last = spec.parse_page(&fixture("arbeitnow-page2.json")).unwrap();
    assert!(last.next.is_none(), "next: null ends the pages");
    assert_eq!(last.postings[0].employment_type.as_deref(), Some("Full-time"), "Vollzeit");
}

#[test]
fn remotive_dates_without_zone_are_utc_and_free_text_salary_is_parsed() {
    let spec = SourceSpec::parse("remotive").unwrap();
    let page = spec.parse_page(&fixture("remotive.json")).unwrap();
    assert_eq!(page.postings.len(), 3, "warning and legal-notice keys are not jobs");
    let p = &page.postings[0];
    assert_eq!((p.source_job_id.as_str(), p.company.as_str()), ("1900001", "Hooli"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-20T08:01:02+00:00");
    assert_eq!((p.location.as_deref(), p.remote), (Some("Europe"), Some(true)));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.tags, ["Software Development", "rust", "backend", "aws"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(80_000.0), Some(100_000.0), Some("USD")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Parsed));
    // 23:30 without a zone stays on the 19th (a local-time reading would shift the day).
    assert_eq!(page.postings[1].posted_at.unwrap().to_rfc3339(), "2026-11-19T23:30:00+00:00");
    assert!(page.postings[1].salary.is_none(), "empty salary text");
    assert_eq!(page.postings[1].employment_type.as_deref(), Some("Contract"));
    assert!(page.postings[2].salary.is_none(), "'Competitive' is no figure");
    assert_eq!(page.postings[2].employment_type, None);
}

#[test]
fn bundesagentur_bare_dates_and_missing_result_list() {
    let spec = SourceSpec::parse("bundesagentur").unwrap();
    let page = spec.parse_page(&fixture("bundesagentur.json")).unwrap();
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!(p.source_job_id, "10000-1198765432-S");
    assert_eq!(p.title, "Softwareentwickler Rust (m/w/d)");
    assert_eq!(p.company, "Rheinwerk Digital GmbH");
    assert_eq!(p.location.as_deref(), Some("Köln, Nordrhein-Westfalen, Deutschland"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-21T00:00:00+00:00");
    assert_eq!(p.url.as_deref(), Some("https://www.arbeitsagentur.de/jobsuche/jobdetail/10000-1198765432-S"));
    assert_eq!(p.apply_url, p.url, "no external URL: the job page");
    assert!(p.description_text.contains("Beruf: Softwareentwickler/in"));
    assert!(p.description_text.contains("Eintrittsdatum: 2027-01-01"));
    assert_eq!(p.tags, ["Softwareentwickler/in"]);
    assert!(p.salary.is_none());
    let q = &page.postings[1];
    assert_eq!(q.location.as_deref(), Some("Köln, Deutschland"));
    assert_eq!(q.apply_url.as_deref(), Some("https://jobs.example.test/domstadt/backend-systemintegration"));

    // No hits: the API leaves `stellenangebote` out entirely.
    let empty =
        spec.parse_page(r#"{"maxErgebnisse": "0", "page": "1", "size": "50", "facetten": {}}"#).unwrap();
    assert!(empty.postings.is_empty());
}

#[test]
fn jsonld_graph_arrays_double_escaping_and_stated_salary() {
    let spec = SourceSpec::parse("jsonld:https://umbrella.example.test/careers").unwrap();
    let page = spec.parse_page(&fixture("careers.html")).unwrap();
    let titles: Vec<_> = page.postings.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Staff Rust Engineer", "Laboratory Technician"],
        "@graph and array forms found; the duplicate, the Organization, the plain script and the broken block skipped"
    );
    let p = &page.postings[0];
    assert_eq!(p.source, "jsonld:https://umbrella.example.test/careers");
    assert_eq!(p.source_job_id, "UL-2026-017");
    assert_eq!(p.company, "Umbrella Labs");
    assert_eq!((p.remote, p.location.as_deref()), (Some(true), Some("Germany")));
    assert_eq!(p.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-22T09:00:00+00:00");
    assert_eq!(p.description_text, "Design & build our Rust platform.\n- async Rust", "escaped twice");
    assert!(p
        .description_html
        .as_deref()
        .unwrap()
        .starts_with("<p>Design & build our <strong>Rust</strong>"));
    assert_eq!(p.url.as_deref(), Some("https://umbrella.example.test/careers/staff-rust-engineer"));
    assert_eq!(p.tags, ["Software Engineering"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(95_000.0), Some(125_000.0), Some("EUR")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Stated));

    let lab = &page.postings[1];
    assert_eq!(lab.location.as_deref(), Some("Leipzig, Sachsen, DE"), "the primary place");
    assert_eq!(lab.locations, ["Leipzig, Sachsen, DE", "Dresden, DE"], "every place, primary first");
    assert_eq!(lab.remote, None);
    assert_eq!(lab.employment_type.as_deref(), Some("Full-time, Part-time"));
    assert_eq!(lab.posted_at.unwrap().to_rfc3339(), "2026-11-18T00:00:00+00:00");
    assert_eq!(lab.apply_email.as_deref(), Some("jobs@umbrella.example.test"));
    assert_eq!(lab.url.as_deref(), Some("https://umbrella.example.test/careers"), "no url: the page");
    let s = lab.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.source), (Some(45_000.0), Some(52_000.0), SalarySource::Parsed));

    // A page without JSON-LD has no postings; one whose only block is broken is malformed.
    assert!(spec.parse_page("<html><body>No openings</body></html>").unwrap().postings.is_empty());
    let err = spec.parse_page(r#"<script type="application/ld+json">{"@type": </script>"#).unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("script[0]: not JSON"), "{err}");
    let err = spec
        .parse_page(r#"<script type="application/ld+json">{"@type": "JobPosting"}</script>"#)
        .unwrap_err();
    assert!(err.to_string().ends_with("script[0].title: missing"), "{err}");
}

#[test]
fn rss_feed_items_with_cdata_double_escaping_and_rfc2822_dates() {
    let spec = SourceSpec::parse("feed:https://jobs.example.test/acme/feed.rss").unwrap();
    let page = spec.parse_page(&fixture("feed-rss.xml")).unwrap();
    assert_eq!(page.postings.len(), 3);
    let p = &page.postings[0];
    assert_eq!((p.source_job_id.as_str(), p.title.as_str()), ("acme-42", "Senior Rust Engineer (Remote)"));
    assert_eq!(p.company, "Acme Robotics", "dc:creator");
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-24T08:30:00+00:00");
    assert_eq!(p.url.as_deref(), Some("https://jobs.example.test/acme/42"));
    assert_eq!(p.remote, Some(true));
    assert_eq!(p.tags, ["Engineering", "Rust"]);
    assert_eq!(p.description_text, "Build robots in Rust.\nSalary: €70,000 - €90,000 per year.");
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(70_000.0), Some(90_000.0), Some("EUR")));
    assert_eq!(s.source, SalarySource::Parsed);

    let office = &page.postings[1];
    assert_eq!(office.source_job_id, "https://jobs.example.test/acme/43", "no guid: the link");
    assert_eq!(office.company, "Acme Jobs", "a bare author address falls back to the feed title");
    assert_eq!(office.description_text, "Run the office & the events.", "escaped twice inside XML");
    assert_eq!(office.description_html.as_deref(), Some("<p>Run the office & the events.</p>"));
    assert_eq!(office.posted_at.unwrap().to_rfc3339(), "2026-11-23T08:00:00+00:00");

    let sales = &page.postings[2];
    assert_eq!(sales.company, "Acme Sales GmbH", "the name in 'email (Name)'");
    assert_eq!(
        sales.description_text, "About\nGrow our accounts across the DACH region.",
        "content:encoded wins"
    );
    let s = sales.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(95_000.0), Some(110_000.0), Some("USD")));
}

#[test]
fn atom_feed_entries_with_links_authors_and_xhtml_content() {
    let spec = SourceSpec::parse("feed:https://jobs.example.test/globex/feed.atom").unwrap();
    let page = spec.parse_page(&fixture("feed-atom.xml")).unwrap();
    assert_eq!(page.postings.len(), 2);
    let p = &page.postings[0];
    assert_eq!(p.title, "Platform Engineer & SRE");
    assert_eq!(p.source_job_id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
    assert_eq!(
        p.url.as_deref(),
        Some("https://jobs.example.test/globex/jobs/1001"),
        "rel=alternate, not related"
    );
    assert_eq!(p.company, "Globex Corporation", "the feed's author");
    assert_eq!(p.posted_at.unwrap().to_rfc3339(), "2026-11-23T23:00:00+00:00");
    assert_eq!(p.tags, ["Infrastructure"]);
    let s = p.salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.currency.as_deref()), (Some(140_000.0), Some(160_000.0), Some("USD")));
    assert_eq!((s.interval, s.source), (Some(SalaryInterval::Year), SalarySource::Parsed));

    let go = &page.postings[1];
    assert_eq!(go.company, "Globex Labs", "the entry's author");
    assert_eq!(go.posted_at.unwrap().to_rfc3339(), "2026-11-20T10:00:00+00:00", "published before updated");
    assert_eq!(go.description_text, "Remote-first team.\n- Go\n- gRPC");
    assert_eq!(go.url.as_deref(), Some("https://jobs.example.test/globex/jobs/1002"));
}

#[test]
fn malformed_payloads_of_the_new_adapters_name_source_and_path() {
    let cases = [
        ("ashby:initech", r#"{"jobs": [{"title": "x"}]}"#, "ashby:initech: malformed payload: jobs[0]: missing field `jobUrl`"),
        ("arbeitnow", r#"{"data": [{"slug": "a", "company_name": "b", "title": "c", "created_at": "yesterday"}]}"#, "arbeitnow: malformed payload: data[0].created_at: invalid type"),
        ("remotive", r#"{"jobs": {}}"#, "remotive: malformed payload: jobs: invalid type"),
        ("remotive", r#"{"jobs": [{"id": 1, "title": "t", "company_name": "c", "publication_date": "last week"}]}"#, "remotive: malformed payload: jobs[0].publication_date: 'last week' is not a date"),
        ("bundesagentur", r#"{"stellenangebote": [{"titel": "x"}]}"#, "bundesagentur: malformed payload: stellenangebote[0]: missing field `refnr`"),
        ("feed:https://x.test/f", "<html><body>moved</body></html>", "feed:https://x.test/f: malformed payload: expected an RSS <rss> or Atom <feed> document, found <html>"),
        ("feed:https://x.test/f", "<rss><channel><item><title>a</title></item></channel></rss>", "feed:https://x.test/f: malformed payload: item[0]: no <guid>, <id> or <link>"),
        ("feed:https://x.test/f", "<rss><channel><item><title>a</titel></item></channel></rss>", "feed:https://x.test/f: malformed payload: not well-formed XML"),
    ];
    for (spec, body, expected) in cases {
        let err = SourceSpec::parse(spec).unwrap().parse_page(body).unwrap_err();
        assert!(matches!(err, Error::Malformed { .. }), "{spec}: {err:?}");
        assert!(err.to_string().starts_with(expected), "{spec}: {err}");
    }
}

#[test]
fn one_source_failing_does_not_affect_another() {
    let broken = SourceSpec::parse("arbeitnow").unwrap().parse_page(r#"{"data": "maintenance"}"#);
    assert!(matches!(broken, Err(Error::Malformed { .. })));
    // Parsing is pure and per source: the others still read their payloads.
    let remotive = SourceSpec::parse("remotive").unwrap().parse_page(&fixture("remotive.json")).unwrap();
    assert_eq!(remotive.postings.len(), 3);
    let rss =
        SourceSpec::parse("feed:https://x.test/f").unwrap().parse_page(&fixture("feed-rss.xml")).unwrap();
    assert_eq!(rss.postings.len(), 3);
}
