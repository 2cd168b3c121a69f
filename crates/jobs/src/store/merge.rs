//! Merging duplicates field by field: which value of a job's copies the surviving job keeps
//! (by an order on the values alone, so that arrival order never matters), and writing the
//! merged fields back in one set-based statement.

use std::cmp::Ordering;

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row};

use super::{db, ts, ROWS_PER_STATEMENT};
use crate::posting::{Posting, PostingWarning, SalaryInterval, SalarySource, Workplace};
use crate::Result;

pub(super) fn interval_name(i: SalaryInterval) -> &'static str {
    match i {
        SalaryInterval::Hour => "hour",
        SalaryInterval::Day => "day",
        SalaryInterval::Week => "week",
        SalaryInterval::Month => "month",
        SalaryInterval::Year => "year",
    }
}

/// The posting columns a merge combines (after `dedupe_key` in [`POSTING_COLUMNS`], same order).
pub(crate) const MERGE_COLUMNS: &str = "title, company, location, remote, employment_type, salary_min, salary_max, \
    salary_currency, salary_interval, salary_source, description_text, description_html, url, apply_url, apply_email, \
    posted_at, tags, workplace, locations, salary_text, warnings";

/// A salary as its stored columns. Merged as a whole: its figures, currency, interval and
/// source always come from one posting.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SalaryColumns {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Option<String>,
    pub interval: Option<String>,
    pub source: Option<String>,
    /// The words the salary was read from.
    pub text: Option<String>,
}

impl SalaryColumns {
    /// How much a salary says: its number of known fields, then stated over parsed over unknown.
    fn rank(&self) -> (usize, u8) {
        let known =
            [self.min.is_some(), self.max.is_some(), self.currency.is_some(), self.interval.is_some()];
        let source = match self.source.as_deref() {
            Some("stated") => 2,
            Some(_) => 1,
            None => 0,
        };
        (known.iter().filter(|k| **k).count(), source)
    }

    /// A total preference order (`Greater`: `self` is preferred); ties between equally complete
    /// salaries of the same source are broken by their values, so the choice never depends on
    /// which posting arrived first.
    fn preference(&self, other: &Self) -> Ordering {
        fn figure(a: Option<f64>, b: Option<f64>) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => a.total_cmp(&b),
                (a, b) => a.is_some().cmp(&b.is_some()),
            }
        }
        self.rank()
            .cmp(&other.rank())
            .then_with(|| figure(self.max, other.max))
            .then_with(|| figure(self.min, other.min))
            .then_with(|| other.currency.cmp(&self.currency))
            .then_with(|| other.interval.cmp(&self.interval))
            .then_with(|| other.source.cmp(&self.source))
            .then_with(|| other.text.cmp(&self.text))
    }
}

/// The mergeable posting columns of one job row (or of one posting).
///
/// [`MergeFields::merge`] keeps, field by field, the preferred value by an order on the values
/// alone (never on which job survives or which arrived first), so merging is commutative and
/// associative: the same duplicates give the same job whatever their order, all at once or one
/// by one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MergeFields {
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub remote: Option<bool>,
    pub employment_type: Option<String>,
    pub salary: Option<SalaryColumns>,
    pub description_text: String,
    pub description_html: Option<String>,
    pub url: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    /// Stored form (RFC 3339, UTC, fixed width: orders as it sorts).
    pub posted_at: Option<String>,
    pub tags: Vec<String>,
    pub workplace: Option<Workplace>,
    /// Every location; the merged `location` first, the others sorted.
    pub locations: Vec<String>,
    /// Sorted, without repeats.
    pub warnings: Vec<PostingWarning>,
}

/// The more informative text: the longer one (trimmed), then the lexicographically smaller.
fn text_preference(a: &str, b: &str) -> Ordering {
    a.trim().chars().count().cmp(&b.trim().chars().count()).then_with(|| b.cmp(a))
}

fn pick_text(a: String, b: String) -> String {
    if text_preference(&b, &a) == Ordering::Greater {
        b
    } else {
        a
    }
}

