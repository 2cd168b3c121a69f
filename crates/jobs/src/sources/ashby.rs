//! Ashby posting API: `/posting-api/job-board/<board>?includeCompensation=true`. Salary comes
//! as structured `summaryComponents` (min/max/currency/interval; an equity component is not a
//! salary) and as summary strings ("$120K – $150K • Offers Equity") that are parsed when no
//! structured salary exists. Unlisted postings (`isListed: false`) are skipped.
//! `workplaceType` (Remote, Hybrid, OnSite) wins over `isRemote`, which Ashby also sets for
//! hybrid jobs; `secondaryLocations` follow the primary location. The API names no company:
//! the slug stands in until the fetcher reads the board page's title.

use serde::Deserialize;

use super::fields::{slug_company, stated_salary, workplace};
use crate::posting::{parse_datetime, Posting, Salary, SalaryInterval, Workplace};
use crate::salary::parse_salary;
use crate::text::{collapse_whitespace, html_to_text};
use crate::Result;

#[derive(Deserialize)]
struct Payload {
    jobs: Vec<Job>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    id: Option<String>,
    title: String,
    location: Option<String>,
    department: Option<String>,
    team: Option<String>,
    is_listed: Option<bool>,
    is_remote: Option<bool>,
    workplace_type: Option<String>,
    #[serde(default)]
    secondary_locations: Vec<SecondaryLocation>,
    employment_type: Option<String>,
    published_at: Option<String>,
    job_url: String,
    apply_url: Option<String>,
    description_html: Option<String>,
    description_plain: Option<String>,
    compensation: Option<Compensation>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SecondaryLocation {
    location: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Compensation {
    compensation_tier_summary: Option<String>,
    scrapeable_compensation_salary_summary: Option<String>,
    summary_components: Vec<Component>,
    compensation_tiers: Vec<Tier>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Tier {
    tier_summary: Option<String>,
    components: Vec<Component>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Component {
    compensation_type: Option<String>,
    interval: Option<String>,
    currency_code: Option<String>,
    min_value: Option<f64>,
    max_value: Option<f64>,
}

pub(super) fn parse(source: &str, board: &str, body: &str) -> Result<Vec<Posting>> {
    let payload: Payload = super::parse_json(source, body)?;
    Ok(payload
        .jobs
        .into_iter()
        .filter(|j| j.is_listed != Some(false))
        .map(|j| {
            let html = j.description_html.unwrap_or_default();
            let text = match j.description_plain {
                Some(plain) if !plain.trim().is_empty() => collapse_whitespace(&plain),
                _ => html_to_text(&html),
            };
            let salary =
                j.compensation.as_ref().and_then(compensation_salary).or_else(|| parse_salary(&text));
            let mut warnings = Vec::new();
            let workplace = workplace("workplaceType", j.workplace_type.as_deref(), &mut warnings)
                .or_else(|| j.is_remote.and_then(|r| r.then_some(Workplace::Remote)));
            // Older boards have no `id`; the posting URL ends with it.
            let id = j.id.filter(|i| !i.is_empty()).unwrap_or_else(|| {
                j.job_url.trim_end_matches('/').rsplit('/').next().unwrap_or(&j.job_url).to_owned()
            });
            Posting {
                source: source.to_owned(),
                source_job_id: id,
                title: j.title,
                company: slug_company(board, &mut warnings),
                location: j.location,
                locations: j.secondary_locations.into_iter().filter_map(|l| l.location).collect(),
                workplace,
                remote: j.is_remote.filter(|r| !r),
                employment_type: j.employment_type.as_deref().and_then(super::employment_type),
                salary,
                description_text: text,
                description_html: Some(html),
                apply_url: j.apply_url.or_else(|| Some(j.job_url.clone())),
                url: Some(j.job_url),
                apply_email: None,
                posted_at: j.published_at.as_deref().and_then(parse_datetime),
                tags: j.department.into_iter().chain(j.team).collect(),
                warnings,
            }
        })
        .collect())
}

/// A structured salary component when there is one (the first tier's otherwise), else the
/// summary strings parsed.
fn compensation_salary(c: &Compensation) -> Option<Salary> {
    let is_salary = |k: &&Component| {
        k.compensation_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("salary"))
            && (k.min_value.is_some() || k.max_value.is_some())
    };
    let tiers = c.compensation_tiers.iter().flat_map(|t| t.components.iter());
    if let Some(k) = c.summary_components.iter().chain(tiers).find(is_salary) {
        let interval = k.interval.as_deref().and_then(ashby_interval);
        let mut salary = stated_salary(
            "compensation",
            k.min_value,
            k.max_value,
            k.currency_code.clone(),
            k.interval.as_deref(),
            interval,
        )?;
        // The words the board shows are the better quote: the part of its summary with the
        // salary ("€95K – €120K" of "0.01% – 0.02% • €95K – €120K"), else its salary summary.
        let shown = c
            .compensation_tier_summary
            .iter()
            .flat_map(|s| s.split('•'))
            .map(str::trim)
            .find(|part| parse_salary(part).is_some())
            .or(c.scrapeable_compensation_salary_summary.as_deref().map(str::trim))
            .filter(|s| !s.is_empty());
        if let Some(shown) = shown {
            salary.source_text = Some(shown.to_owned());
        }
        return Some(salary);
    }
    let summaries =
        [c.scrapeable_compensation_salary_summary.as_deref(), c.compensation_tier_summary.as_deref()];
    let tier_summaries = c.compensation_tiers.iter().map(|t| t.tier_summary.as_deref());
    summaries
        .into_iter()
        .chain(tier_summaries)
        .flatten()
        // "$120K – $150K • Offers Equity": the parts are separate figures.
        .flat_map(|s| s.split('•'))
        .find_map(parse_salary)
}

/// "1 YEAR", "1 HOUR", "YEAR".
fn ashby_interval(raw: &str) -> Option<SalaryInterval> {
    SalaryInterval::parse(raw.trim().trim_start_matches(|c: char| c.is_ascii_digit()).trim())
}
