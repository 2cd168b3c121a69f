//! Cross-source de-duplication does not depend on the order the boards answer in (issue #10):
//! the same posting found on several boards, each with part of the information, becomes the
//! same job whatever order its copies are imported and processed in.

use chrono::{DateTime, Duration, TimeZone, Utc};
use jobhunter_jobs::posting::{Posting, Salary, SalaryInterval, SalarySource};
use jobhunter_jobs::process::process_jobs;
use jobhunter_jobs::store::{get_job, import_postings, JobRecord};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

fn posting(source: &str, id: &str) -> Posting {
    Posting {
        source: source.into(),
        source_job_id: id.into(),
        title: "Senior Data Engineer".into(),
        company: "Acme".into(),
        location: Some("Berlin".into()),
        remote: None,
        employment_type: None,
        salary: None,
        description_text: "We build data pipelines with Python and Airflow.".into(),
        description_html: None,
        url: Some(format!("https://jobs.example/{id}")),
        apply_url: None,
        apply_email: None,
        posted_at: None,
        tags: Vec::new(),
        ..Default::default()
    }
}

/// One posting on four boards, each knowing something the others do not.
fn copies() -> Vec<Posting> {
    let mut greenhouse = posting("greenhouse:acme", "gh-1");
    greenhouse.company = "Acme GmbH".into();
    greenhouse.description_text = "We build data pipelines with Python, Airflow and dbt on AWS. \
        You will own the warehouse and work with the analytics team in our Berlin office."
        .into();
    greenhouse.description_html = Some("<p>We build data pipelines.</p>".into());
    greenhouse.apply_url = Some("https://boards.greenhouse.io/acme/jobs/1".into());
    greenhouse.tags = vec!["Data".into(), "Engineering".into()];

    let mut jsonld = posting("jsonld:https://acme.example/careers", "ld-1");
    jsonld.title = "Senior Data Engineer (m/w/d)".into();
    jsonld.employment_type = Some("FULL_TIME".into());
    jsonld.salary = Some(Salary {
        min: Some(70_000.0),
        max: Some(90_000.0),
        currency: Some("EUR".into()),
        interval: Some(SalaryInterval::Year),
        source: SalarySource::Stated,
        source_text: None,
    });
    jsonld.posted_at = Some(t0() - Duration::days(3));

    let mut arbeitnow = posting("arbeitnow", "an-1");
    arbeitnow.location = Some("Berlin, Germany (Hybrid)".into());
    arbeitnow.remote = Some(false);
    arbeitnow.apply_email = Some("jobs@acme.example".into());
    arbeitnow.posted_at = Some(t0() - Duration::days(2));
    arbeitnow.tags = vec!["Engineering".into(), "Python".into()];

    let mut lever = posting("lever:acme", "lv-1");
    lever.remote = Some(true);
    // A weaker salary (parsed from text, only a lower figure): the JSON-LD one must win.
    lever.salary = Some(Salary {
        min: Some(65_000.0),
        max: None,
        currency: Some("EUR".into()),
        interval: None,
        source: SalarySource::Parsed,
        source_text: None,
    });
    vec![greenhouse, jsonld, arbeitnow, lever]
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

/// How the copies reach the store.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Every board imports on its own (a parallel scrape), then one `process_jobs` over all.
    SeparateImports,
    /// One import of all copies in the given order, then one `process_jobs`.
    OneBatch,
    /// Every board imports and processes on its own, one after the other.
    OneByOne,
}

/// The job every copy resolves to, without its (random) id; then the same after a re-scrape a
/// day later that sees the boards in the same order.
async fn run(order: &[usize], mode: Mode) -> (JobRecord, JobRecord) {
    let all = copies();
    let postings: Vec<Posting> = order.iter().map(|&i| all[i].clone()).collect();
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();

    let mut ids = Vec::new();
    match mode {
        Mode::SeparateImports => {
            for p in &postings {
                ids.extend(import_postings(pool, std::slice::from_ref(p), t0()).await.unwrap().job_ids);
            }
            process_jobs(pool, &ids, t0()).await.unwrap();
        }
        Mode::OneBatch => {
            ids = import_postings(pool, &postings, t0()).await.unwrap().job_ids;
            process_jobs(pool, &ids, t0()).await.unwrap();
        }
        Mode::OneByOne => {
            for p in &postings {
                let imported = import_postings(pool, std::slice::from_ref(p), t0()).await.unwrap().job_ids;
                process_jobs(pool, &imported, t0()).await.unwrap();
                ids.extend(imported);
            }
        }
    }
    let first = snapshot(pool, &ids).await;

    let t1 = t0() + Duration::days(1);
    let mut again = Vec::new();
    for p in &postings {
        again.extend(import_postings(pool, std::slice::from_ref(p), t1).await.unwrap().job_ids);
    }
    process_jobs(pool, &again, t1).await.unwrap();
    let second = snapshot(pool, &ids).await;
    (first, second)
}