fn pick_opt_text(a: Option<String>, b: Option<String>) -> Option<String> {
    let known = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    match (known(a), known(b)) {
        (Some(a), Some(b)) => Some(pick_text(a, b)),
        (a, b) => a.or(b),
    }
}

impl MergeFields {
    pub(crate) fn from_row(r: &SqliteRow) -> Result<Self> {
        let get_s = |c: &str| r.try_get::<Option<String>, _>(c).map_err(db);
        let salary = SalaryColumns {
            min: r.try_get("salary_min").map_err(db)?,
            max: r.try_get("salary_max").map_err(db)?,
            currency: get_s("salary_currency")?,
            interval: get_s("salary_interval")?,
            source: get_s("salary_source")?,
            text: get_s("salary_text")?,
        };
        Ok(Self {
            title: r.try_get("title").map_err(db)?,
            company: r.try_get("company").map_err(db)?,
            location: get_s("location")?,
            remote: r.try_get("remote").map_err(db)?,
            employment_type: get_s("employment_type")?,
            salary: (salary != SalaryColumns::default()).then_some(salary),
            description_text: r.try_get("description_text").map_err(db)?,
            description_html: get_s("description_html")?,
            url: get_s("url")?,
            apply_url: get_s("apply_url")?,
            apply_email: get_s("apply_email")?,
            posted_at: get_s("posted_at")?,
            tags: serde_json::from_str(&get_s("tags")?.unwrap_or_default()).unwrap_or_default(),
            workplace: get_s("workplace")?.as_deref().and_then(Workplace::parse),
            locations: serde_json::from_str(&get_s("locations")?.unwrap_or_default()).unwrap_or_default(),
            warnings: serde_json::from_str(&get_s("warnings")?.unwrap_or_default()).unwrap_or_default(),
        })
    }

    pub(crate) fn from_posting(p: &Posting) -> Self {
        let salary = p.salary.as_ref().map(|s| SalaryColumns {
            min: s.min,
            max: s.max,
            currency: s.currency.clone(),
            interval: s.interval.map(|i| interval_name(i).to_owned()),
            source: Some(source_name(s.source).to_owned()),
            text: s.source_text.clone(),
        });
        Self {
            title: p.title.clone(),
            company: p.company.clone(),
            location: p.location.clone(),
            remote: p.remote,
            employment_type: p.employment_type.clone(),
            salary,
            description_text: p.description_text.clone(),
            description_html: p.description_html.clone(),
            url: p.url.clone(),
            apply_url: p.apply_url.clone(),
            apply_email: p.apply_email.clone(),
            posted_at: p.posted_at.map(ts),
            tags: p.tags.clone(),
            workplace: p.workplace,
            locations: p.locations.clone(),
            warnings: p.warnings.clone(),
        }
    }

