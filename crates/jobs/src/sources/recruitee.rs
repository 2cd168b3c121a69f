//! Recruitee careers sites: `https://<company>.recruitee.com/api/offers/`, every published
//! offer at once as `{"offers": [...]}`. An offer has `id`, `title`, `slug`, `description` and
//! `requirements` (HTML), `location` (one text) with `city`/`country`/`country_code` and a
//! `locations` list, `remote`/`hybrid`/`on_site` flags, `department`, `tags`, `careers_url`,
//! `careers_apply_url`, `published_at` ("2026-09-10 07:25:25 UTC"), `employment_type_code`
//! ("fulltime_permanent", "parttime", "internship", ...), `company_name`, and an optional
//! `salary` `{min, max, currency, period}` whose figures come as numbers or strings.

use serde::Deserialize;

use super::fields::{slug_company, stated_salary};
use crate::posting::{parse_datetime, Posting, SalaryInterval, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::Result;

#[derive(Deserialize)]
struct Payload {
    offers: Vec<Offer>,
}

#[derive(Deserialize)]
struct Offer {
    id: u64,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    requirements: Option<String>,
    location: Option<String>,
    city: Option<String>,
    country: Option<String>,
    #[serde(default)]
    locations: Vec<Location>,
    remote: Option<bool>,
    hybrid: Option<bool>,
    on_site: Option<bool>,
    department: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    careers_url: Option<String>,
    careers_apply_url: Option<String>,
    published_at: Option<String>,
    created_at: Option<String>,
    employment_type_code: Option<String>,
    company_name: Option<String>,
    salary: Option<OfferSalary>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Location {
    city: Option<String>,
    country: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OfferSalary {
    min: Option<Figure>,
    max: Option<Figure>,
    currency: Option<String>,
    period: Option<String>,
}

/// A salary figure as Recruitee writes it: `240000` or `"240000"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Figure {
    Number(f64),
    Text(String),
}

impl Figure {
    fn value(&self) -> Option<f64> {
        match self {
            Figure::Number(n) => Some(*n),
            Figure::Text(t) => t.trim().replace([',', ' '], "").parse().ok(),
        }
    }
}

pub(super) fn parse(source: &str, slug: &str, body: &str) -> Result<Vec<Posting>> {
    let payload: Payload = super::parse_json(source, body)?;
    Ok(payload.offers.into_iter().map(|o| offer(source, slug, o)).collect())
}

fn offer(source: &str, slug: &str, o: Offer) -> Posting {
    let html = [o.description, o.requirements].into_iter().flatten().collect::<Vec<_>>().join("\n");
    let text = html_to_text(&html);
    let mut warnings = Vec::new();
    let company = match o.company_name.filter(|c| !c.trim().is_empty()) {
        Some(c) => c,
        None => slug_company(slug, &mut warnings),
    };
    let place = |city: Option<String>, country: Option<String>| {
        let parts: Vec<String> =
            [city, country].into_iter().flatten().filter(|p| !p.trim().is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    let primary = o.location.filter(|l| !l.trim().is_empty()).or_else(|| place(o.city, o.country));
    let others = o.locations.into_iter().filter_map(|l| place(l.city, l.country));
    let workplace = match (o.remote, o.hybrid, o.on_site) {
        (Some(true), _, _) => Some(Workplace::Remote),
        (_, Some(true), _) => Some(Workplace::Hybrid),
        (_, _, Some(true)) => Some(Workplace::Onsite),
        _ => None,
    };
    let salary = o.salary.and_then(|s| {
        let interval = s.period.as_deref().and_then(SalaryInterval::parse);
        let min = s.min.as_ref().and_then(Figure::value);
        let max = s.max.as_ref().and_then(Figure::value);
        stated_salary("salary", min, max, s.currency, s.period.as_deref(), interval)
    });
    // "fulltime_permanent", "fulltime_fixed_term": the kind of contract comes after the hours.
    let employment = o.employment_type_code.as_deref().map(|c| c.split('_').next().unwrap_or(c).to_owned());
    Posting {
        source: source.to_owned(),
        source_job_id: o.id.to_string(),
        salary: salary.or_else(|| parse_salary(&text)),
        company,
        workplace,
        remote: o.remote.filter(|r| !r),
        location: primary,
        locations: others.collect(),
        employment_type: employment.as_deref().and_then(super::employment_type),
        description_text: text,
        description_html: Some(html),
        apply_url: o.careers_apply_url.or_else(|| o.careers_url.clone()),
        url: o.careers_url,
        posted_at: o.published_at.or(o.created_at).as_deref().and_then(recruitee_time),
        tags: o.department.into_iter().chain(o.tags).collect(),
        title: o.title,
        warnings,
        ..Posting::default()
    }
}

/// "2026-09-10 07:25:25 UTC" (Recruitee's form) or any form [`parse_datetime`] reads.
fn recruitee_time(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let raw = raw.trim();
    parse_datetime(raw.strip_suffix(" UTC").unwrap_or(raw))
}
