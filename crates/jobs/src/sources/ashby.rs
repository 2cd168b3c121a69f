//! Ashby posting API: `/posting-api/job-board/<board>?includeCompensation=true`. Salary comes
//! as structured `summaryComponents` (min/max/currency/interval; an equity component is not a
//! salary) and as summary strings ("$120K – $150K • Offers Equity") that are parsed when no
//! structured salary exists. Unlisted postings (`isListed: false`) are skipped.

use serde::Deserialize;

use crate::posting::{parse_datetime, Posting, Salary, SalaryInterval, SalarySource};
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
    employment_type: Option<String>,
    published_at: Option<String>,
    job_url: String,
    apply_url: Option<String>,
    description_html: Option<String>,
    description_plain: Option<String>,
    compensation: Option<Compensation>,
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
            let remote = j.is_remote.or_else(|| match j.workplace_type.as_deref() {
                Some(w) if w.eq_ignore_ascii_case("remote") => Some(true),
                Some(w) if w.eq_ignore_ascii_case("onsite") => Some(false),
                _ => None,
            });
            // Older boards have no `id`; the posting URL ends with it.
            let id = j.id.filter(|i| !i.is_empty()).unwrap_or_else(|| {
                j.job_url.trim_end_matches('/').rsplit('/').next().unwrap_or(&j.job_url).to_owned()
            });
            Posting {
                source: source.to_owned(),
                source_job_id: id,
                title: j.title,
                company: board.to_owned(),
                location: j.location.filter(|l| !l.trim().is_empty()),
                remote,
                employment_type: j.employment_type.as_deref().and_then(super::employment_type),
                salary,
                description_text: text,
                description_html: Some(html),
                apply_url: j.apply_url.or_else(|| Some(j.job_url.clone())),
                url: Some(j.job_url),
                apply_email: None,
                posted_at: j.published_at.as_deref().and_then(parse_datetime),
                tags: j.department.into_iter().chain(j.team).collect(),
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
        return Some(Salary {
            min: k.min_value,
            max: k.max_value,
            currency: k.currency_code.clone(),
            interval: k.interval.as_deref().and_then(ashby_interval),
            source: SalarySource::Stated,
        });
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
