//! Adapters against fixture payloads in each board's documented shape, traps included.

use jobhunter_jobs::posting::{SalaryInterval, SalarySource};
use jobhunter_jobs::sources::SourceSpec;

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
