//! The jobs tables: postings with their provenance. Importing the same posting again (same
//! source and source id) updates it and its `last_seen` instead of duplicating it; merging
//! (cross-source de-duplication) moves provenance onto the surviving job.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, SqlitePool};

use crate::posting::{Posting, PostingWarning, Salary, SalaryInterval, SalarySource, Workplace};
use crate::process::dedupe_key;
use crate::{Error, Result};

pub mod facts;
pub mod lifecycle;
mod merge;
mod seen;

pub use lifecycle::{EarlierPosting, LifecycleOutcome};
pub(crate) use merge::{write_fields, MergeFields, MERGE_COLUMNS};
pub use seen::{count_first_seen_between, count_unseen, mark_all_seen, mark_seen, seen_at, time_key};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

pub(crate) fn db(e: sqlx::Error) -> Error {
    Error::Transient(format!("database: {e}"))
}

/// One board a job was found on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FoundOn {
    pub source: String,
    pub source_job_id: String,
    pub url: Option<String>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// A stored job, as `jobs show --json` prints it (`match` is added by the matching layer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JobRecord {
    pub id: String,
    pub title: String,
    pub company: String,
    /// The primary location (the first of `locations`).
    pub location: Option<String>,
    /// Every location the postings name, primary first.
    pub locations: Vec<String>,
    /// Remote, hybrid or on site; `None` when no posting says.
    pub workplace: Option<Workplace>,
    /// True only for fully remote jobs.
    pub remote: Option<bool>,
    pub employment_type: Option<String>,
    pub salary: Option<Salary>,
    pub url: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    pub posted_at: Option<DateTime<Utc>>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub found_on: Vec<FoundOn>,
    pub description: String,
    pub tags: Vec<String>,
    pub skills: Vec<String>,
    pub language: Option<String>,
    pub processed: bool,
    /// What the adapters did not understand in this job's postings.
    pub warnings: Vec<PostingWarning>,
    /// When a board listing all its postings stopped listing it; `None` while open.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// The closed job this one reposts (same company and title, a new posting).
    #[serde(default)]
    pub reposted_from: Option<String>,
    /// That earlier posting's dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_posting: Option<EarlierPosting>,
    /// Open for more than 60 days (since posted, else first seen).
    #[serde(default)]
    pub old: bool,
    /// Days open, since posted (else first seen) until closed or now.
    #[serde(default)]
    pub open_days: u32,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportOutcome {
    /// The stored job of every posting, in input order.
    pub job_ids: Vec<String>,
    /// How many postings were new.
    pub created: usize,
}

/// The columns a posting fills in `jobs` (besides id, seen-times and processing results).
fn posting_columns() -> String {
    format!("dedupe_key, {MERGE_COLUMNS}")
}

/// Rows per multi-row statement (26 parameters each keeps far below SQLite's limit).
const ROWS_PER_STATEMENT: usize = 200;

/// Binds `id` and the posting's columns (in [`posting_columns`] order) into one VALUES row.
fn push_posting(
    row: &mut sqlx::query_builder::Separated<'_, '_, sqlx::Sqlite, &'static str>,
    id: &str,
    p: &Posting,
) {
    row.push_bind(id.to_owned()).push_bind(dedupe_key(&p.company, &p.title, p.location.as_deref()));
    MergeFields::from_posting(p).bind(row);
}

