//! Page queries behind the desktop's long lists: the Jobs list over 10,000 jobs and the
//! Audit list over 100,000 TaskRuns, each page timed from SQL to rows (the target is under
//! 50 ms per page, so that scrolling through pages never janks).
//!
//! `cargo bench -p jobhunter-ops --bench lists`

use std::time::Instant;

use chrono::{TimeZone, Utc};
use jobhunter_engine::{Engine, TaskRunFilter, TaskRunStatus};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::store::import_postings;
use jobhunter_ops::job_page::{job_page, JobQuery, JobSort};

const JOBS: usize = 10_000;
const TASK_RUNS: i64 = 100_000;
const REPEATS: usize = 40;

const TITLES: &[&str] = &[
    "Rust Engineer",
    "Backend Developer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Frontend Developer",
];
const PLACES: &[&str] = &["Berlin", "Lisbon", "Remote", "Hamburg", "Amsterdam"];

fn posting(i: usize) -> Posting {
    Posting {
        source: format!("{}:board{}", ["greenhouse", "lever", "ashby"][i % 3], i % 17),
        source_job_id: i.to_string(),
        title: format!("{} {}", TITLES[i % TITLES.len()], i),
        company: format!("Company {}", i % 900),
        location: Some(PLACES[i % PLACES.len()].to_owned()),
        remote: Some(i.is_multiple_of(4)),
        employment_type: None,
        salary: None,
        description_text: "We build reliable systems with Rust, PostgreSQL and Kubernetes. ".repeat(20),
        description_html: None,
        url: None,
        apply_url: None,
        apply_email: None,
        posted_at: Some(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(i as i64),
        ),
        tags: vec!["rust".into(), "backend".into()],
        ..Default::default()
    }
}

/// Median and p95 in ms of `REPEATS` runs of `f` (after two warm-ups).
async fn time<F, Fut>(mut f: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut samples = Vec::new();
    for i in 0..REPEATS + 2 {
        let t = Instant::now();
        let rows = f().await;
        assert!(rows > 0, "the page is not empty");
        if i >= 2 {
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    samples.sort_by(f64::total_cmp);
    let p95 = samples[((samples.len() as f64) * 0.95).ceil() as usize - 1];
    (samples[samples.len() / 2], p95)
}

fn report(name: &str, (median, p95): (f64, f64)) {
    println!("{name:<48} median {median:6.2} ms   p95 {p95:6.2} ms");
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool().clone();

    let fill = Instant::now();
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let postings: Vec<Posting> = (0..JOBS).map(posting).collect();
    for chunk in postings.chunks(2_000) {
        import_postings(&pool, chunk, now).await.unwrap();
    }
    sqlx::query("INSERT INTO profiles (id, name, document, is_default, created_at, updated_at) VALUES ('p', 'Bench', '{}', 1, 'x', 'x')")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO matches (job_id, profile_id, score, explanation, matched_at) \
         SELECT id, 'p', (abs(random()) % 1000) / 1000.0, '{}', 'x' FROM jobs",
    )
    .execute(&pool)
    .await
    .unwrap();
    println!("{JOBS} jobs with matches in {:.1} s", fill.elapsed().as_secs_f64());

    let base = JobQuery { limit: 50, ..Default::default() };
    let jobs = [
        ("jobs: first page, newest", base.clone()),
        ("jobs: page at offset 9,900, newest", JobQuery { offset: 9_900, ..base.clone() }),
        ("jobs: best match first", JobQuery { sort: JobSort::Score, ..base.clone() }),
        ("jobs: best match, offset 5,000", JobQuery { sort: JobSort::Score, offset: 5_000, ..base.clone() }),
        ("jobs: score >= 0.8", JobQuery { min_score: Some(0.8), sort: JobSort::Score, ..base.clone() }),
        ("jobs: search 'rust berlin'", JobQuery { search: Some("rust berlin".into()), ..base.clone() }),
        (
            "jobs: source greenhouse, remote only",
            JobQuery { source: Some("greenhouse".into()), remote_only: true, ..base.clone() },
        ),
    ];
    for (name, query) in jobs {
        let stats = time(|| {
            let (pool, query) = (pool.clone(), query.clone());
            async move { job_page(&pool, &query).await.unwrap().items.len() }
        })
        .await;
        report(name, stats);
    }

    // The Audit list: 100,000 TaskRuns in 1,000 flow runs.
    let fill = Instant::now();
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO flow_runs (id, flow_name, trigger, actor, parameters, state_type, state_name, created_at) \
         SELECT printf('bench-flow-%08d', i), 'bench', 'bench', 'bench', '{}', 'COMPLETED', 'Completed', \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds') FROM s",
    )
    .bind(TASK_RUNS / 100)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, duration_ms, actor, \
         orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, output, owner) \
         SELECT printf('bench-task-%09d', i), 'op_' || (i % 7), 'op_' || (i % 7), \
         CASE WHEN i % 13 = 0 THEN 'failed' ELSE 'success' END, \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), i % 500, 'bench', 1, \
         printf('bench-flow-%08d', i / 100), printf('bench-call-%09d', i), 1, \
         '{\"n\":' || i || '}', hex(randomblob(16)), '{\"n\":' || i || '}', 'bench' FROM s",
    )
    .bind(TASK_RUNS)
    .execute(&pool)
    .await
    .unwrap();
    println!("{TASK_RUNS} TaskRuns in {:.1} s", fill.elapsed().as_secs_f64());

    // The Audit screen asks for 100 rows (+1 to know whether there is a next page).
    let base = TaskRunFilter { limit: 101, ..Default::default() };
    let audits = [
        ("audit: first page", base.clone()),
        ("audit: page at offset 50,000", TaskRunFilter { offset: 50_000, ..base.clone() }),
        ("audit: page at offset 99,800", TaskRunFilter { offset: 99_800, ..base.clone() }),
        ("audit: operation op_3", TaskRunFilter { operation: Some("op_3".into()), ..base.clone() }),
        (
            "audit: status failed, offset 5,000",
            TaskRunFilter { status: Some(TaskRunStatus::Failed), offset: 5_000, ..base.clone() },
        ),
        (
            "audit: one flow run",
            TaskRunFilter { flow_run_id: Some("bench-flow-00000500".into()), ..base.clone() },
        ),
    ];
    for (name, filter) in audits {
        let stats = time(|| {
            let (engine, filter) = (engine.clone(), filter.clone());
            async move { engine.store().list_task_runs(&filter).await.unwrap().len() }
        })
        .await;
        report(name, stats);
    }
    engine.close().await.unwrap();
}
