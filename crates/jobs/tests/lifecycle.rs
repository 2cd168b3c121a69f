//! Closed, reposted and old postings on a real SQLite file (the engine's migrated database),
//! with the scrape's clock given explicitly: a complete read closes what it misses and reopens
//! what comes back; an incomplete one closes nothing; a job on two whole-list boards closes
//! only when both stopped listing it; a new job with a closed job's company and title is a
//! repost; a Bundesagentur re-list merges into the other board's job.

use chrono::{DateTime, Duration, TimeZone, Utc};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::process::process_jobs;
use jobhunter_jobs::store::lifecycle::after_scrape;
use jobhunter_jobs::store::{get_job, import_postings, list_jobs_where};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap()
}

fn posting(source: &str, id: &str, title: &str) -> Posting {
    Posting {
        source: source.into(),
        source_job_id: id.into(),
        title: title.into(),
        company: "Acme Robotics".into(),
        location: Some("Berlin, Germany".into()),
        description_text: format!("{title} at Acme."),
        ..Posting::default()
    }
}

fn ids(postings: &[Posting]) -> Vec<String> {
    postings.iter().map(|p| p.source_job_id.clone()).collect()
}

/// One scrape as `scrape_jobs` does it: import, then the lifecycle step.
async fn scrape(
    pool: &sqlx::SqlitePool,
    source: &str,
    postings: &[Posting],
    complete: bool,
    at: DateTime<Utc>,
) -> Vec<String> {
    let imported = import_postings(pool, postings, at).await.unwrap();
    after_scrape(pool, source, &ids(postings), complete, &imported.job_ids, at).await.unwrap();
    imported.job_ids
}

#[tokio::test]
async fn missing_from_a_complete_read_closes_and_coming_back_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let board = "greenhouse:acme";
    let rust = posting(board, "1", "Senior Rust Engineer");
    let office = posting(board, "2", "Office Manager");
    let first = scrape(pool, board, &[rust.clone(), office.clone()], true, t0()).await;

    // An incomplete read without the office job (a limit cut, pages left) closes nothing.
    scrape(pool, board, std::slice::from_ref(&rust), false, t0() + Duration::days(1)).await;
    assert_eq!(get_job(pool, &first[1]).await.unwrap().closed_at, None);

    // A complete read without it closes it, at the scrape's time.
    let t2 = t0() + Duration::days(2);
    scrape(pool, board, std::slice::from_ref(&rust), true, t2).await;
    let closed = get_job(pool, &first[1]).await.unwrap();
    assert_eq!(closed.closed_at, Some(t2));
    assert!(!closed.old);
    assert_eq!(get_job(pool, &first[0]).await.unwrap().closed_at, None);
    let open = list_jobs_where(pool, 50, 0, true).await.unwrap();
    assert_eq!(open.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(), [first[0].as_str()]);
    assert_eq!(list_jobs_where(pool, 50, 0, false).await.unwrap().len(), 2, "every job without --open");

    // Listed again under the same id: the same job, open again, and no repost.
    let again = scrape(pool, board, &[rust, office], true, t0() + Duration::days(3)).await;
    assert_eq!(again, first);
    let reopened = get_job(pool, &first[1]).await.unwrap();
    assert_eq!(reopened.closed_at, None);
    assert_eq!(reopened.reposted_from, None);
}

#[tokio::test]
async fn a_job_on_two_whole_list_boards_closes_when_both_dropped_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let gh = posting("greenhouse:acme", "1", "Senior Rust Engineer");
    let lv = posting("lever:acme", "lv-1", "Senior Rust Engineer (m/w/d)");
    let mut job_ids = scrape(pool, "greenhouse:acme", std::slice::from_ref(&gh), true, t0()).await;
    job_ids.extend(scrape(pool, "lever:acme", std::slice::from_ref(&lv), true, t0()).await);
    process_jobs(pool, &job_ids, t0()).await.unwrap();
    let id = get_job(pool, &job_ids[1]).await.unwrap().id;
    assert_eq!(id, job_ids[0], "one job");

    scrape(pool, "greenhouse:acme", &[], true, t0() + Duration::days(1)).await;
    assert_eq!(get_job(pool, &id).await.unwrap().closed_at, None, "Lever still lists it");
    let t2 = t0() + Duration::days(2);
    scrape(pool, "lever:acme", &[], true, t2).await;
    assert_eq!(get_job(pool, &id).await.unwrap().closed_at, Some(t2));
}