/// Inserts new postings and refreshes known ones (by source + source id), in one transaction,
/// with a few set-based statements rather than one round trip per posting.
pub async fn import_postings(
    pool: &SqlitePool,
    postings: &[Posting],
    now: DateTime<Utc>,
) -> Result<ImportOutcome> {
    let now = ts(now);
    let posting_columns = posting_columns();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;

    // Which postings are known already.
    let mut known: HashMap<(String, String), String> = HashMap::new();
    for chunk in postings.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT source, source_job_id, job_id FROM job_sources WHERE (source, source_job_id) IN (VALUES ",
        );
        let mut list = q.separated(", ");
        for p in chunk {
            list.push("(").push_bind_unseparated(p.source.clone()).push_unseparated(", ");
            list.push_bind_unseparated(p.source_job_id.clone()).push_unseparated(")");
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *tx).await.map_err(db)? {
            let key = (row.try_get("source").map_err(db)?, row.try_get("source_job_id").map_err(db)?);
            known.insert(key, row.try_get("job_id").map_err(db)?);
        }
    }

    // Ids in input order; a posting repeated within the batch is one job.
    let mut out = ImportOutcome::default();
    let mut fresh: Vec<(String, &Posting)> = Vec::new();
    let mut refreshed: HashMap<String, Vec<&Posting>> = HashMap::new();
    for p in postings {
        let key = (p.source.clone(), p.source_job_id.clone());
        let id = match known.get(&key) {
            Some(id) => {
                refreshed.entry(id.clone()).or_default().push(p);
                id.clone()
            }
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                known.insert(key, id.clone());
                fresh.push((id.clone(), p));
                id
            }
        };
        out.job_ids.push(id);
    }
    out.created = fresh.len();
    // A posting that is both new and repeated later in the batch: the last copy wins.
    for (id, p) in fresh.iter_mut() {
        if let Some(later) = refreshed.remove(id.as_str()) {
            *p = later[later.len() - 1];
        }
    }

    let mut sightings: HashMap<(&str, &str), &Posting> = HashMap::new();
    for p in refreshed.values().flatten() {
        sightings.insert((p.source.as_str(), p.source_job_id.as_str()), p);
    }
    let sightings: Vec<&Posting> = sightings.into_values().collect();

    // A job that duplicates were merged into stands for several postings: a posting seen again
    // is merged into it (as `process_jobs` merges), not written over it, so re-scraping its
    // boards gives the same job whatever order they answer in. Any other job takes the
    // posting as it is now (the last copy in the batch).
    let mut survivors: HashSet<String> = HashSet::new();
    let refreshed_ids: Vec<&String> = refreshed.keys().collect();
    for chunk in refreshed_ids.chunks(ROWS_PER_STATEMENT) {
        let mut q =
            QueryBuilder::<sqlx::Sqlite>::new("SELECT DISTINCT merged_into FROM jobs WHERE merged_into IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind((*id).clone());
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *tx).await.map_err(db)? {
            survivors.insert(row.try_get("merged_into").map_err(db)?);
        }
    }
    let mut merged: Vec<(String, MergeFields)> = Vec::with_capacity(survivors.len());
    let survivor_ids: Vec<&String> = survivors.iter().collect();
    for chunk in survivor_ids.chunks(ROWS_PER_STATEMENT) {
        let mut q =
            QueryBuilder::<sqlx::Sqlite>::new(format!("SELECT id, {MERGE_COLUMNS} FROM jobs WHERE id IN ("));
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind((*id).clone());
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *tx).await.map_err(db)? {
            let id: String = row.try_get("id").map_err(db)?;
            let fields = refreshed[&id]
                .iter()
                .fold(MergeFields::from_row(&row)?, |acc, p| acc.merge(MergeFields::from_posting(p)));
            merged.push((id, fields));
        }
    }
    write_fields(&mut tx, "import_merge", &merged, Some(("last_seen = ?, processed_at = NULL", &now)))
        .await?;
    let refreshed: HashMap<String, &Posting> = refreshed
        .into_iter()
        .filter(|(id, _)| !survivors.contains(id))
        .map(|(id, ps)| (id, ps[ps.len() - 1]))
        .collect();

    for chunk in fresh.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(format!(
            "INSERT INTO jobs (id, {posting_columns}, first_seen, last_seen) "
        ));
        q.push_values(chunk, |mut row, (id, p)| {
            push_posting(&mut row, id, p);
            row.push_bind(now.clone()).push_bind(now.clone());
        });
        q.build().execute(&mut *tx).await.map_err(db)?;
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO job_sources (source, source_job_id, job_id, url, first_seen, last_seen) ",
        );
        q.push_values(chunk, |mut row, (id, p)| {
            row.push_bind(p.source.clone())
                .push_bind(p.source_job_id.clone())
                .push_bind(id.clone())
                .push_bind(p.url.clone())
                .push_bind(now.clone())
                .push_bind(now.clone());
        });
        q.build().execute(&mut *tx).await.map_err(db)?;
    }

    if !refreshed.is_empty() {
        sqlx::query(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS import_refresh AS SELECT id, {posting_columns} FROM jobs WHERE 0"
        ))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query("DELETE FROM import_refresh").execute(&mut *tx).await.map_err(db)?;
        let refreshed: Vec<(&String, &&Posting)> = refreshed.iter().collect();
        for chunk in refreshed.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<sqlx::Sqlite>::new(format!(
                "INSERT INTO import_refresh (id, {posting_columns}) "
            ));
            q.push_values(chunk, |mut row, (id, p)| push_posting(&mut row, id, p));
            q.build().execute(&mut *tx).await.map_err(db)?;
        }
        let assignments: Vec<String> = posting_columns
            .split(',')
            .map(str::trim)
            .filter(|c| *c != "dedupe_key")
            .map(|c| format!("{c} = r.{c}"))
            .collect();
        sqlx::query(&format!(
            "UPDATE jobs SET {}, last_seen = ?, processed_at = NULL FROM import_refresh r WHERE jobs.id = r.id",
            assignments.join(", ")
        ))
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    // Only the sightings of these sources (a merged job has others), each once (its last copy).
    for chunk in sightings.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new("UPDATE job_sources SET last_seen = ");
        q.push_bind(now.clone()).push(", url = v.column3 FROM (");
        q.push_values(chunk, |mut row, p| {
            row.push_bind(p.source.clone()).push_bind(p.source_job_id.clone()).push_bind(p.url.clone());
        });
        q.push(") v WHERE job_sources.source = v.column1 AND job_sources.source_job_id = v.column2");
        q.build().execute(&mut *tx).await.map_err(db)?;
    }
    tx.commit().await.map_err(db)?;
    Ok(out)
}

