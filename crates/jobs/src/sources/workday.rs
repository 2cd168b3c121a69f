//! Workday career sites (`workday:<tenant>.<wdN>/<site>`, e.g. `workday:acme.wd3/External`),
//! through the JSON API behind `https://<tenant>.<wdN>.myworkdayjobs.com/<site>`.
//!
//! The search is `POST /wday/cxs/<tenant>/<site>/jobs` with
//! `{"appliedFacets":{},"limit":20,"offset":N,"searchText":"..."}` (20 is the most a page
//! holds); it answers `{"total", "jobPostings": [...], "facets"}`, where `total` is only
//! reliable on the first page (later pages may say 0). A list item has `title`,
//! `externalPath` (`/job/<place>/<title>_<req id>`), `locationsText` ("Berlin, Germany" or
//! "2 Locations"), `postedOn` ("Posted Today", "Posted Yesterday", "Posted 3 Days Ago",
//! "Posted 30+ Days Ago") and `bulletFields`, but no text. Relative dates become a date
//! counted from a day the caller gives (30+ days: 30 days before it).
//!
//! The detail, `GET /wday/cxs/<tenant>/<site><externalPath>`, is
//! `{"jobPostingInfo": {title, jobDescription (HTML), location, additionalLocations,
//! startDate ("2026-05-01", the posting date), timeType, remoteType, jobReqId, externalUrl},
//! "hiringOrganization": {name}}`. No salary field: one is parsed from the text. Errors come
//! as JSON `{"errorCode", "httpStatus", "message"}` with a 4xx status.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::fields::{slug_company, COMPANY_FROM_SLUG};
use super::{Page, SourceSpec};
use crate::fetch::{Fetcher, Query};
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::{Error, Result};

/// The most postings Workday returns in one page (more is refused with a 400).
pub(crate) const PAGE_SIZE: usize = 20;

/// A Workday site named by a spec's argument `<tenant>.<wdN>/<site>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Site<'a> {
    pub tenant: &'a str,
    pub wd: &'a str,
    pub site: &'a str,
}

impl<'a> Site<'a> {
    /// `acme.wd3/External`; `None` unless the tenant and site are names (letters, digits,
    /// `-`, `_`) and the data centre is `wd` and a number.
    pub fn parse(arg: &'a str) -> Option<Self> {
        let (host, site) = arg.trim().split_once('/')?;
        let (tenant, wd) = host.split_once('.')?;
        let name =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
        let number = wd.strip_prefix("wd").or_else(|| wd.strip_prefix("WD"))?;
        let numbered = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
        (name(tenant) && name(site) && numbered).then_some(Self { tenant, wd, site })
    }

    /// `acme.wd3`: what goes before `.myworkdayjobs.com`.
    pub fn host_label(&self) -> String {
        format!("{}.{}", self.tenant, self.wd)
    }

    /// The search endpoint under `base`.
    pub fn jobs_url(&self, base: &str) -> String {
        format!("{}/wday/cxs/{}/{}/jobs", base.trim_end_matches('/'), self.tenant, self.site)
    }

    /// A posting's detail under `base`, from its public page (`<host>/<site><externalPath>`).
    pub fn detail_url(&self, base: &str, posting: &Posting) -> Option<String> {
        let page = reqwest::Url::parse(posting.url.as_deref()?).ok()?;
        let path = page.path().strip_prefix(&format!("/{}", self.site))?;
        path.starts_with('/')
            .then(|| format!("{}/wday/cxs/{}/{}{path}", base.trim_end_matches('/'), self.tenant, self.site))
    }

    /// One search page; `public` is the site's host (posting pages), `today` the day relative
    /// dates count from.
    pub fn parse_page(
        &self,
        source: &str,
        public: &str,
        body: &str,
        today: NaiveDate,
    ) -> Result<WorkdayPage> {
        let list: List = super::parse_json(source, body)?;
        let public = public.trim_end_matches('/');
        let postings = list
            .job_postings
            .into_iter()
            .map(|item| {
                let mut warnings = Vec::new();
                let url = format!("{public}/{}{}", self.site, item.external_path);
                // "2 Locations": the detail names them.
                let place = item.locations_text.filter(|l| !l.trim().is_empty() && !is_location_count(l));
                let id = item.external_path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
                Posting {
                    source: source.to_owned(),
                    source_job_id: id.to_owned(),
                    company: slug_company(self.tenant, &mut warnings),
                    workplace: place.as_deref().and_then(Workplace::from_text),
                    location: place,
                    posted_at: item.posted_on.as_deref().and_then(|p| posted_on(p, today)),
                    apply_url: Some(url.clone()),
                    url: Some(url),
                    title: item.title,
                    warnings,
                    ..Posting::default()
                }
                .finish()
            })
            .collect();
        Ok(WorkdayPage { postings, total: list.total })
    }
}

/// One page of a Workday search.
pub(crate) struct WorkdayPage {
    pub postings: Vec<Posting>,
    /// How many postings the search found (`None` or 0 on later pages).
    pub total: Option<usize>,
}

