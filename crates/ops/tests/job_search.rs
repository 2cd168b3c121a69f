//! Full-text search and keyset paging of the jobs list against a real SQLite file: the search
//! index follows imports, updates and merges; what the user types never reaches SQLite as
//! search syntax; pages walked forward and back are disjoint and complete while jobs arrive.

mod common;

use std::collections::HashSet;

use chrono::{DateTime, TimeZone, Utc};
use jobhunter_engine::Registry;
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::store::import_postings;
use jobhunter_ops::job_page::{fts_query, job_page, JobQuery, JobSort};
use sqlx::SqlitePool;

fn posting(i: usize, title: &str, description: &str) -> Posting {
    Posting {
        source: "greenhouse:acme".into(),
        source_job_id: i.to_string(),
        title: title.to_owned(),
        company: format!("Company {i}"),
        location: Some("München".into()),
        description_text: description.to_owned(),
        posted_at: Some(
            Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap() + chrono::Duration::hours(i as i64),
        ),
        ..Default::default()
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

async fn titles(pool: &SqlitePool, search: &str) -> Vec<String> {
    let query = JobQuery { search: Some(search.into()), limit: 50, ..Default::default() };
    let page = job_page(pool, &query).await.unwrap_or_else(|e| panic!("{search:?}: {e}"));
    page.items.into_iter().map(|j| j.title).collect()
}

#[tokio::test]
async fn search_finds_words_anywhere_and_follows_updates_and_merges() {
    let t = common::open(Registry::new(), now()).await;
    let pool = t.engine.store().pool().clone();
    let jobs = [
        posting(1, "Rust Engineer", "You will tame our Kubernetes clusters."),
        posting(2, "Designer", "Figma and coffee."),
        posting(3, "Data Engineer", "Pipelines in Python; some Kubernetes."),
    ];
    import_postings(&pool, &jobs, now()).await.unwrap();

    assert_eq!(titles(&pool, "figma").await, ["Designer"], "a word only in the description");
    assert_eq!(titles(&pool, "kubernetes").await, ["Data Engineer", "Rust Engineer"]);
    assert_eq!(titles(&pool, "kubern").await.len(), 2, "the last word may be unfinished");
    assert_eq!(titles(&pool, "engineer pyth").await, ["Data Engineer"], "every word must match");
    assert_eq!(titles(&pool, "munchen").await.len(), 3, "accents do not matter");
    assert_eq!(titles(&pool, "company 2").await, ["Designer"], "the company is searched");
    assert!(titles(&pool, "kube engineer").await.is_empty(), "only the last word is a prefix");

    // A posting read again with new text: the old words leave the index, the new ones enter.
    let changed = posting(2, "Designer", "Sketch and tea.");
    import_postings(&pool, &[changed], now()).await.unwrap();
    assert!(titles(&pool, "figma").await.is_empty());
    assert_eq!(titles(&pool, "sketch").await, ["Designer"]);

    // A duplicate merged into another job leaves the search; a job unmerged comes back.
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM jobs ORDER BY posted_at").fetch_all(&pool).await.unwrap();
    sqlx::query("UPDATE jobs SET merged_into = ? WHERE id = ?")
        .bind(&ids[0])
        .bind(&ids[2])
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(titles(&pool, "kubernetes").await, ["Rust Engineer"]);
    assert!(titles(&pool, "pipelines").await.is_empty());
    sqlx::query("UPDATE jobs SET merged_into = NULL WHERE id = ?")
        .bind(&ids[2])
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(titles(&pool, "pipelines").await, ["Data Engineer"]);
    // Seen, matched or sighted again: the index is left alone (and stays right).
    sqlx::query("UPDATE jobs SET seen_at = last_seen, last_seen = 'x'").execute(&pool).await.unwrap();
    assert_eq!(titles(&pool, "kubernetes").await.len(), 2);
    sqlx::query("DELETE FROM jobs WHERE id = ?").bind(&ids[1]).execute(&pool).await.unwrap();
    assert!(titles(&pool, "sketch").await.is_empty(), "a deleted job leaves the index");
    let indexed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs_fts").fetch_one(&pool).await.unwrap();
    assert_eq!(indexed, 2);
    t.engine.close().await.unwrap();
}

#[tokio::test]
async fn hostile_searches_are_plain_words() {
    let t = common::open(Registry::new(), now()).await;
    let pool = t.engine.store().pool().clone();
    let jobs = [
        posting(1, "Rust AND Go Engineer", "Write \"fast\" code; NEAR the metal."),
        posting(2, "Ingénieur Logiciel 🦀", "Zürich oder remote; C++ und SQL*Plus."),
    ];
    import_postings(&pool, &jobs, now()).await.unwrap();

    for text in [
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "and or not",
        "\"",
        "\"fast",
        "fast\"",
        "*",
        "rust*",
        "-rust",
        "^rust",
        "title:rust",
        "title : rust",
        "NEAR(rust go)",
        "(rust",
        "rust)",
        "{title}: rust",
        "'; DROP TABLE jobs; --",
        "c++",
        "sql*plus",
        "🦀 rust",
        "ingé",
        "ZÜRICH",
        "a\u{0}b",
        "\u{202e}rust",
    ] {
        let query = JobQuery { search: Some(text.into()), limit: 50, ..Default::default() };
        // Found or not, or told plainly that there is nothing to search for.
        if let Err(e) = job_page(&pool, &query).await {
            assert!(e.to_string().starts_with("search: "), "{text:?} failed: {e}");
        }
    }
    assert_eq!(titles(&pool, "and").await, ["Rust AND Go Engineer"], "AND is a word");
    assert_eq!(titles(&pool, "near").await, ["Rust AND Go Engineer"]);
    assert_eq!(titles(&pool, "\"fast\"").await, ["Rust AND Go Engineer"], "quotes are not syntax");
    assert_eq!(titles(&pool, "sql*plus").await, ["Ingénieur Logiciel 🦀"]);
    assert_eq!(titles(&pool, "ingenieur").await, ["Ingénieur Logiciel 🦀"]);
    assert!(titles(&pool, "title:rust").await.is_empty(), "no column filter: `title` is a word to find");
    assert!(titles(&pool, "-rust").await.len() == 1, "no negation");

    // Nothing to search for, or too much: a message naming the search field.
    for text in ["*", "\"\"", "🦀", "-- ; ()", &"word ".repeat(40)] {
        let query = JobQuery { search: Some(text.into()), limit: 50, ..Default::default() };
        let error = job_page(&pool, &query).await.unwrap_err();
        assert!(error.to_string().starts_with("search: "), "{text:?}: {error}");
    }
    assert_eq!(fts_query("  ").unwrap(), None);
    assert_eq!(fts_query("Rust \"go").unwrap().as_deref(), Some("\"Rust\" \"go\"*"));
    t.engine.close().await.unwrap();
}

/// Every page of `query` walking forward, then back from the last page to the first.
async fn walk(pool: &SqlitePool, query: &JobQuery, mut between: impl AsyncFnMut(usize)) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut q = query.clone();
    loop {
        let page = job_page(pool, &q).await.unwrap();
        pages.push(page.items.iter().map(|j| j.id.clone()).collect::<Vec<_>>());
        between(pages.len()).await;
        match page.next_cursor {
            Some(next) => q = JobQuery { after: Some(next), before: None, ..query.clone() },
            None => {
                assert!(pages.len() == 1 || page.prev_cursor.is_some(), "the last page has a previous one");
                break;
            }
        }
    }
    pages
}

#[tokio::test]
async fn keyset_pages_are_disjoint_and_complete_while_jobs_arrive() {
    let t = common::open(Registry::new(), now()).await;
    let pool = t.engine.store().pool().clone();
    // Posted times repeat (ties are ordered by row), some jobs unmatched.
    let jobs: Vec<Posting> = (0..23)
        .map(|i| Posting {
            posted_at: Some(Utc.with_ymd_and_hms(2026, 10, 1 + (i % 5) as u32, 0, 0, 0).unwrap()),
            ..posting(i, &format!("Job {i}"), "kubernetes everywhere")
        })
        .collect();
    import_postings(&pool, &jobs, now()).await.unwrap();
    sqlx::query("INSERT INTO profiles (id, name, document, is_default, created_at, updated_at) VALUES ('p', 'Ada', '{}', 1, 'x', 'x')")
        .execute(&pool)
        .await
        .unwrap();
    // Scores repeat too: 0.0, 0.25, 0.5 over two jobs in three; every third job unmatched.
    sqlx::query(
        "INSERT INTO matches (job_id, profile_id, score, explanation, matched_at) \
         SELECT id, 'p', (rowid % 3) * 0.25, '{}', 'x' FROM jobs WHERE rowid % 3 <> 0",
    )
    .execute(&pool)
    .await
    .unwrap();
    let before: HashSet<String> =
        sqlx::query_scalar("SELECT id FROM jobs").fetch_all(&pool).await.unwrap().into_iter().collect();

    let mut added = 100;
    for (sort, search) in [(JobSort::Newest, None), (JobSort::Score, None), (JobSort::Score, Some("kube"))] {
        let query = JobQuery { sort, search: search.map(Into::into), limit: 4, ..Default::default() };
        let pages = walk(&pool, &query, async |n| {
            // A hunt adds jobs (newer, matched or not) while the user pages.
            added += 1;
            let p = Posting {
                posted_at: Some(now()),
                ..posting(added, &format!("New {added}"), "kubernetes too")
            };
            import_postings(&pool, &[p], now()).await.unwrap();
            if n % 2 == 0 {
                sqlx::query("INSERT INTO matches SELECT id, 'p', 0.25, '{}', 'x' FROM jobs WHERE title = ?")
                    .bind(format!("New {added}"))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
        })
        .await;
        let seen: Vec<&String> = pages.iter().flatten().collect();
        let unique: HashSet<&String> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "{sort:?}: pages are disjoint: {pages:?}");
        assert!(before.iter().all(|id| unique.contains(id)), "{sort:?}: every job is on a page");
        assert!(pages.iter().all(|p| p.len() <= 4));

        // With no more arrivals: forward to the last page, then back from it to the first,
        // gives the same rows in the same order.
        let mut forward = Vec::new();
        let mut q = query.clone();
        let last = loop {
            let page = job_page(&pool, &q).await.unwrap();
            forward.extend(page.items.iter().map(|j| j.id.clone()));
            match &page.next_cursor {
                Some(c) => q.after = Some(c.clone()),
                None => break page,
            }
        };
        let mut back = vec![last.items.iter().map(|j| j.id.clone()).collect::<Vec<_>>()];
        let mut prev = last.prev_cursor;
        while let Some(cursor) = prev {
            let page = job_page(&pool, &JobQuery { before: Some(cursor), ..query.clone() }).await.unwrap();
            assert!(page.next_cursor.is_some(), "a page reached going back has a next one");
            back.push(page.items.iter().map(|j| j.id.clone()).collect());
            prev = page.prev_cursor;
        }
        // The first page is reached full, so it may overlap the page after it.
        let mut once = HashSet::new();
        let backward: Vec<String> =
            back.into_iter().rev().flatten().filter(|id| once.insert(id.clone())).collect();
        assert_eq!(backward, forward, "{sort:?}: walking back gives the same rows in the same order");
    }

    let bad = JobQuery { after: Some("garbage".into()), limit: 4, ..Default::default() };
    let error = job_page(&pool, &bad).await.unwrap_err().to_string();
    assert!(error.starts_with("after: "), "{error}");
    let newest = job_page(&pool, &JobQuery { limit: 4, ..Default::default() }).await.unwrap();
    let other = JobQuery { sort: JobSort::Score, after: newest.next_cursor, limit: 4, ..Default::default() };
    let error = job_page(&pool, &other).await.unwrap_err().to_string();
    assert!(error.starts_with("after: "), "a marker of another order: {error}");
    t.engine.close().await.unwrap();
}
