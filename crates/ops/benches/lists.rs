//! Page queries behind the desktop's long lists: the Jobs list over 100,000 jobs and the
//! Audit list over 1,000,000 TaskRuns, each page timed from SQL to rows, keyset paging and
//! full-text search included (the target is under 50 ms per page, so that paging never
//! janks). Prints `name=value` lines: the median in ms, and `<name>_p95=`.
//!
//! `cargo bench -p jobhunter-ops --bench lists`

use std::time::Instant;

use chrono::{TimeZone, Utc};
use jobhunter_engine::{Engine, TaskRunFilter, TaskRunStatus};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::store::import_postings;
use jobhunter_ops::job_page::{job_page, JobQuery, JobSort};

const JOBS: usize = 100_000;
const TASK_RUNS: i64 = 1_000_000;
const REPEATS: usize = 40;

const TITLES: &[&str] = &[
    "Rust Engineer",
    "Backend Developer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Frontend Developer",
    "Product Designer",
    "Engineering Manager",
];
const PLACES: &[&str] = &["Berlin", "Lisbon", "Remote", "Hamburg", "Amsterdam", "München", "Porto"];
/// Words descriptions are drawn from: a few hundred, so common words are in most documents.
const WORDS: &[&str] = &[
    "we",
    "build",
    "reliable",
    "systems",
    "with",
    "rust",
    "postgresql",
    "kubernetes",
    "team",
    "product",
    "customers",
    "data",
    "pipelines",
    "cloud",
    "services",
    "design",
    "api",
    "platform",
    "growth",
    "mentoring",
    "ownership",
    "testing",
    "observability",
    "latency",
    "scale",
    "users",
    "remote",
    "office",
    "hybrid",
    "benefits",
    "salary",
    "equity",
    "learning",
    "budget",
    "travel",
    "german",
    "english",
    "python",
    "typescript",
    "react",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "linux",
    "security",
    "payments",
    "logistics",
    "health",
    "energy",
    "mobility",
    "climate",
    "education",
    "finance",
];

fn description(i: usize) -> String {
    // 90 words, picked by a cheap hash of the job's number; every 1,000th job also names a rare
    // word, found only in descriptions.
    let mut words: Vec<&str> = (0..90).map(|k| WORDS[(i * 7919 + k * 104_729) % WORDS.len()]).collect();
    if i.is_multiple_of(1_000) {
        words.push("zanzibar");
    }
    words.join(" ")
}

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
        description_text: description(i),
        description_html: None,
        url: None,
        apply_url: None,
        apply_email: None,
        // Over 200 days: the newest 60 are not old.
        posted_at: Some(
            Utc.with_ymd_and_hms(2026, 5, 10, 0, 0, 0).unwrap() + chrono::Duration::minutes(i as i64 * 3),
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
    println!("{name}={median:.2}");
    println!("{name}_p95={p95:.2}");
}

