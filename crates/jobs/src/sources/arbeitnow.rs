//! Arbeitnow job board API: `/api/job-board-api`. Paginated through `links.next` (an absolute
//! URL on the public host; the fetcher moves it onto the configured base). `created_at` is
//! epoch SECONDS; the description is HTML; no salary fields (parsed from the text).

use serde::Deserialize;

use crate::posting::{Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::{Error, Result};

#[derive(Deserialize)]
struct Payload {
    data: Vec<Job>,
    #[serde(default)]
    links: Links,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Links {
    next: Option<String>,
}

#[derive(Deserialize)]
struct Job {
    slug: String,
    company_name: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    remote: Option<bool>,
    url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    job_types: Vec<String>,
    location: Option<String>,
    created_at: Option<i64>,
}

pub(super) fn parse(source: &str, body: &str) -> Result<(Vec<Posting>, Option<String>)> {
    let payload: Payload = super::parse_json(source, body)?;
    let mut out = Vec::with_capacity(payload.data.len());
    for (i, j) in payload.data.into_iter().enumerate() {
        // Epoch seconds (Lever uses milliseconds; `epoch` tells them apart by size).
        let posted_at = match j.created_at {
            Some(secs) => Some(crate::posting::from_epoch(secs).ok_or_else(|| {
                Error::malformed(source, format!("data[{i}].created_at: {secs} is not a timestamp"))
            })?),
            None => None,
        };
        let text = html_to_text(&j.description);
        let salary = parse_salary(&text);
        // `job_types` mixes the level ("Professional / Experienced", "berufserfahren") with the
        // employment type ("Full Time", "Vollzeit"): the first that is a known type is the type.
        let employment_raw = j.job_types.iter().find(|t| super::is_known_employment_type(t)).cloned();
        let employment = employment_raw.as_deref().and_then(super::employment_type);
        out.push(Posting {
            source: source.to_owned(),
            source_job_id: j.slug,
            title: j.title,
            company: j.company_name,
            // `remote: false` says "not fully remote", not whether hybrid: the text may.
            workplace: match j.remote {
                Some(true) => Some(Workplace::Remote),
                _ => j.tags.iter().find_map(|t| Workplace::from_text(t)).filter(|w| *w != Workplace::Remote),
            },
            location: j.location,
            locations: Vec::new(),
            remote: j.remote,
            employment_type: employment.clone(),
            salary,
            description_text: text,
            description_html: Some(j.description),
            apply_url: j.url.clone(),
            url: j.url,
            apply_email: None,
            posted_at,
            tags: j
                .tags
                .into_iter()
                .chain(j.job_types.into_iter().filter(|t| Some(t) != employment_raw.as_ref()))
                .collect(),
            warnings: Vec::new(),
        });
    }
    Ok((out, payload.links.next.filter(|n| !n.trim().is_empty())))
}
