//! Lever Postings API: `/v0/postings/<site>?mode=json`. `createdAt` is epoch milliseconds;
//! `salaryRange` is structured when present; the description comes as HTML and plain text.

use serde::Deserialize;

use crate::posting::{Posting, Salary, SalaryInterval, SalarySource};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::Result;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    id: String,
    text: String,
    hosted_url: Option<String>,
    apply_url: Option<String>,
    created_at: Option<i64>,
    #[serde(default)]
    categories: Categories,
    description: Option<String>,
    description_plain: Option<String>,
    #[serde(default)]
    lists: Vec<List>,
    workplace_type: Option<String>,
    salary_range: Option<SalaryRange>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Categories {
    location: Option<String>,
    commitment: Option<String>,
    team: Option<String>,
}

#[derive(Deserialize)]
struct List {
    text: String,
    content: String,
}

#[derive(Deserialize)]
struct SalaryRange {
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<String>,
    interval: Option<String>,
}

pub(super) fn parse(source: &str, site: &str, body: &str) -> Result<Vec<Posting>> {
    let jobs: Vec<Job> = super::parse_json(source, body)?;
    Ok(jobs
        .into_iter()
        .map(|j| {
            let mut html = j.description.unwrap_or_default();
            for list in &j.lists {
                html.push_str(&format!("<h3>{}</h3><ul>{}</ul>", list.text, list.content));
            }
            let text = match j.description_plain {
                Some(plain) if j.lists.is_empty() => crate::text::collapse_whitespace(&plain),
                _ => html_to_text(&html),
            };
            let salary = match j.salary_range {
                Some(r) => Some(Salary {
                    min: r.min,
                    max: r.max,
                    currency: r.currency,
                    // Lever writes intervals as "per-year-salary", "per-hour-wage", ...
                    interval: r.interval.as_deref().and_then(|i| {
                        SalaryInterval::parse(i.trim_start_matches("per-").split('-').next().unwrap_or(i))
                    }),
                    source: SalarySource::Stated,
                }),
                None => parse_salary(&text),
            };
            let location = j.categories.location;
            let remote = match j.workplace_type.as_deref() {
                Some("remote") => Some(true),
                Some("onsite") => Some(false),
                _ => location.as_deref().map(|l| l.to_lowercase().contains("remote")),
            };
            Posting {
                source: source.to_owned(),
                source_job_id: j.id,
                title: j.text,
                company: site.to_owned(),
                location,
                remote,
                employment_type: j.categories.commitment,
                salary,
                description_text: text,
                description_html: Some(html),
                url: j.hosted_url,
                apply_url: j.apply_url,
                apply_email: None,
                posted_at: j.created_at.and_then(crate::posting::from_epoch),
                tags: j.categories.team.into_iter().collect(),
            }
        })
        .collect())
}
