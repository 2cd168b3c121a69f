//! The board corpus (`tests/fixtures/boards/real/`, provenance in its SOURCES.md): every
//! posting of every payload parsed and compared, field by field, with the expected normalized
//! fields in `expected/<file>.json`. Those files were read against the payloads by hand; they
//! are the statement of what each posting says. `UPDATE_REAL_EXPECTED=1` rewrites them from
//! the parser (then read the diff: each change must be right for the posting).

use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::sources::SourceSpec;
use serde_json::{json, Value};

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/boards/real")
}

/// The spec a payload file is read with: `<board>-<company>.<ext>`.
fn spec_for(file: &str) -> SourceSpec {
    let stem = file.split('.').next().unwrap();
    let (board, company) = stem.split_once('-').unwrap();
    let spec = match board {
        "greenhouse" | "lever" | "ashby" => format!("{board}:{company}"),
        "jsonld" | "feed" => format!("{board}:https://{company}.example/jobs"),
        other => other.to_owned(),
    };
    SourceSpec::parse(&spec).unwrap()
}

/// The fields the corpus pins down, in a stable JSON form.
fn normalized(p: &Posting) -> Value {
    json!({
        "id": p.source_job_id,
        "title": p.title,
        "company": p.company,
        "location": p.location,
        "locations": p.locations,
        "workplace": p.workplace,
        "remote": p.remote,
        "employment_type": p.employment_type,
        "salary": p.salary,
        "posted_at": p.posted_at.map(|t| t.to_rfc3339()),
        "url": p.url,
        "apply_url": p.apply_url,
        "tags": p.tags,
        "warnings": p.warnings,
    })
}

#[test]
fn every_posting_of_the_corpus_has_exactly_its_expected_fields() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") || n.ends_with(".xml") || n.ends_with(".html"))
        .collect();
    files.sort();
    assert!(files.len() >= 18, "two payloads per adapter: {files:?}");
    let update = std::env::var_os("UPDATE_REAL_EXPECTED").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let body = std::fs::read_to_string(dir().join(file)).unwrap();
        let page = spec_for(file).parse_page(&body).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got: Vec<Value> = page.postings.iter().map(normalized).collect();
        let got = json!({ "next": page.next, "postings": got });
        let expected_path = dir().join("expected").join(format!("{file}.json"));
        if update {
            std::fs::write(&expected_path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap();
        if got != expected {
            failures.push(format!("{file}:\n got {}\n want {}", got, expected));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn descriptions_are_clean_text() {
    for file in ["remoteok-cablebahamas.json", "greenhouse-gitlab.json", "lever-spotify.json"] {
        let body = std::fs::read_to_string(dir().join(file)).unwrap();
        for p in spec_for(file).parse_page(&body).unwrap().postings {
            let text = &p.description_text;
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{file} {}: control characters",
                p.source_job_id
            );
            assert!(
                !text.contains('â') && !text.contains("&lt;") && !text.contains("<p"),
                "{file} {}: {text}",
                p.source_job_id
            );
        }
    }
    let body = std::fs::read_to_string(dir().join("remoteok-cablebahamas.json")).unwrap();
    let page = spec_for("remoteok-cablebahamas.json").parse_page(&body).unwrap();
    assert!(
        page.postings[0].description_text.contains("we\u{2019}re"),
        "{}",
        page.postings[0].description_text
    );
    // Lever's additional section is part of the description (it carries the pay range).
    let body = std::fs::read_to_string(dir().join("lever-spotify.json")).unwrap();
    let page = spec_for("lever-spotify.json").parse_page(&body).unwrap();
    assert!(page.postings[0].description_text.contains("$116,994 - $167,135 USD"));
}

/// Over real HTTP: Lever's API names no company; the board page's title does, and replaces
/// the slug and its warning. A board page that cannot be read leaves both.
#[tokio::test]
async fn lever_and_ashby_companies_come_from_the_board_page_title() {
    use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query};
    use jobhunter_jobs::sources::Board;
    use jobhunter_testkit::{FixtureServer, Reply};

    let read = |f: &str| std::fs::read_to_string(dir().join(f)).unwrap();
    let server = FixtureServer::default();
    server.route("/v0/postings/spotify?mode=json", vec![Reply::json(read("lever-spotify.json"))]);
    server.route(
        "/spotify",
        vec![Reply::body("text/html", "<html><head><title>Spotify</title></head><body></body></html>")],
    );
    server.route(
        "/posting-api/job-board/notion?includeCompensation=true",
        vec![Reply::json(read("ashby-notion.json"))],
    );
    server.route("/notion", vec![Reply::body("text/html", "<title>Jobs at Notion</title>")]);
    server.route("/v0/postings/plaid?mode=json", vec![Reply::json(read("lever-plaid.json"))]);
    server.route("/plaid", vec![Reply::status(404)]);
    let base = server.start().await;
    let config = FetchConfig {
        base_urls: [(Board::Lever, base.clone()), (Board::Ashby, base.clone())].into_iter().collect(),
        min_interval_per_host: std::time::Duration::ZERO,
        ..Default::default()
    };
    let fetcher = Fetcher::new(config).unwrap();
    let search = |spec: &str| {
        let (fetcher, spec) = (fetcher.clone(), SourceSpec::parse(spec).unwrap());
        async move { fetcher.search(&spec, &Query::default()).await.unwrap() }
    };
    for (spec, name) in [("lever:spotify", "Spotify"), ("ashby:notion", "Notion")] {
        let postings = search(spec).await;
        assert!(!postings.is_empty());
        for p in &postings {
            assert_eq!(p.company, name, "{spec}");
            assert!(p.warnings.iter().all(|w| w.field != "company"), "{spec}: {:?}", p.warnings);
        }
    }
    let plaid = search("lever:plaid").await;
    assert!(plaid.iter().all(|p| p.company == "plaid"), "the slug, last resort");
    assert!(plaid.iter().all(|p| p.warnings.iter().any(|w| w.field == "company")), "and it says so");
    assert_eq!(server.requests("/spotify").len(), 1, "one board page read per search");
}
