//! The jobs list page against a real SQLite file: filters, sorting, paging and totals.

mod common;

use chrono::{TimeZone, Utc};
use jobhunter_engine::Registry;
use jobhunter_jobs::posting::{Posting, Salary, SalaryInterval, SalarySource};
use jobhunter_jobs::store::import_postings;
use jobhunter_ops::job_page::{job_page, JobQuery, JobSort};

fn posting(i: usize, source: &str, title: &str, remote: bool) -> Posting {
    Posting {
        source: source.to_owned(),
        source_job_id: i.to_string(),
        title: title.to_owned(),
        company: format!("Company {i}"),
        location: Some(if i.is_multiple_of(2) { "Berlin" } else { "Lisbon" }.to_owned()),
        remote: Some(remote),
        employment_type: None,
        salary: (i == 1).then(|| Salary {
            min: Some(60000.0),
            max: Some(80000.0),
            currency: Some("EUR".into()),
            interval: Some(SalaryInterval::Year),
            source: SalarySource::Stated,
            source_text: None,
        }),
        description_text: "A job.".into(),
        description_html: None,
        url: None,
        apply_url: None,
        apply_email: None,
        posted_at: Some(Utc.with_ymd_and_hms(2026, 11, 1 + i as u32, 9, 0, 0).unwrap()),
        tags: vec![],
        ..Default::default()
    }
}

#[tokio::test]
async fn pages_filter_sort_and_count() {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let t = common::open(Registry::new(), now).await;
    let pool = t.engine.store().pool().clone();
    let postings = vec![
        posting(1, "greenhouse:acme", "Rust Engineer", true),
        posting(2, "lever:beta", "Python Developer", false),
        posting(3, "greenhouse:gamma", "Senior Rust Developer", false),
        posting(4, "remoteok", "Designer", true),
    ];
    import_postings(&pool, &postings, now).await.unwrap();
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM jobs ORDER BY posted_at").fetch_all(&pool).await.unwrap();
    assert_eq!(ids.len(), 4);
    sqlx::query("INSERT INTO profiles (id, name, document, is_default, created_at, updated_at) VALUES ('p', 'Ada', '{}', 1, 'x', 'x')")
        .execute(&pool)
        .await
        .unwrap();
    for (id, score) in [(&ids[0], 0.9), (&ids[2], 0.95), (&ids[3], 0.2)] {
        sqlx::query("INSERT INTO matches (job_id, profile_id, score, explanation, matched_at) VALUES (?, 'p', ?, '{}', 'x')")
            .bind(id)
            .bind(score)
            .execute(&pool)
            .await
            .unwrap();
    }

    let all = JobQuery { limit: 50, with_total: true, ..Default::default() };
    let page = job_page(&pool, &all).await.unwrap();
    assert_eq!(page.total, Some(4));
    let titles: Vec<&str> = page.items.iter().map(|j| j.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Designer", "Senior Rust Developer", "Python Developer", "Rust Engineer"],
        "newest first"
    );
    let rust = page.items.iter().find(|j| j.title == "Rust Engineer").unwrap();
    assert_eq!(rust.salary.as_deref(), Some("60,000–80,000 EUR / year"));
    assert_eq!(rust.sources, ["greenhouse:acme"]);
    assert_eq!(rust.score, Some(0.9));
    assert!(!page.has_more());

    let by_score = job_page(&pool, &JobQuery { sort: JobSort::Score, ..all.clone() }).await.unwrap();
    let titles: Vec<&str> = by_score.items.iter().map(|j| j.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Senior Rust Developer", "Rust Engineer", "Designer", "Python Developer"],
        "unmatched last"
    );

    let high = job_page(&pool, &JobQuery { min_score: Some(0.8), ..all.clone() }).await.unwrap();
    assert_eq!(high.total, Some(2));

    let search =
        job_page(&pool, &JobQuery { search: Some("rust lisbon".into()), ..all.clone() }).await.unwrap();
    assert_eq!(search.total, Some(2), "every word must match: title and location");
    let search =
        job_page(&pool, &JobQuery { search: Some("SENIOR rust".into()), ..all.clone() }).await.unwrap();
    assert_eq!(search.items.iter().map(|j| j.title.as_str()).collect::<Vec<_>>(), ["Senior Rust Developer"]);

    let greenhouse =
        job_page(&pool, &JobQuery { source: Some("greenhouse".into()), ..all.clone() }).await.unwrap();
    assert_eq!(greenhouse.total, Some(2));
    let exact =
        job_page(&pool, &JobQuery { source: Some("lever:beta".into()), ..all.clone() }).await.unwrap();
    assert_eq!(exact.total, Some(1));
    let percent = job_page(&pool, &JobQuery { search: Some("100%".into()), ..all.clone() }).await.unwrap();
    assert_eq!(percent.total, Some(0), "wildcards in the search are literal");

    let remote = job_page(&pool, &JobQuery { remote_only: true, ..all.clone() }).await.unwrap();
    assert_eq!(remote.total, Some(2));

    let first = job_page(&pool, &JobQuery { limit: 3, ..all.clone() }).await.unwrap();
    assert!(first.has_more() && first.prev_cursor.is_none());
    let second = job_page(&pool, &JobQuery { limit: 3, after: first.next_cursor.clone(), ..all.clone() })
        .await
        .unwrap();
    assert_eq!((second.items.len(), second.total, second.has_more()), (1, Some(4), false));
    let back = job_page(&pool, &JobQuery { limit: 3, before: second.prev_cursor.clone(), ..all.clone() })
        .await
        .unwrap();
    assert_eq!(back.items, first.items, "Previous gives the first page again");
    assert!(back.prev_cursor.is_none() && back.next_cursor.is_some());

    let bad = job_page(&pool, &JobQuery { min_score: Some(2.0), ..all }).await.unwrap_err();
    assert!(bad.to_string().contains("min_score"), "{bad}");
    t.engine.close().await.unwrap();
}
