//! Import, re-import and cross-source de-duplication on a real SQLite file (the engine's
//! migrated database).

use chrono::{Duration, TimeZone, Utc};
use jobhunter_jobs::process::process_jobs;
use jobhunter_jobs::sources::SourceSpec;
use jobhunter_jobs::store::{get_job, import_postings, list_jobs};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/boards/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn reimport_updates_and_two_boards_become_one_job() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();

    let greenhouse =
        SourceSpec::parse("greenhouse:acme").unwrap().parse_page(&fixture("greenhouse-acme.json")).unwrap();
    let first = import_postings(pool, &greenhouse.postings, t0).await.unwrap();
    assert_eq!(first.created, 2);

    let again = import_postings(pool, &greenhouse.postings, t0 + Duration::days(1)).await.unwrap();
    assert_eq!(again.created, 0, "the same postings are updated, not duplicated");
    assert_eq!(again.job_ids, first.job_ids);
    let job = get_job(pool, &first.job_ids[0]).await.unwrap();
    assert_eq!(job.first_seen, t0);
    assert_eq!(job.last_seen, t0 + Duration::days(1));
    assert_eq!(job.found_on.len(), 1);

    // The same posting on another board, a day later.
    let mut elsewhere = greenhouse.postings[0].clone();
    elsewhere.source = "lever:acme-robotics".into();
    elsewhere.source_job_id = "lv-1".into();
    elsewhere.company = "ACME Robotics GmbH".into();
    elsewhere.title = "Senior Rust Engineer (m/w/d)".into();
    elsewhere.location = Some("Berlin".into());
    elsewhere.apply_email = Some("jobs@acme.example".into());
    let second = import_postings(pool, &[elsewhere], t0 + Duration::days(2)).await.unwrap();
    assert_eq!(second.created, 1);

    let mut ids = first.job_ids.clone();
    ids.extend(second.job_ids.clone());
    let processed = process_jobs(pool, &ids, t0 + Duration::days(2)).await.unwrap();
    assert_eq!(processed.duplicates_merged, 1);
    assert_eq!(processed.processed_job_ids, first.job_ids, "the duplicate resolves to the older job");

    let merged = get_job(pool, &second.job_ids[0]).await.unwrap();
    assert_eq!(merged.id, first.job_ids[0]);
    let sources: Vec<_> = merged.found_on.iter().map(|f| f.source.as_str()).collect();
    assert_eq!(sources, ["greenhouse:acme", "lever:acme-robotics"]);
    assert_eq!(merged.first_seen, t0);
    assert_eq!(merged.last_seen, t0 + Duration::days(2));
    assert_eq!(merged.apply_email.as_deref(), Some("jobs@acme.example"), "filled from the duplicate");
    assert!(merged.processed);
    assert!(merged.skills.contains(&"rust".to_string()) && merged.skills.contains(&"kubernetes".to_string()));
    assert_eq!(merged.language.as_deref(), Some("en"));

    let listed = list_jobs(pool, 0, 0).await.unwrap();
    assert_eq!(listed.len(), 2, "merged jobs are not listed twice");

    // Seeing the Greenhouse posting again refreshes only its own sighting.
    let again = import_postings(pool, &greenhouse.postings[..1], t0 + Duration::days(3)).await.unwrap();
    assert_eq!((again.created, again.job_ids[0].as_str()), (0, first.job_ids[0].as_str()));
    let job = get_job(pool, &first.job_ids[0]).await.unwrap();
    let seen: Vec<_> = job.found_on.iter().map(|f| (f.source.as_str(), f.last_seen)).collect();
    assert_eq!(
        seen,
        [("greenhouse:acme", t0 + Duration::days(3)), ("lever:acme-robotics", t0 + Duration::days(2))]
    );
    assert_eq!(job.last_seen, t0 + Duration::days(3));

    // The same posting twice in one batch is one job.
    let mut twice = greenhouse.postings[1].clone();
    twice.source_job_id = "new-1".into();
    let batch = import_postings(pool, &[twice.clone(), twice], t0 + Duration::days(4)).await.unwrap();
    assert_eq!(batch.created, 1);
    assert_eq!(batch.job_ids[0], batch.job_ids[1]);
}

/// Parallel scrapes import at the same time: write transactions start IMMEDIATE so they wait
/// for each other (busy timeout) instead of failing with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_imports_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let page =
        SourceSpec::parse("greenhouse:acme").unwrap().parse_page(&fixture("greenhouse-acme.json")).unwrap();
    let mut handles = Vec::new();
    for i in 0..8 {
        let pool = engine.store().pool().clone();
        let mut postings = page.postings.clone();
        for p in &mut postings {
            p.source = format!("greenhouse:acme{i}");
        }
        handles.push(tokio::spawn(async move { import_postings(&pool, &postings, Utc::now()).await }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap().unwrap().created, 2);
    }
    assert_eq!(list_jobs(engine.store().pool(), 100, 0).await.unwrap().len(), 16);
}
