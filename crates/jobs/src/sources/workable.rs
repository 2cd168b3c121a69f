//! Workable's public widget API: `/api/v1/widget/accounts/<account>?details=true` on
//! `apply.workable.com`, every published job of the account at once as
//! `{"name": <company>, "description": ..., "jobs": [...]}`. A job has `title`, `shortcode`
//! (its id), `code`, `employment_type` ("Full-time"), `telecommuting` (fully remote),
//! `department`, `function`, `industry`, `experience`, `url`/`shortlink`, `application_url`,
//! `published_on`/`created_at` (dates), `city`/`state`/`country` and a `locations` list, and
//! with `details=true` its `description` (HTML). No salary field: one is parsed from the text.

use serde::Deserialize;

use super::fields::slug_company;
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::Result;

#[derive(Deserialize)]
struct Payload {
    name: Option<String>,
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    title: String,
    shortcode: String,
    employment_type: Option<String>,
    telecommuting: Option<bool>,
    department: Option<String>,
    function: Option<String>,
    url: Option<String>,
    shortlink: Option<String>,
    application_url: Option<String>,
    published_on: Option<String>,
    created_at: Option<String>,
    city: Option<String>,
    state: Option<String>,
    country: Option<String>,
    #[serde(default)]
    locations: Vec<Location>,
    description: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Location {
    city: Option<String>,
    region: Option<String>,
    country: Option<String>,
    hidden: Option<bool>,
}

pub(super) fn parse(source: &str, account: &str, body: &str) -> Result<Vec<Posting>> {
    let payload: Payload = super::parse_json(source, body)?;
    let name = payload.name.filter(|n| !n.trim().is_empty());
    Ok(payload.jobs.into_iter().map(|j| job(source, account, name.as_deref(), j)).collect())
}

fn job(source: &str, account: &str, name: Option<&str>, j: Job) -> Posting {
    let html = j.description.unwrap_or_default();
    let text = html_to_text(&html);
    let mut warnings = Vec::new();
    let company = match name {
        Some(n) => n.to_owned(),
        None => slug_company(account, &mut warnings),
    };
    let primary = place(j.city, j.state, j.country);
    let others = j.locations.into_iter().filter(|l| l.hidden != Some(true));
    let others = others.filter_map(|l| place(l.city, l.region, l.country));
    let url = j.url.or(j.shortlink);
    Posting {
        source: source.to_owned(),
        source_job_id: j.shortcode,
        salary: parse_salary(&text),
        company,
        workplace: j.telecommuting.and_then(|t| t.then_some(Workplace::Remote)),
        remote: j.telecommuting.filter(|t| !t),
        location: primary,
        locations: others.collect(),
        employment_type: j.employment_type.as_deref().and_then(super::employment_type),
        description_text: text,
        description_html: Some(html),
        apply_url: j.application_url.or_else(|| url.clone()),
        url,
        posted_at: j.published_on.or(j.created_at).as_deref().and_then(parse_datetime),
        tags: j.department.into_iter().chain(j.function).collect(),
        title: j.title,
        warnings,
        ..Posting::default()
    }
}

/// "Berlin, Germany": city, region (unless it repeats the city) and country, those given.
fn place(city: Option<String>, region: Option<String>, country: Option<String>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in [city, region, country].into_iter().flatten() {
        let part = part.trim().to_owned();
        if !part.is_empty() && !parts.iter().any(|p| p.eq_ignore_ascii_case(&part)) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}
