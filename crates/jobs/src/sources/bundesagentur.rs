//! Bundesagentur fuer Arbeit Jobsuche API:
//! `/jobboerse/jobsuche-service/pc/v4/jobs?was=..&wo=..&size=..` with the public client's
//! `X-API-Key: jobboerse-jobsuche` header. The API searches server side; a search without hits
//! has no `stellenangebote` key at all. Dates are bare dates (taken as midnight UTC); the list
//! carries no description or salary, so the text is the occupation (`beruf`) and the title.
//!
//! Paging: `page` (from 1) and `size` (at most 100) in the query; the response states
//! `maxErgebnisse` (the total), `page` and `size`, as strings or numbers. While
//! `page * size < maxErgebnisse` (or, without a total, while a page comes back full) the next
//! page is `?page=N+1&size=<size>`, a relative reference that [`super::SourceSpec::next_page_url`]
//! applies to the current URL (the search terms stay). The fetcher's `limit` and `max_pages`
//! end the walk early.

use serde::Deserialize;
use serde_json::Value;

use crate::posting::{parse_datetime, Posting, PostingWarning, Workplace};
use crate::{Error, Result};

/// The public job page for a reference number when the posting has no external URL.
const DETAIL_URL: &str = "https://www.arbeitsagentur.de/jobsuche/jobdetail/";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payload {
    #[serde(default)]
    stellenangebote: Vec<Job>,
    #[serde(default)]
    max_ergebnisse: Option<Value>,
    #[serde(default)]
    page: Option<Value>,
    #[serde(default)]
    size: Option<Value>,
}

/// A count the API sends as a string (`"25"`) or a number; anything else is unknown.
fn count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The next page's relative reference, when the payload says there is one.
fn next_page(payload: &Payload) -> Option<String> {
    let returned = payload.stellenangebote.len() as u64;
    if returned == 0 {
        return None;
    }
    let page = count(payload.page.as_ref()).unwrap_or(1).max(1);
    let size = count(payload.size.as_ref()).filter(|s| *s > 0).unwrap_or(returned);
    let more = match count(payload.max_ergebnisse.as_ref()) {
        Some(total) => page.saturating_mul(size) < total,
        None => returned >= size,
    };
    more.then(|| format!("?page={}&size={size}", page + 1))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job {
    refnr: String,
    titel: String,
    beruf: Option<String>,
    arbeitgeber: Option<String>,
    #[serde(default)]
    arbeitsort: Arbeitsort,
    eintrittsdatum: Option<String>,
    aktuelle_veroeffentlichungsdatum: Option<String>,
    externe_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Arbeitsort {
    ort: Option<String>,
    region: Option<String>,
    land: Option<String>,
}

/// The postings of one page and the next page's relative reference (`?page=2&size=50`).
pub(super) fn parse(source: &str, body: &str) -> Result<(Vec<Posting>, Option<String>)> {
    let payload: Payload = super::parse_json(source, body)?;
    let next = next_page(&payload);
    let mut out = Vec::with_capacity(payload.stellenangebote.len());
    for (i, j) in payload.stellenangebote.into_iter().enumerate() {
        let refnr = j.refnr.trim().to_owned();
        if refnr.is_empty() {
            return Err(Error::malformed(source, format!("stellenangebote[{i}].refnr: empty")));
        }
        let posted_at = match j.aktuelle_veroeffentlichungsdatum.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => Some(parse_datetime(d).ok_or_else(|| {
                Error::malformed(
                    source,
                    format!("stellenangebote[{i}].aktuelleVeroeffentlichungsdatum: '{d}' is not a date"),
                )
            })?),
            None => None,
        };
        let place = j.arbeitsort;
        let location = [place.ort, place.region, place.land]
            .into_iter()
            .flatten()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .fold(Vec::<String>::new(), |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            });
        let mut text = Vec::new();
        text.push(j.titel.clone());
        if let Some(beruf) = j.beruf.as_deref().filter(|b| !b.trim().is_empty()) {
            text.push(format!("Beruf: {beruf}"));
        }
        if let Some(start) = j.eintrittsdatum.as_deref().filter(|d| !d.trim().is_empty()) {
            text.push(format!("Eintrittsdatum: {start}"));
        }
        let detail = format!("{DETAIL_URL}{refnr}");
        let mut warnings = Vec::new();
        let company = match j.arbeitgeber.filter(|a| !a.trim().is_empty()) {
            Some(a) => a,
            None => {
                warnings.push(PostingWarning::new("arbeitgeber", "the posting names no employer"));
                "unknown".to_owned()
            }
        };
        out.push(Posting {
            source: source.to_owned(),
            workplace: Workplace::from_text(&j.titel),
            company,
            title: j.titel,
            location: (!location.is_empty()).then(|| location.join(", ")),
            locations: Vec::new(),
            remote: None,
            employment_type: None,
            salary: None,
            description_text: text.join("\n"),
            description_html: None,
            apply_url: j.externe_url.filter(|u| !u.trim().is_empty()).or_else(|| Some(detail.clone())),
            url: Some(detail),
            apply_email: None,
            posted_at,
            tags: j.beruf.into_iter().collect(),
            source_job_id: refnr,
            warnings,
        });
    }
    Ok((out, next))
}
