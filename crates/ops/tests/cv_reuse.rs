//! Documents do not pile up: `generate_cv` (and `generate_cover_letter`) called again for a job
//! whose posting and profile did not change returns the pair it made before (same ids, same
//! files, approval kept) instead of writing a new PDF + Markdown pair; a changed profile or job
//! description makes a new pair.

mod common;

use std::path::Path;

use chrono::{TimeZone, Utc};
use common::{open, TestEngine};
use jobhunter_engine::{Registry, Task};
use jobhunter_ops::documents::{self, generate_cover_letter, generate_cv, CvOutput, GenerateInput};

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn profile_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json"))
        .unwrap()
}

/// An engine with the ops, the fixture profile as the default, and job `job-1`.
async fn setup() -> TestEngine {
    let mut registry = Registry::new();
    jobhunter_ops::register(&mut registry);
    let t = open(registry, start()).await;
    let pool = t.engine.store().pool();
    jobhunter_ops::profile::import(pool, &profile_text(), start()).await.unwrap();
    let now = start().to_rfc3339();
    sqlx::query(
        "INSERT INTO jobs (id, dedupe_key, title, company, description_text, first_seen, last_seen) \
         VALUES ('job-1', 'acme|rust engineer', 'Rust Engineer', 'Acme GmbH', \
         'Build data pipelines in Rust and Python.', ?, ?)",
    )
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    t
}

async fn cv(t: &TestEngine) -> CvOutput {
    let input = GenerateInput { job_id: "job-1".into(), profile_id: None };
    Task::new(&generate_cv()).call(&t.engine, input).await.unwrap()
}

async fn document_count(t: &TestEngine) -> usize {
    documents::list(t.engine.store().pool(), Some("job-1")).await.unwrap().len()
}

/// Document files under the job's document folder (a CV's `.sources.json` sibling, where each
/// of its lines comes from, is not a document; it is checked to be there for every CV PDF).
fn files(t: &TestEngine) -> usize {
    let names: Vec<String> = std::fs::read_dir(t.engine.data_dir().join("documents").join("job-1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for pdf in names.iter().filter(|n| n.starts_with("cv-") && n.ends_with(".pdf")) {
        let sources = pdf.replace(".pdf", ".sources.json");
        assert!(names.contains(&sources), "{pdf} has no {sources}: {names:?}");
    }
    names.iter().filter(|n| !n.ends_with(".sources.json")).count()
}

#[tokio::test]
async fn an_unchanged_job_and_profile_reuse_the_cv_and_keep_its_approval() {
    let t = setup().await;
    let first = cv(&t).await;
    assert!(!first.reused);
    assert_eq!((document_count(&t).await, files(&t)), (2, 2));
    let pool = t.engine.store().pool();
    documents::approve(pool, &first.cv_id, start()).await.unwrap();

    let again = cv(&t).await;
    assert!(again.reused, "{again:?}");
    assert_eq!((&again.cv_id, &again.markdown_id), (&first.cv_id, &first.markdown_id));
    assert_eq!((&again.path, &again.markdown_path), (&first.path, &first.markdown_path));
    assert_eq!((document_count(&t).await, files(&t)), (2, 2), "no new pair was written");
    let pdf = documents::get(pool, &again.cv_id).await.unwrap();
    assert!(pdf.approved, "still approved");
    assert_eq!(documents::newest_approved_cv(pool, "job-1").await.unwrap(), Some(first.cv_id.clone()));

    // A third call is the same; the cover letter is reused the same way.
    assert_eq!(cv(&t).await.cv_id, first.cv_id);
    let input = GenerateInput { job_id: "job-1".into(), profile_id: None };
    let letter = Task::new(&generate_cover_letter()).call(&t.engine, input.clone()).await.unwrap();
    let letter_again = Task::new(&generate_cover_letter()).call(&t.engine, input).await.unwrap();
    assert!(!letter.reused && letter_again.reused);
    assert_eq!(letter_again.cover_letter_id, letter.cover_letter_id);
    assert_eq!(document_count(&t).await, 4);
}

#[tokio::test]
async fn a_changed_job_description_makes_a_new_pair() {
    let t = setup().await;
    let first = cv(&t).await;
    sqlx::query(
        "UPDATE jobs SET description_text = 'Build streaming systems in Rust and Kafka.' WHERE id = 'job-1'",
    )
    .execute(t.engine.store().pool())
    .await
    .unwrap();
    let second = cv(&t).await;
    assert!(!second.reused);
    assert_ne!(second.cv_id, first.cv_id);
    assert_ne!(second.path, first.path);
    assert_eq!((document_count(&t).await, files(&t)), (4, 4));
    // Unchanged from now on: the new pair is the one reused.
    assert_eq!(cv(&t).await.cv_id, second.cv_id);
}

#[tokio::test]
async fn a_changed_profile_makes_a_new_pair() {
    let t = setup().await;
    let pool = t.engine.store().pool();
    let first = cv(&t).await;

    // The same profile row, edited.
    let mut doc: serde_json::Value = serde_json::from_str(&profile_text()).unwrap();
    doc["basics"]["summary"] = "Engineer who ships reliable data systems.".into();
    sqlx::query("UPDATE profiles SET document = ? WHERE is_default = 1")
        .bind(doc.to_string())
        .execute(pool)
        .await
        .unwrap();
    let edited = cv(&t).await;
    assert!(!edited.reused);
    assert_ne!(edited.cv_id, first.cv_id);
    assert_eq!(document_count(&t).await, 4);

    // A newly imported profile (a new default) too.
    doc["basics"]["label"] = "Staff Data Engineer".into();
    jobhunter_ops::profile::import(pool, &doc.to_string(), start()).await.unwrap();
    let imported = cv(&t).await;
    assert!(!imported.reused);
    assert!(![&first.cv_id, &edited.cv_id].contains(&&imported.cv_id));
    assert_eq!(document_count(&t).await, 6);
}

#[tokio::test]
async fn a_pair_whose_file_was_deleted_is_made_again() {
    let t = setup().await;
    let first = cv(&t).await;
    std::fs::remove_file(&first.path).unwrap();
    let second = cv(&t).await;
    assert!(!second.reused);
    assert_ne!(second.cv_id, first.cv_id);
    assert!(Path::new(&second.path).is_file());
}
