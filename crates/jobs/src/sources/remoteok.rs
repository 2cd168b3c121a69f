//! RemoteOK API: `/api`. Element 0 of the array is a legal notice, not a job; `epoch` is in
//! seconds; salary_min/salary_max are yearly USD when non-zero. Every job is remote; the
//! location says from where ("Worldwide", "Nassau, " with the board's trailing separator).

use serde::Deserialize;
use serde_json::Value;

use super::fields::{split_locations, stated_salary};
use crate::posting::{parse_datetime, Posting, SalaryInterval, Workplace};
use crate::text::html_to_text;
use crate::{Error, Result};

#[derive(Deserialize)]
struct Job {
    id: Value,
    position: String,
    company: String,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    description: String,
    url: Option<String>,
    apply_url: Option<String>,
    epoch: Option<i64>,
    date: Option<String>,
    #[serde(default)]
    salary_min: Option<f64>,
    #[serde(default)]
    salary_max: Option<f64>,
}

pub(super) fn parse(source: &str, body: &str) -> Result<Vec<Posting>> {
    let items: Vec<Value> = super::parse_json(source, body)?;
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        // The legal notice (element 0) has no `position`; so may other non-job entries.
        if item.get("position").is_none() {
            continue;
        }
        let job: Job = serde_path_to_error::deserialize(&item).map_err(|e| {
            let path = e.path().to_string();
            Error::malformed(source, format!("[{i}].{path}: {}", e.into_inner()))
        })?;
        let id = match &job.id {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let salary = stated_salary(
            "salary_min/salary_max",
            job.salary_min,
            job.salary_max,
            Some("USD".into()),
            None,
            Some(SalaryInterval::Year),
        );
        let locations = split_locations(job.location.as_deref().unwrap_or_default());
        out.push(Posting {
            source: source.to_owned(),
            source_job_id: id,
            title: job.position,
            company: job.company,
            location: locations.first().cloned(),
            locations,
            workplace: Some(Workplace::Remote),
            remote: Some(true),
            employment_type: None,
            salary,
            description_text: html_to_text(&job.description),
            description_html: Some(job.description),
            url: job.url,
            apply_url: job.apply_url,
            apply_email: None,
            posted_at: job
                .epoch
                .and_then(crate::posting::from_epoch)
                .or_else(|| job.date.as_deref().and_then(parse_datetime)),
            tags: job.tags,
            warnings: Vec::new(),
        });
    }
    Ok(out)
}
