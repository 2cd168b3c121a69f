//! Lever Postings API: `/v0/postings/<site>?mode=json`. `createdAt` is epoch milliseconds;
//! `salaryRange` is structured when present, else the salary is read from
//! `salaryDescriptionPlain`, the `additional` section (where many companies state their pay
//! range) and the description, in that order. The description is the description, the lists
//! and the additional section. `workplaceType` is remote, hybrid, onsite or unspecified;
//! `categories.allLocations` lists every place. The API names no company: the slug stands in
//! until the fetcher reads the board page's title.

use serde::Deserialize;

use super::fields::{slug_company, stated_salary, workplace};
use crate::posting::{Posting, PostingWarning, SalaryInterval, Workplace};
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
    additional: Option<String>,
    additional_plain: Option<String>,
    workplace_type: Option<String>,
    salary_range: Option<SalaryRange>,
    salary_description_plain: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Categories {
    location: Option<String>,
    all_locations: Vec<String>,
    commitment: Option<String>,
    team: Option<String>,
    department: Option<String>,
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
    Ok(jobs.into_iter().map(|j| posting(source, site, j)).collect())
}

fn posting(source: &str, site: &str, j: Job) -> Posting {
    let mut warnings = Vec::new();
    let mut html = j.description.unwrap_or_default();
    for list in &j.lists {
        html.push_str(&format!("<h3>{}</h3><ul>{}</ul>", list.text, list.content));
    }
    let additional_html = j.additional.filter(|a| !a.trim().is_empty());
    if let Some(additional) = &additional_html {
        html.push_str(additional);
    }
    let text = match j.description_plain {
        Some(plain) if j.lists.is_empty() => {
            let extra = j.additional_plain.as_deref().or(additional_html.as_deref()).unwrap_or_default();
            let extra = if j.additional_plain.is_some() { extra.to_owned() } else { html_to_text(extra) };
            crate::text::collapse_whitespace(&format!("{plain}\n{extra}"))
        }
        _ => html_to_text(&html),
    };
    let salary = match j.salary_range {
        Some(r) => {
            // Lever writes intervals as "per-year-salary", "per-hour-wage", ...
            let raw = r.interval.as_deref();
            let interval = raw.and_then(|i| {
                SalaryInterval::parse(i.trim_start_matches("per-").split('-').next().unwrap_or(i))
            });
            if raw.is_some() && interval.is_none() {
                warnings.push(PostingWarning::new(
                    "salaryRange.interval",
                    format!("unknown pay interval '{}'", raw.unwrap_or_default()),
                ));
            }
            stated_salary("salaryRange", r.min, r.max, r.currency, raw, interval)
        }
        None => None,
    }
    .or_else(|| j.salary_description_plain.as_deref().and_then(parse_salary))
    .or_else(|| j.additional_plain.as_deref().and_then(parse_salary))
    .or_else(|| parse_salary(&text));
    let location = j.categories.location;
    let workplace = workplace("workplaceType", j.workplace_type.as_deref(), &mut warnings)
        .or_else(|| location.as_deref().and_then(Workplace::from_text));
    let company = slug_company(site, &mut warnings);
    Posting {
        source: source.to_owned(),
        source_job_id: j.id,
        title: j.text,
        company,
        location,
        locations: j.categories.all_locations,
        workplace,
        employment_type: j.categories.commitment.as_deref().and_then(super::employment_type),
        salary,
        description_text: text,
        description_html: Some(html),
        url: j.hosted_url,
        apply_url: j.apply_url,
        posted_at: j.created_at.and_then(crate::posting::from_epoch),
        tags: j.categories.department.into_iter().chain(j.categories.team).collect(),
        warnings,
        ..Posting::default()
    }
}
