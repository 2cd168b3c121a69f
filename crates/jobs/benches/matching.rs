//! Matching and processing at scale, on synthetic postings (deterministic):
//!   * scoring 10,000 jobs against a profile (target: under 200 ms)
//!   * importing and processing/de-duplicating 10,000 postings in SQLite (target: under 1 s)
//!
//! Run: `cargo bench -p jobhunter-jobs --bench matching`. Ends with `match_10k_ms=N`,
//! `process_10k_ms=N`.

use std::time::Instant;

use chrono::Utc;
use jobhunter_jobs::matching::facts::PostingFacts;
use jobhunter_jobs::matching::{MatchInput, Matcher};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::process::{extract_skills, process_jobs};
use jobhunter_jobs::profile::Profile;
use jobhunter_jobs::store::import_postings;

const TITLES: &[&str] = &[
    "Senior Rust Engineer",
    "Backend Developer",
    "Data Engineer",
    "Frontend Developer (React)",
    "DevOps Engineer",
    "Machine Learning Engineer",
    "Product Manager",
    "Site Reliability Engineer",
    "Full Stack Developer",
    "Embedded Software Engineer",
];
const COMPANIES: &[&str] = &["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark", "Wayne", "Cyberdyne"];
const PLACES: &[&str] = &["Berlin", "Munich", "Remote", "Hamburg", "Lisbon", "Amsterdam"];
const SENTENCES: &[&str] = &[
    "You will build services in Rust with Tokio and PostgreSQL.",
    "Our stack is Python, Django, Kafka and Kubernetes on AWS.",
    "We ship React and TypeScript front ends with GraphQL APIs.",
    "Experience with Docker, Terraform and CI/CD pipelines is a plus.",
    "You care about distributed systems, observability with Prometheus and Grafana.",
    "Work with machine learning models in PyTorch and deploy them at scale.",
    "We offer flexible hours, a learning budget and a friendly team.",
    "You will collaborate with product, design and the community.",
];

fn posting(i: usize) -> Posting {
    let mut description = String::new();
    for k in 0..12 {
        description.push_str(SENTENCES[(i * 7 + k * 3) % SENTENCES.len()]);
        description.push(' ');
    }
    Posting {
        source: format!("bench:{}", i % 3),
        source_job_id: i.to_string(),
        title: TITLES[i % TITLES.len()].to_owned(),
        // Every third posting repeats an earlier one on another board (same company/title/place).
        company: COMPANIES[(i / 3) % COMPANIES.len()].to_owned(),
        location: Some(PLACES[(i / 3) % PLACES.len()].to_owned()),
        remote: Some(i.is_multiple_of(5)),
        employment_type: None,
        salary: None,
        description_text: description,
        description_html: None,
        url: None,
        apply_url: None,
        apply_email: None,
        posted_at: None,
        tags: vec![],
        ..Default::default()
    }
}

fn main() {
    let profile = Profile::from_json(
        r#"{"basics": {"name": "Ada", "label": "Backend Engineer"},
            "skills": [{"name": "Rust", "level": "Expert", "keywords": ["Tokio", "SQLx", "PostgreSQL"]},
                       {"name": "Kubernetes"}, {"name": "Python"}],
            "preferences": {"keywords": ["rust", "backend", "distributed"], "locations": ["Berlin"],
                            "remote_ok": true, "must_have_skills": ["rust"]}}"#,
    )
    .unwrap();
    let postings: Vec<Posting> = (0..10_000).map(posting).collect();
    let skills: Vec<Vec<String>> =
        postings.iter().map(|p| extract_skills(&format!("{}\n{}", p.title, p.description_text))).collect();
    let inputs: Vec<MatchInput<'_>> = postings
        .iter()
        .zip(&skills)
        .map(|(p, s)| MatchInput {
            id: &p.source_job_id,
            title: &p.title,
            company: &p.company,
            description: &p.description_text,
            location: p.location.as_deref(),
            locations: &p.locations,
            remote: p.remote,
            workplace: p.workplace,
            skills: s,
            salary: p.salary.as_ref(),
            language: None,
            facts: None,
        })
        .collect();

    // Each posting's text is read once, as a stored job's is at its first match
    // (`matching::facts`); every match after that only compares.
    let t = Instant::now();
    let facts: Vec<PostingFacts> = inputs.iter().map(PostingFacts::read).collect();
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("read 10,000 postings' facts once: {read_ms:.0} ms");
    let inputs: Vec<MatchInput<'_>> =
        inputs.iter().zip(&facts).map(|(i, f)| MatchInput { facts: Some(f), ..i.clone() }).collect();

    let matcher = Matcher::new(&profile);
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = matcher.score_all(&inputs);
        runs.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(out.len(), 10_000);
    }
    runs.sort_by(f64::total_cmp);
    let match_ms = runs[runs.len() / 2];
    println!("match 10,000 jobs (median of 5): {match_ms:.1} ms  all: {runs:.1?}");

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let process_ms = runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
        let pool = engine.store().pool();
        let t = Instant::now();
        let imported = import_postings(pool, &postings, Utc::now()).await.unwrap();
        let import_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let processed = process_jobs(pool, &imported.job_ids, Utc::now()).await.unwrap();
        let process_ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "import 10,000 postings: {import_ms:.0} ms; process + de-duplicate: {process_ms:.0} ms \
             ({} merged, {} jobs left)",
            processed.duplicates_merged,
            processed.processed_job_ids.len()
        );
        process_ms
    });
    println!("match_10k_ms={match_ms:.1}");
    println!("read_facts_10k_ms={read_ms:.0}");
    println!("process_10k_ms={process_ms:.0}");
}
