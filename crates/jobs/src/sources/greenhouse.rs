//! Greenhouse Job Board API: `/v1/boards/<board>/jobs?content=true`. The `content` field is
//! HTML escaped twice; `updated_at` has an offset; no salary fields (parsed from the text).
//! `company_name` names the company; the location is one text ("Berlin; Remote, EMEA"), read
//! for several places and for remote/hybrid words.

use serde::Deserialize;

use super::fields::{slug_company, split_locations};
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::{html_to_text, unescape_html};
use crate::Result;

#[derive(Deserialize)]
struct Payload {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
struct Job {
    id: u64,
    title: String,
    absolute_url: Option<String>,
    #[serde(default)]
    location: Option<Named>,
    updated_at: Option<String>,
    first_published: Option<String>,
    #[serde(default)]
    content: String,
    #[serde(default)]
    departments: Vec<Named>,
    company_name: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

pub(super) fn parse(source: &str, board: &str, body: &str) -> Result<Vec<Posting>> {
    let payload: Payload = super::parse_json(source, body)?;
    Ok(payload
        .jobs
        .into_iter()
        .map(|j| {
            let html = unescape_html(&j.content);
            let text = html_to_text(&html);
            let location = j.location.and_then(|l| l.name).unwrap_or_default();
            let locations = split_locations(&location);
            let mut warnings = Vec::new();
            let company = match j.company_name.filter(|c| !c.trim().is_empty()) {
                Some(c) => c,
                None => slug_company(board, &mut warnings),
            };
            Posting {
                source: source.to_owned(),
                source_job_id: j.id.to_string(),
                salary: parse_salary(&text),
                company,
                workplace: Workplace::from_text(&location),
                location: locations.first().cloned(),
                locations,
                description_text: text,
                description_html: Some(html),
                url: j.absolute_url.clone(),
                apply_url: j.absolute_url,
                posted_at: j.first_published.or(j.updated_at).as_deref().and_then(parse_datetime),
                tags: j.departments.into_iter().filter_map(|d| d.name).collect(),
                title: j.title,
                warnings,
                ..Posting::default()
            }
        })
        .collect())
}
