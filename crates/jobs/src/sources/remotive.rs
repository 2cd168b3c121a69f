//! Remotive remote-jobs API: `/api/remote-jobs` (`?search=` and `?limit=` narrow it server
//! side; keywords are still filtered locally). `publication_date` has NO timezone
//! ("2026-11-20T08:01:02") and is taken as UTC; `salary` is free text ("$80k - $100k") and is
//! parsed (marked as parsed); every job is remote, `candidate_required_location` says where
//! from. The payload starts with warning/legal-notice keys next to `jobs`.

use serde::Deserialize;
use serde_json::Value;

use super::fields::split_locations;
use crate::posting::{parse_datetime, Posting, PostingWarning, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::{Error, Result};

#[derive(Deserialize)]
struct Payload {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: Value,
    url: Option<String>,
    title: String,
    company_name: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    job_type: Option<String>,
    publication_date: Option<String>,
    #[serde(default)]
    candidate_required_location: Option<String>,
    #[serde(default)]
    salary: Option<String>,
    #[serde(default)]
    description: String,
}

pub(super) fn parse(source: &str, body: &str) -> Result<Vec<Posting>> {
    let payload: Payload = super::parse_json(source, body)?;
    let mut out = Vec::with_capacity(payload.jobs.len());
    for (i, j) in payload.jobs.into_iter().enumerate() {
        let id = match j.id {
            Value::String(s) if !s.is_empty() => s,
            Value::Number(n) => n.to_string(),
            other => {
                return Err(Error::malformed(source, format!("jobs[{i}].id: expected a number, got {other}")))
            }
        };
        let posted_at = match j.publication_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            // No zone in the payload: `parse_datetime` reads it as UTC.
            Some(d) => Some(parse_datetime(d).ok_or_else(|| {
                Error::malformed(source, format!("jobs[{i}].publication_date: '{d}' is not a date"))
            })?),
            None => None,
        };
        let text = html_to_text(&j.description);
        let mut warnings = Vec::new();
        let stated = j.salary.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let salary = match stated.map(|s| (s, parse_salary(s))) {
            Some((_, Some(salary))) => Some(salary),
            Some((raw, None)) => {
                // "Pay per task", "Competitive": said, but no figure to read.
                warnings.push(PostingWarning::new("salary", format!("no figure in '{raw}'")));
                None
            }
            None => parse_salary(&text),
        };
        let locations = split_locations(j.candidate_required_location.as_deref().unwrap_or_default());
        out.push(Posting {
            source: source.to_owned(),
            source_job_id: id,
            title: j.title,
            company: j.company_name,
            location: locations.first().cloned(),
            locations,
            workplace: Some(Workplace::Remote),
            remote: Some(true),
            employment_type: j.job_type.as_deref().and_then(super::employment_type),
            salary,
            description_text: text,
            description_html: Some(j.description),
            apply_url: j.url.clone(),
            url: j.url,
            apply_email: None,
            posted_at,
            tags: j.category.into_iter().chain(j.tags).collect(),
            warnings,
        });
    }
    Ok(out)
}