#[tokio::test]
async fn a_new_posting_of_a_closed_job_is_a_repost_with_the_earlier_dates() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let board = "greenhouse:acme";
    let mut old = posting(board, "1", "Senior Rust Engineer");
    old.posted_at = Some(t0() - Duration::days(5));
    let first = scrape(pool, board, std::slice::from_ref(&old), true, t0()).await;
    process_jobs(pool, &first, t0()).await.unwrap();
    let t1 = t0() + Duration::days(10);
    scrape(pool, board, &[], true, t1).await;

    // Ten days later the same job under a new id, in another part of town and gendered.
    let t2 = t0() + Duration::days(20);
    let mut repost = posting(board, "7", "Senior Rust Engineer (m/w/d)");
    repost.location = Some("Berlin-Mitte".into());
    let second = scrape(pool, board, std::slice::from_ref(&repost), true, t2).await;
    process_jobs(pool, &second, t2).await.unwrap();
    let job = get_job(pool, &second[0]).await.unwrap();
    assert_ne!(job.id, first[0], "not merged into the closed job");
    assert_eq!(job.reposted_from.as_deref(), Some(first[0].as_str()));
    let earlier = job.earlier_posting.expect("the earlier dates");
    assert_eq!(earlier.first_seen, t0());
    assert_eq!(earlier.closed_at, Some(t1));
    assert_eq!(earlier.posted_at, Some(t0() - Duration::days(5)));
    let json = serde_json::to_value(get_job(pool, &second[0]).await.unwrap()).unwrap();
    assert_eq!(json["reposted_from"], first[0].as_str());
    assert!(json["earlier_posting"]["closed_at"].is_string(), "{json}");

    // Another company's job of the same title is no repost.
    let mut other = posting(board, "8", "Senior Rust Engineer");
    other.company = "Globex".into();
    let third = scrape(pool, board, &[repost, other], true, t2 + Duration::days(1)).await;
    assert_eq!(get_job(pool, &third[1]).await.unwrap().reposted_from, None);
}

#[tokio::test]
async fn an_open_posting_over_sixty_days_is_old() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let now = Utc::now();
    let mut aged = posting("lever:acme", "1", "Rust Engineer");
    aged.posted_at = Some(now - Duration::days(61));
    let mut fresh = posting("lever:acme", "2", "Go Engineer");
    fresh.posted_at = Some(now - Duration::days(59));
    let ids = import_postings(pool, &[aged, fresh], now).await.unwrap().job_ids;
    let aged = get_job(pool, &ids[0]).await.unwrap();
    assert!(aged.old);
    assert_eq!(aged.open_days, 61);
    assert!(!get_job(pool, &ids[1]).await.unwrap().old);
}

#[tokio::test]
async fn a_bundesagentur_relist_merges_into_the_other_boards_job() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    // The re-list is seen first (and processed on its own), the board's posting a day later.
    let mut relist = posting("bundesagentur", "10000-1-S", "Senior Rust Engineer (m/w/d)");
    relist.company = "Acme Robotics GmbH".into();
    relist.location = Some("Berlin, Berlin, Deutschland".into());
    let ba = scrape(pool, "bundesagentur", std::slice::from_ref(&relist), false, t0()).await;
    process_jobs(pool, &ba, t0()).await.unwrap();
    let t1 = t0() + Duration::days(1);
    let gh =
        scrape(pool, "greenhouse:acme", &[posting("greenhouse:acme", "1", "Senior Rust Engineer")], true, t1)
            .await;
    let out = process_jobs(pool, &gh, t1).await.unwrap();
    assert_eq!(out.duplicates_merged, 1);
    let job = get_job(pool, &ba[0]).await.unwrap();
    assert_eq!(job.id, gh[0], "the re-list merged into the board's job");
    let sources: Vec<&str> = job.found_on.iter().map(|f| f.source.as_str()).collect();
    assert_eq!(sources, ["bundesagentur", "greenhouse:acme"]);
    assert_eq!(job.first_seen, t0(), "the earliest sighting counts");

    // Keyword-search sources close nothing: the Bundesagentur read without it, then the board
    // still lists it.
    scrape(pool, "bundesagentur", &[], false, t1 + Duration::days(1)).await;
    assert_eq!(get_job(pool, &gh[0]).await.unwrap().closed_at, None);
}
