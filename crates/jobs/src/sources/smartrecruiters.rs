//! SmartRecruiters' public Posting API on `api.smartrecruiters.com`.
//!
//! The list, `/v1/companies/<company>/postings?limit=<n>&offset=<k>`, is paged:
//! `{"offset", "limit", "totalFound", "content": [...]}`, at most 100 a page. A list item has
//! `id`, `name` (the title), `refNumber`, `company` `{identifier, name}`, `releasedDate`
//! (RFC 3339), `location` `{city, region, country, remote, hybrid, fullLocation}`,
//! `department`/`function`/`industry`/`typeOfEmployment`/`experienceLevel` (each
//! `{id, label}`) and `ref` (its detail URL), but no text. The detail,
//! `/v1/companies/<company>/postings/<id>`, adds `postingUrl`, `applyUrl` and
//! `jobAd.sections` (`companyDescription`, `jobDescription`, `qualifications`,
//! `additionalInformation`, each `{title, text}` with HTML text). No salary field: one is
//! parsed from the text. An unknown company answers an empty list.

use serde::Deserialize;

use super::fields::slug_company;
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::Result;

/// The most postings the API returns in one page.
pub(super) const PAGE_SIZE: usize = 100;

/// Where the public posting pages live (the list names none; the detail's `postingUrl` does).
const PUBLIC_PAGES: &str = "https://jobs.smartrecruiters.com";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct List {
    offset: Option<usize>,
    limit: Option<usize>,
    total_found: Option<usize>,
    content: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: String,
    name: String,
    company: Option<Company>,
    released_date: Option<String>,
    location: Option<Location>,
    department: Option<Label>,
    function: Option<Label>,
    type_of_employment: Option<Label>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Company {
    identifier: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Location {
    city: Option<String>,
    region: Option<String>,
    country: Option<String>,
    remote: Option<bool>,
    hybrid: Option<bool>,
    full_location: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Label {
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    posting_url: Option<String>,
    apply_url: Option<String>,
    #[serde(default)]
    job_ad: JobAd,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JobAd {
    sections: Sections,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Sections {
    company_description: Option<Section>,
    job_description: Option<Section>,
    qualifications: Option<Section>,
    additional_information: Option<Section>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Section {
    title: Option<String>,
    text: Option<String>,
}

/// The first list page under `base` (at most `limit` postings a page; 0: the most there is).
pub(super) fn first_page_url(base: &str, company: &str, limit: usize) -> String {
    let size = if limit == 0 { PAGE_SIZE } else { limit.min(PAGE_SIZE) };
    format!("{base}/v1/companies/{company}/postings?limit={size}&offset=0")
}

/// A posting's detail under `base`.
pub(super) fn detail_url(base: &str, company: &str, id: &str) -> String {
    format!("{base}/v1/companies/{company}/postings/{id}")
}

/// One list page: its postings (without text) and the next page as a query
/// (`?limit=100&offset=200`) while `totalFound` says there are more.
pub(super) fn parse(source: &str, slug: &str, body: &str) -> Result<(Vec<Posting>, Option<String>)> {
    let list: List = super::parse_json(source, body)?;
    let count = list.content.len();
    let offset = list.offset.unwrap_or(0);
    let next = match list.total_found {
        Some(total) if count > 0 && offset + count < total => {
            Some(format!("?limit={}&offset={}", list.limit.unwrap_or(count).max(1), offset + count))
        }
        _ => None,
    };
    Ok((list.content.into_iter().map(|item| posting(source, slug, item)).collect(), next))
}

fn posting(source: &str, slug: &str, item: Item) -> Posting {
    let mut warnings = Vec::new();
    let company = item.company.unwrap_or_default();
    let identifier = company.identifier.filter(|i| !i.trim().is_empty()).unwrap_or_else(|| slug.to_owned());
    let name = match company.name.filter(|n| !n.trim().is_empty()) {
        Some(n) => n,
        None => slug_company(slug, &mut warnings),
    };
    let location = item.location.unwrap_or_default();
    let workplace = match (location.remote, location.hybrid) {
        (Some(true), _) => Some(Workplace::Remote),
        (_, Some(true)) => Some(Workplace::Hybrid),
        _ => None,
    };
    // "Dubai, , United Arab Emirates": the full location leaves empty parts in.
    let full = location.full_location.map(|f| tidy_parts(f.split(',').map(str::to_owned)));
    let place = full
        .filter(|f| !f.is_empty())
        .or_else(|| {
            Some(tidy_parts([location.city, location.region, location.country].into_iter().flatten()))
        })
        .filter(|p| !p.is_empty());
    let url = format!("{PUBLIC_PAGES}/{identifier}/{}", item.id);
    Posting {
        source: source.to_owned(),
        company: name,
        workplace,
        remote: location.remote.filter(|r| !r),
        location: place,
        employment_type: item
            .type_of_employment
            .and_then(|t| t.label)
            .as_deref()
            .and_then(super::employment_type),
        posted_at: item.released_date.as_deref().and_then(parse_datetime),
        tags: [item.department, item.function].into_iter().flatten().filter_map(|l| l.label).collect(),
        apply_url: Some(url.clone()),
        url: Some(url),
        source_job_id: item.id,
        title: item.name,
        warnings,
        ..Posting::default()
    }
}

fn tidy_parts(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    parts.join(", ")
}

/// A detail payload onto its posting: the job ad's sections as text (the job first, the
/// company's description last), the public page and the apply link.
pub(super) fn read_detail(source: &str, posting: &mut Posting, body: &str) -> Result<()> {
    let detail: Detail = super::parse_json(source, body)?;
    let s = detail.job_ad.sections;
    let mut html = String::new();
    for section in [s.job_description, s.qualifications, s.additional_information, s.company_description]
        .into_iter()
        .flatten()
    {
        let text = section.text.unwrap_or_default();
        if text.trim().is_empty() {
            continue;
        }
        if let Some(title) = section.title.filter(|t| !t.trim().is_empty()) {
            html.push_str(&format!("<h3>{}</h3>", html_escape::encode_text(title.trim())));
        }
        html.push_str(&text);
        html.push('\n');
    }
    let text = html_to_text(&html);
    if posting.salary.is_none() {
        posting.salary = parse_salary(&text);
    }
    posting.description_text = text;
    posting.description_html = Some(html);
    if let Some(url) = detail.posting_url.filter(|u| !u.trim().is_empty()) {
        posting.url = Some(url);
    }
    if let Some(apply) = detail.apply_url.filter(|u| !u.trim().is_empty()) {
        posting.apply_url = Some(apply);
    }
    Ok(())
}