impl From<WorkdayPage> for Page {
    fn from(page: WorkdayPage) -> Self {
        Page { postings: page.postings, next: None }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct List {
    total: Option<usize>,
    #[serde(default)]
    job_postings: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    title: String,
    external_path: String,
    locations_text: Option<String>,
    posted_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    job_posting_info: Info,
    hiring_organization: Option<Organization>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Info {
    job_description: Option<String>,
    location: Option<String>,
    additional_locations: Vec<String>,
    start_date: Option<String>,
    time_type: Option<String>,
    remote_type: Option<String>,
    external_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Organization {
    name: Option<String>,
}

/// "2 Locations", "12 Locations": a count, not a place.
fn is_location_count(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let counted = words.next().is_some_and(|n| n.parse::<u32>().is_ok());
    counted && words.next().is_some_and(|w| w.eq_ignore_ascii_case("locations")) && words.next().is_none()
}

/// Workday's `postedOn` as a date-time (midnight UTC): "Posted Today", "Posted Yesterday",
/// "Posted 3 Days Ago", "Posted 30+ Days Ago" (30 days: the latest it can be) counted from
/// `today`; a plain date as it is. `None` for anything else.
pub(crate) fn posted_on(raw: &str, today: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    let lower = raw.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("posted").map_or(lower.as_str(), str::trim);
    let days = match rest {
        "today" => 0,
        "yesterday" => 1,
        _ => {
            let Some(ago) = rest.strip_suffix("ago") else { return parse_datetime(raw) };
            let (n, unit) = ago.trim().split_once(' ')?;
            let n: u64 = n.trim_end_matches('+').parse().ok()?;
            match unit.trim() {
                "day" | "days" => n,
                _ => return None,
            }
        }
    };
    today.checked_sub_days(Days::new(days))?.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
}

/// A detail payload onto its posting: text, places, the posting date, hours, workplace, the
/// company's name and the public page.
pub(crate) fn read_detail(source: &str, posting: &mut Posting, body: &str) -> Result<()> {
    let detail: Detail = super::parse_json(source, body)?;
    let info = detail.job_posting_info;
    let html = info.job_description.unwrap_or_default();
    let text = html_to_text(&html);
    if posting.salary.is_none() {
        posting.salary = parse_salary(&text);
    }
    posting.description_text = text;
    posting.description_html = Some(html);
    if let Some(location) = info.location.filter(|l| !l.trim().is_empty()) {
        posting.location = Some(location);
        posting.locations = info.additional_locations;
    }
    if let Some(date) = info.start_date.as_deref().and_then(parse_datetime) {
        posting.posted_at = Some(date);
    }
    if let Some(hours) = info.time_type.as_deref().and_then(super::employment_type) {
        posting.employment_type = Some(hours);
    }
    let mut warnings = Vec::new();
    if let Some(workplace) =
        super::fields::workplace("remoteType", info.remote_type.as_deref(), &mut warnings)
    {
        posting.workplace = Some(workplace);
    }
    posting.warnings.extend(warnings);
    if let Some(name) = detail.hiring_organization.and_then(|o| o.name).filter(|n| !n.trim().is_empty()) {
        posting.company = name;
        posting.warnings.retain(|w| w.field != COMPANY_FROM_SLUG);
    }
    if let Some(page) = info.external_url.filter(|u| !u.trim().is_empty()) {
        posting.apply_url = Some(page.clone());
        posting.url = Some(page);
    }
    Ok(())
}

/// Every posting of a Workday search for `query`: pages of [`PAGE_SIZE`] (fewer when the
/// limit is smaller) posted in turn until the first page's `total` is read, a page comes back
/// empty, `max_pages` pages were read or the limit is met. Relative dates count from today.
pub(crate) async fn search(
    fetcher: &Fetcher,
    spec: &SourceSpec,
    base: &str,
    query: &Query,
    max_pages: usize,
) -> Result<Vec<Posting>> {
    let label = spec.label();
    let site = Site::parse(spec.argument.as_deref().unwrap_or_default())
        .ok_or_else(|| Error::Invalid(format!("source: '{label}' names no Workday site")))?;
    let url = spec.url(base, query);
    let public = spec.base_for(super::Board::Workday.default_base_url());
    let today = chrono::Utc::now().date_naive();
    let keywords: Vec<&str> = query.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
    let size = if query.limit == 0 { PAGE_SIZE } else { query.limit.min(PAGE_SIZE) };
    let (mut out, mut total, mut offset) = (Vec::new(), None, 0);
    for _ in 0..max_pages {
        let body = serde_json::json!({
            "appliedFacets": {}, "limit": size, "offset": offset, "searchText": keywords.join(" "),
        });
        let answer = fetcher.post_json(&url, &body.to_string()).await?;
        let page = site.parse_page(&label, &public, &answer, today)?;
        // Later pages may say 0: the first page's count holds.
        total = total.or(page.total.filter(|t| *t > 0));
        let count = page.postings.len();
        for posting in page.postings {
            out.push(posting);
            if query.limit > 0 && out.len() >= query.limit {
                return Ok(out);
            }
        }
        offset += count;
        let more = match total {
            Some(total) => offset < total,
            None => count == size,
        };
        if count == 0 || !more {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_parse_from_the_spec_argument() {
        let s = Site::parse("acme.wd3/External").unwrap();
        assert_eq!((s.tenant, s.wd, s.site), ("acme", "wd3", "External"));
        assert_eq!(s.host_label(), "acme.wd3");
        for bad in
            ["acme/External", "acme.wd3", "acme.xx3/External", "acme.wd/External", "a.wd1/", "a b.wd1/x"]
        {
            assert!(Site::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn relative_dates_count_from_the_given_day() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let day = |raw: &str| posted_on(raw, today).map(|d| d.date_naive().to_string());
        assert_eq!(day("Posted Today").as_deref(), Some("2026-03-10"));
        assert_eq!(day("Posted Yesterday").as_deref(), Some("2026-03-09"));
        assert_eq!(day("Posted 3 Days Ago").as_deref(), Some("2026-03-07"));
        assert_eq!(day("Posted 30+ Days Ago").as_deref(), Some("2026-02-08"));
        assert_eq!(day("2026-01-05").as_deref(), Some("2026-01-05"));
        assert_eq!(day("Posted a while ago"), None);
        assert!(is_location_count("2 Locations") && !is_location_count("Berlin, Germany"));
    }
}