const JOB_COLUMNS: &str = "id, title, company, location, remote, employment_type, salary_min, salary_max, \
    salary_currency, salary_interval, salary_source, description_text, url, apply_url, apply_email, posted_at, \
    first_seen, last_seen, tags, skills, language, processed_at, workplace, locations, salary_text, warnings, \
    closed_at, reposted_from";

/// A job with its provenance; merged-away jobs resolve to the job they were merged into.
pub async fn get_job(pool: &SqlitePool, id: &str) -> Result<JobRecord> {
    let target: Option<Option<String>> = sqlx::query_scalar("SELECT merged_into FROM jobs WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    let id = match target {
        None => return Err(Error::Invalid(format!("job '{id}' not found"))),
        Some(Some(survivor)) => survivor,
        Some(None) => id.to_owned(),
    };
    let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?");
    let row = sqlx::query(&sql).bind(&id).fetch_one(pool).await.map_err(db)?;
    let mut job = job_from_row(&row)?;
    job.found_on = found_on(pool, &job.id).await?;
    job.earlier_posting = lifecycle::earlier_posting(pool, job.reposted_from.as_deref()).await?;
    Ok(job)
}

/// Jobs not merged into another, newest first.
pub async fn list_jobs(pool: &SqlitePool, limit: u32, offset: u32) -> Result<Vec<JobRecord>> {
    list_jobs_where(pool, limit, offset, false).await
}

/// [`list_jobs`], only the open ones (not closed) when `open_only`.
pub async fn list_jobs_where(
    pool: &SqlitePool,
    limit: u32,
    offset: u32,
    open_only: bool,
) -> Result<Vec<JobRecord>> {
    let open = if open_only { " AND closed_at IS NULL" } else { "" };
    let sql = format!(
        "SELECT {JOB_COLUMNS} FROM jobs WHERE merged_into IS NULL{open} ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(&sql)
        .bind(if limit == 0 { 50 } else { i64::from(limit) })
        .bind(i64::from(offset))
        .fetch_all(pool)
        .await
        .map_err(db)?;
    let mut jobs = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut job = job_from_row(row)?;
        job.found_on = found_on(pool, &job.id).await?;
        job.earlier_posting = lifecycle::earlier_posting(pool, job.reposted_from.as_deref()).await?;
        jobs.push(job);
    }
    Ok(jobs)
}