async fn snapshot(pool: &sqlx::SqlitePool, ids: &[String]) -> JobRecord {
    let mut jobs = Vec::new();
    for id in ids {
        jobs.push(get_job(pool, id).await.unwrap());
    }
    let survivor = jobs[0].id.clone();
    assert!(jobs.iter().all(|j| j.id == survivor), "every copy resolves to one job");
    let mut job = jobs.swap_remove(0);
    job.id = String::new();
    job
}

#[tokio::test]
async fn merged_job_is_the_same_for_every_arrival_order() {
    let mut expected: Option<(JobRecord, JobRecord)> = None;
    for mode in [Mode::SeparateImports, Mode::OneBatch, Mode::OneByOne] {
        for n in [3, 4] {
            let mut base: Option<(JobRecord, JobRecord)> = None;
            for order in permutations(n) {
                let (first, second) = run(&order, mode).await;
                if n == 4 {
                    match &expected {
                        None => expected = Some((first, second)),
                        Some((e1, e2)) => {
                            assert_eq!(&first, e1, "{mode:?}, order {order:?}");
                            assert_eq!(&second, e2, "{mode:?}, order {order:?}, after a re-scrape");
                        }
                    }
                } else {
                    // Three copies (no lever): compare with the first order of the same set.
                    match &base {
                        None => base = Some((first, second)),
                        Some((b1, b2)) => {
                            assert_eq!(&first, b1, "{mode:?}, order {order:?}");
                            assert_eq!(&second, b2, "{mode:?}, order {order:?}, after a re-scrape");
                        }
                    }
                }
            }
        }
    }

    let (job, rescraped) = expected.unwrap();
    // The salary comes whole from the most complete (stated) copy.
    assert_eq!(
        job.salary,
        Some(Salary {
            min: Some(70_000.0),
            max: Some(90_000.0),
            currency: Some("EUR".into()),
            interval: Some(SalaryInterval::Year),
            source: SalarySource::Stated,
            source_text: None,
        })
    );
    assert_eq!(job.location.as_deref(), Some("Berlin, Germany (Hybrid)"));
    assert_eq!(job.title, "Senior Data Engineer (m/w/d)");
    assert_eq!(job.company, "Acme GmbH");
    assert_eq!(job.remote, Some(true));
    assert_eq!(job.employment_type.as_deref(), Some("FULL_TIME"));
    assert_eq!(job.apply_email.as_deref(), Some("jobs@acme.example"));
    assert_eq!(job.apply_url.as_deref(), Some("https://boards.greenhouse.io/acme/jobs/1"));
    assert_eq!(job.posted_at, Some(t0() - Duration::days(3)), "the earliest date");
    assert_eq!(job.tags, ["Data", "Engineering", "Python"]);
    assert!(job.description.contains("You will own the warehouse"));
    assert!(job.skills.contains(&"dbt".to_string()) && job.skills.contains(&"aws".to_string()));
    assert_eq!(job.found_on.len(), 4);
    assert_eq!(job.first_seen, t0());
    // A re-scrape of unchanged boards changes nothing but the sightings.
    assert_eq!(rescraped.salary, job.salary);
    assert_eq!(rescraped.location, job.location);
    assert_eq!(rescraped.last_seen, t0() + Duration::days(1));
}

/// Rows written by the old merge carry salary figures without a source; they are still a salary.
#[tokio::test]
async fn a_salary_without_a_source_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let ids = import_postings(pool, &[posting("arbeitnow", "an-1")], t0()).await.unwrap().job_ids;
    sqlx::query(
        "UPDATE jobs SET salary_min = 50000, salary_max = 60000, salary_currency = 'EUR' WHERE id = ?",
    )
    .bind(&ids[0])
    .execute(pool)
    .await
    .unwrap();
    let job = get_job(pool, &ids[0]).await.unwrap();
    let salary = job.salary.expect("the salary is kept");
    assert_eq!(
        (salary.min, salary.max, salary.currency.as_deref()),
        (Some(50_000.0), Some(60_000.0), Some("EUR"))
    );
    assert_eq!(salary.source, SalarySource::Parsed, "an unknown source counts as the weaker claim");
}