    /// Both postings' information, each field (the salary as a whole) from the posting that
    /// says most: longer texts, a known value over none, `remote: true` over `false`, the
    /// earliest posting date, the union of tags (sorted).
    pub(crate) fn merge(self, other: Self) -> Self {
        let salary = match (self.salary, other.salary) {
            (Some(a), Some(b)) => Some(if b.preference(&a) == Ordering::Greater { b } else { a }),
            (a, b) => a.or(b),
        };
        let (description_text, description_html) = {
            let a = (self.description_text, self.description_html);
            let b = (other.description_text, other.description_html);
            let order = text_preference(&a.0, &b.0)
                .then_with(|| a.1.is_some().cmp(&b.1.is_some()))
                .then_with(|| text_preference(a.1.as_deref().unwrap_or(""), b.1.as_deref().unwrap_or("")));
            if order == Ordering::Less {
                b
            } else {
                a
            }
        };
        let mut tags = self.tags;
        tags.extend(other.tags);
        tags.sort();
        tags.dedup();
        // Every place either side names (their primary ones included), the preferred first.
        let places: Vec<String> = [&self.location, &other.location]
            .into_iter()
            .flatten()
            .cloned()
            .chain(self.locations)
            .chain(other.locations)
            .collect();
        let location = pick_opt_text(self.location, other.location);
        let mut others: Vec<String> = places.into_iter().filter(|l| Some(l) != location.as_ref()).collect();
        others.sort();
        others.dedup();
        let locations = location.iter().cloned().chain(others).collect();
        let mut warnings = self.warnings;
        warnings.extend(other.warnings);
        warnings.sort();
        warnings.dedup();
        Self {
            title: pick_text(self.title, other.title),
            company: pick_text(self.company, other.company),
            location,
            locations,
            warnings,
            workplace: self.workplace.max(other.workplace),
            remote: self.remote.max(other.remote),
            employment_type: pick_opt_text(self.employment_type, other.employment_type),
            salary,
            description_text,
            description_html,
            url: pick_opt_text(self.url, other.url),
            apply_url: pick_opt_text(self.apply_url, other.apply_url),
            apply_email: pick_opt_text(self.apply_email, other.apply_email),
            posted_at: match (self.posted_at, other.posted_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            tags,
        }
    }
}

impl MergeFields {
    /// Binds every column of [`MERGE_COLUMNS`] in order.
    pub(crate) fn bind(&self, row: &mut sqlx::query_builder::Separated<'_, '_, sqlx::Sqlite, &'static str>) {
        let salary = self.salary.as_ref();
        row.push_bind(self.title.clone())
            .push_bind(self.company.clone())
            .push_bind(self.location.clone())
            .push_bind(self.remote)
            .push_bind(self.employment_type.clone())
            .push_bind(salary.and_then(|s| s.min))
            .push_bind(salary.and_then(|s| s.max))
            .push_bind(salary.and_then(|s| s.currency.clone()))
            .push_bind(salary.and_then(|s| s.interval.clone()))
            .push_bind(salary.and_then(|s| s.source.clone()))
            .push_bind(self.description_text.clone())
            .push_bind(self.description_html.clone())
            .push_bind(self.url.clone())
            .push_bind(self.apply_url.clone())
            .push_bind(self.apply_email.clone())
            .push_bind(self.posted_at.clone())
            .push_bind(serde_json::to_string(&self.tags).unwrap_or_else(|_| "[]".into()))
            .push_bind(self.workplace.map(Workplace::as_str))
            .push_bind(serde_json::to_string(&self.locations).unwrap_or_else(|_| "[]".into()))
            .push_bind(salary.and_then(|s| s.text.clone()))
            .push_bind(serde_json::to_string(&self.warnings).unwrap_or_else(|_| "[]".into()));
    }
}

/// Writes `fields` onto their jobs through the temporary table `table` (one set-based UPDATE);
/// `extra` is appended to the SET list with `extra_bind` bound to its one `?`, if given.
pub(crate) async fn write_fields(
    conn: &mut sqlx::SqliteConnection,
    table: &str,
    fields: &[(String, MergeFields)],
    extra: Option<(&str, &str)>,
) -> Result<()> {
    if fields.is_empty() {
        return Ok(());
    }
    sqlx::query(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS {table} AS SELECT id, {MERGE_COLUMNS} FROM jobs WHERE 0"
    ))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await.map_err(db)?;
    for chunk in fields.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(format!("INSERT INTO {table} (id, {MERGE_COLUMNS}) "));
        q.push_values(chunk, |mut row, (id, f)| {
            row.push_bind(id.clone());
            f.bind(&mut row);
        });
        q.build().execute(&mut *conn).await.map_err(db)?;
    }
    let mut assignments: Vec<String> =
        MERGE_COLUMNS.split(',').map(str::trim).map(|c| format!("{c} = r.{c}")).collect();
    if let Some((clause, _)) = extra {
        assignments.push(clause.to_owned());
    }
    let sql = format!("UPDATE jobs SET {} FROM {table} r WHERE jobs.id = r.id", assignments.join(", "));
    let mut q = sqlx::query(&sql);
    if let Some((_, value)) = extra {
        q = q.bind(value);
    }
    q.execute(&mut *conn).await.map_err(db)?;
    Ok(())
}

pub(super) fn source_name(s: SalarySource) -> &'static str {
    match s {
        SalarySource::Stated => "stated",
        SalarySource::Parsed => "parsed",
    }
}