async fn found_on(pool: &SqlitePool, job_id: &str) -> Result<Vec<FoundOn>> {
    let rows = sqlx::query(
        "SELECT source, source_job_id, url, first_seen, last_seen FROM job_sources WHERE job_id = ? ORDER BY first_seen, source",
    )
    .bind(job_id)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(FoundOn {
                source: r.try_get("source").map_err(db)?,
                source_job_id: r.try_get("source_job_id").map_err(db)?,
                url: r.try_get("url").map_err(db)?,
                first_seen: parse_ts(&r.try_get::<String, _>("first_seen").map_err(db)?).unwrap_or_default(),
                last_seen: parse_ts(&r.try_get::<String, _>("last_seen").map_err(db)?).unwrap_or_default(),
            })
        })
        .collect()
}

fn job_from_row(r: &SqliteRow) -> Result<JobRecord> {
    let get_s = |c: &str| r.try_get::<Option<String>, _>(c).map_err(db);
    // A salary is its figures; one without a recorded source (older merges copied only the
    // figures) is kept and counted as parsed, the weaker claim.
    let salary_source = get_s("salary_source")?;
    let (min, max): (Option<f64>, Option<f64>) =
        (r.try_get("salary_min").map_err(db)?, r.try_get("salary_max").map_err(db)?);
    let salary = (min.is_some() || max.is_some() || salary_source.is_some()).then(|| -> Result<Salary> {
        Ok(Salary {
            min,
            max,
            currency: get_s("salary_currency")?,
            interval: get_s("salary_interval")?.as_deref().and_then(SalaryInterval::parse),
            source: if salary_source.as_deref() == Some("stated") {
                SalarySource::Stated
            } else {
                SalarySource::Parsed
            },
            source_text: get_s("salary_text")?,
        })
    });
    let salary = salary.transpose()?;
    let posted_at = get_s("posted_at")?.as_deref().and_then(parse_ts);
    let first_seen = parse_ts(&r.try_get::<String, _>("first_seen").map_err(db)?).unwrap_or_default();
    let closed_at = get_s("closed_at")?.as_deref().and_then(parse_ts);
    let now = Utc::now();
    let json_list = |c: &str| -> Result<Vec<String>> {
        Ok(serde_json::from_str(&get_s(c)?.unwrap_or_else(|| "[]".into())).unwrap_or_default())
    };
    Ok(JobRecord {
        id: r.try_get("id").map_err(db)?,
        title: r.try_get("title").map_err(db)?,
        company: r.try_get("company").map_err(db)?,
        location: get_s("location")?,
        locations: json_list("locations")?,
        workplace: get_s("workplace")?.as_deref().and_then(Workplace::parse),
        remote: r.try_get("remote").map_err(db)?,
        employment_type: get_s("employment_type")?,
        salary,
        url: get_s("url")?,
        apply_url: get_s("apply_url")?,
        apply_email: get_s("apply_email")?,
        posted_at,
        first_seen,
        last_seen: parse_ts(&r.try_get::<String, _>("last_seen").map_err(db)?).unwrap_or_default(),
        found_on: Vec::new(),
        description: r.try_get("description_text").map_err(db)?,
        tags: json_list("tags")?,
        skills: json_list("skills")?,
        language: get_s("language")?,
        processed: get_s("processed_at")?.is_some(),
        warnings: serde_json::from_str(&get_s("warnings")?.unwrap_or_else(|| "[]".into()))
            .unwrap_or_default(),
        closed_at,
        reposted_from: get_s("reposted_from")?,
        earlier_posting: None,
        old: lifecycle::is_old(posted_at, first_seen, closed_at, now),
        open_days: lifecycle::open_days(posted_at, first_seen, closed_at, now),
    })
}