/// The marker of a page `pages` pages of 500 into the list (to time a deep page).
async fn deep_cursor(pool: &sqlx::SqlitePool, query: &JobQuery, pages: usize) -> Option<String> {
    let mut q = JobQuery { limit: 500, with_total: false, ..query.clone() };
    for _ in 0..pages {
        q.after = Some(job_page(pool, &q).await.unwrap().next_cursor?);
    }
    q.after
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool().clone();

    let fill = Instant::now();
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    for start in (0..JOBS).step_by(5_000) {
        let postings: Vec<Posting> = (start..(start + 5_000).min(JOBS)).map(posting).collect();
        import_postings(&pool, &postings, now).await.unwrap();
    }
    sqlx::query("INSERT INTO profiles (id, name, document, is_default, created_at, updated_at) VALUES ('p', 'Bench', '{}', 1, 'x', 'x')")
        .execute(&pool)
        .await
        .unwrap();
    // Nine jobs in ten matched; one in twenty closed.
    sqlx::query(
        "INSERT INTO matches (job_id, profile_id, score, explanation, matched_at) \
         SELECT id, 'p', (abs(random()) % 1000) / 1000.0, '{}', 'x' FROM jobs WHERE rowid % 10 <> 0",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE jobs SET closed_at = last_seen WHERE rowid % 20 = 0").execute(&pool).await.unwrap();
    sqlx::query("PRAGMA optimize").execute(&pool).await.unwrap();
    println!("jobs_fill_s={:.1}", fill.elapsed().as_secs_f64());

    let base = JobQuery { limit: 50, with_total: true, ..Default::default() };
    // What the app asks first: open, not old, best match first.
    let app = JobQuery {
        open_only: true,
        hide_old: true,
        old_before: Some("2026-09-27T09:00:00.000000Z".into()),
        sort: JobSort::Score,
        ..base.clone()
    };
    let newest = JobQuery { sort: JobSort::Newest, ..base.clone() };
    let score = JobQuery { sort: JobSort::Score, ..base.clone() };
    let deep = |q: &JobQuery, after: Option<String>| JobQuery { after, ..q.clone() };
    let newest_deep = deep(&newest, deep_cursor(&pool, &newest, 100).await);
    let score_deep = deep(&score, deep_cursor(&pool, &score, 100).await);
    let search = |s: &str| JobQuery { search: Some(s.into()), ..newest.clone() };
    let jobs = [
        ("jobs_page_100k_ms_newest", newest.clone()),
        ("jobs_page_100k_ms_newest_at_50k", newest_deep.clone()),
        ("jobs_page_100k_ms_newest_no_total", JobQuery { with_total: false, ..newest_deep }),
        ("jobs_page_100k_ms_score", score.clone()),
        ("jobs_page_100k_ms_score_at_50k", score_deep),
        ("jobs_page_100k_ms_app_default", app.clone()),
        ("jobs_page_100k_ms_min_score", JobQuery { min_score: Some(0.8), ..score.clone() }),
        (
            "jobs_page_100k_ms_source_remote",
            JobQuery { source: Some("greenhouse".into()), remote_only: true, ..newest.clone() },
        ),
        ("jobs_search_100k_ms", search("rust berl")),
        ("jobs_search_100k_ms_common_word", search("kubernetes")),
        ("jobs_search_100k_ms_description_only", search("zanzibar")),
        ("jobs_search_100k_ms_best_match", JobQuery { search: Some("data engineer".into()), ..app.clone() }),
    ];
    for (name, query) in jobs {
        let stats = time(|| {
            let (pool, query) = (pool.clone(), query.clone());
            async move { job_page(&pool, &query).await.unwrap().items.len() }
        })
        .await;
        report(name, stats);
    }

    // The Audit list: 1,000,000 TaskRuns in 10,000 flow runs (each created as its first TaskRun
    // starts), in one transaction.
    let fill = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO flow_runs (id, flow_name, trigger, actor, parameters, state_type, state_name, created_at) \
         SELECT printf('bench-flow-%08d', i), 'bench', 'bench', 'bench', '{}', 'COMPLETED', 'Completed', \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i * 50) || ' seconds') FROM s",
    )
    .bind(TASK_RUNS / 100)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) \
         INSERT INTO task_runs (id, operation_name, task_name, status, started_at, finished_at, duration_ms, actor, \
         orchestrated, flow_run_id, task_run_id, attempt, input_dump, input_hash, output, owner) \
         SELECT printf('bench-task-%09d', i), \
         CASE WHEN i % 10007 = 0 THEN 'op_rare' ELSE 'op_' || (i % 7) END, 'op_' || (i % 7), \
         CASE WHEN i % 13 = 0 THEN 'failed' WHEN i % 50021 = 1 THEN 'running' ELSE 'success' END, \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i / 2) || ' seconds'), \
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i / 2) || ' seconds'), i % 500, 'bench', 1, \
         printf('bench-flow-%08d', i / 100), printf('bench-call-%09d', i), 1, \
         '{\"n\":' || i || '}', printf('%032x', i), '{\"n\":' || i || '}', 'bench' FROM s",
    )
    .bind(TASK_RUNS)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // The audit writer records the filter keys of the rows it writes every few dozen TaskRuns
    // (`audit_keys`); rows recorded since are read directly. Here: all but the last 60.
    sqlx::query("UPDATE task_run_keys_swept SET run = 0").execute(&pool).await.unwrap();
    engine.store().sweep_audit_keys().await.unwrap();
    sqlx::query("UPDATE task_run_keys_swept SET run = run - 60").execute(&pool).await.unwrap();
    println!("audit_fill_s={:.1}", fill.elapsed().as_secs_f64());

    // The Audit screen asks for 100 rows (+1 to know whether there is a next page) and, past
    // the first page, one row on the other side (whether there is a previous page): as the
    // app's `list_task_runs` does.
    let store = engine.store();
    let at = |day: u32, hour: u32| Utc.with_ymd_and_hms(2026, 1, day, hour, 0, 0).unwrap();
    let base = TaskRunFilter { limit: 101, ..Default::default() };
    let mut deep = base.clone();
    for _ in 0..5 {
        let rows = store.list_task_runs(&TaskRunFilter { limit: 500, ..deep.clone() }).await.unwrap();
        deep.after = rows.last().map(|r| r.id.clone());
    }
    let middle = Some("bench-task-000500000".to_owned());
    let last = Some("bench-task-000000150".to_owned());
    let failed = TaskRunFilter { status: Some(TaskRunStatus::Failed), ..base.clone() };
    let audits = [
        ("audit_page_1m_ms", base.clone()),
        ("audit_page_1m_ms_at_2500", deep),
        ("audit_page_1m_ms_at_500k", TaskRunFilter { after: middle.clone(), ..base.clone() }),
        ("audit_page_1m_ms_last", TaskRunFilter { after: last, ..base.clone() }),
        ("audit_page_1m_ms_back_from_500k", TaskRunFilter { before: middle.clone(), ..base.clone() }),
        (
            "audit_page_1m_ms_operation",
            TaskRunFilter { operation: Some("op_3".into()), after: middle.clone(), ..base.clone() },
        ),
        ("audit_page_1m_ms_failed", TaskRunFilter { after: middle, ..failed }),
        (
            "audit_page_1m_ms_rare_operation",
            TaskRunFilter { operation: Some("op_rare".into()), ..base.clone() },
        ),
        ("audit_page_1m_ms_running", TaskRunFilter { status: Some(TaskRunStatus::Running), ..base.clone() }),
        // The Audit's Since and Until fields (a time range). Rows were recorded two a second
        // from 2026-01-01, so the million span almost six days.
        ("audit_page_1m_ms_since_last_day", TaskRunFilter { since: Some(at(5, 0)), ..base.clone() }),
        ("audit_page_1m_ms_until_first_day", TaskRunFilter { until: Some(at(2, 0)), ..base.clone() }),
        (
            "audit_page_1m_ms_hour_in_the_middle",
            TaskRunFilter { since: Some(at(3, 12)), until: Some(at(3, 13)), ..base.clone() },
        ),
        (
            "audit_page_1m_ms_operation_hour",
            TaskRunFilter {
                operation: Some("op_3".into()),
                since: Some(at(3, 12)),
                until: Some(at(3, 13)),
                ..base.clone()
            },
        ),
        (
            "audit_page_1m_ms_flow_run",
            TaskRunFilter { flow_run_id: Some("bench-flow-00005000".into()), ..base.clone() },
        ),
    ];
    for (name, filter) in audits {
        let stats = time(|| {
            let (engine, filter) = (engine.clone(), filter.clone());
            async move {
                let store = engine.store();
                let rows = store.list_task_runs(&filter).await.unwrap();
                if filter.after.is_some() || filter.before.is_some() {
                    let probe = TaskRunFilter {
                        limit: 1,
                        after: None,
                        before: rows.first().map(|r| r.id.clone()),
                        ..filter.clone()
                    };
                    store.list_task_runs(&probe).await.unwrap();
                }
                rows.len()
            }
        })
        .await;
        report(name, stats);
    }

    // The nightly clean-up holds the write lock while it looks for old rows: when nothing is
    // due, and when the oldest hour goes (7,200 TaskRuns). Once each, last (it deletes).
    for (name, cutoff) in [("cleanup_1m_nothing_due_ms", at(1, 0)), ("cleanup_1m_first_hour_ms", at(1, 1))] {
        let started = Instant::now();
        let counts = store.cleanup_older_than(cutoff, at(1, 0)).await.unwrap();
        println!("{name}={:.2}", started.elapsed().as_secs_f64() * 1000.0);
        println!("{name}_rows={}", counts.task_runs);
    }
    engine.close().await.unwrap();
}
