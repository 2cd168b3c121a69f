//! schema.org `JobPosting` JSON-LD on any career page (`jsonld:<url>`). Postings are found in
//! every `<script type="application/ld+json">` block, as a single object, an array, an
//! `@graph`, or nested under `mainEntity` / `itemListElement`. Descriptions are often HTML
//! escaped once more; `baseSalary` is a structured (stated) salary, its values numbers or
//! texts ("7 triệu" with unit MONTH); `jobLocationType: TELECOMMUTE` means remote. The spec's argument is the page URL itself, so no base-URL
//! override applies. A broken block is skipped when another block yields postings; when none
//! does, the broken block is reported as malformed.

use serde_json::Value;

use super::fields::stated_salary;
use crate::posting::{parse_datetime, Posting, PostingWarning, Salary, SalaryInterval, Workplace};
use crate::salary::parse_salary;
use crate::text::{html_to_text, unescape_html};
use crate::{Error, Result};

pub(super) fn parse(source: &str, page_url: &str, body: &str) -> Result<Vec<Posting>> {
    let mut values = Vec::new();
    let mut broken = None;
    for (i, block) in ld_json_blocks(body).into_iter().enumerate() {
        match serde_json::from_str::<Value>(block) {
            Ok(value) => values.push((i, value)),
            Err(e) => {
                broken.get_or_insert(format!("script[{i}]: not JSON: {e}"));
            }
        }
    }
    let mut found = Vec::new();
    for (i, value) in &values {
        collect(value, format!("script[{i}]"), &mut found);
    }
    if found.is_empty() {
        if let Some(message) = broken {
            return Err(Error::malformed(source, message));
        }
    }
    let mut out: Vec<Posting> = Vec::with_capacity(found.len());
    // A set, not a scan of `out`: a 10 MB page of tiny postings made that quadratic.
    let mut seen = std::collections::HashSet::new();
    for (n, (path, job)) in found.into_iter().enumerate() {
        let posting = posting(source, page_url, n, &path, job)?;
        // The same posting is sometimes embedded twice (page and list markup).
        if seen.insert(posting.source_job_id.clone()) {
            out.push(posting);
        }
    }
    Ok(out)
}

/// The contents of every `<script ... type="application/ld+json" ...>` block, in order.
/// A plain scan: tag names and attributes are matched case-insensitively, comments and CDATA
/// wrappers inside the block are stripped.
fn ld_json_blocks(html: &str) -> Vec<&str> {
    // ASCII lower-casing keeps byte offsets, so indexes into `lower` index `html` too.
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<script") {
        let start = pos + found;
        let after_name = start + "<script".len();
        let Some(tag_len) = lower[after_name..].find('>') else { break };
        let attrs = &lower[after_name..after_name + tag_len];
        let content_start = after_name + tag_len + 1;
        let content_end = lower[content_start..].find("</script").map_or(lower.len(), |e| content_start + e);
        pos = content_end;
        let is_tag = attrs.is_empty() || attrs.starts_with(|c: char| c.is_ascii_whitespace() || c == '/');
        if is_tag && attrs.contains("application/ld+json") {
            blocks.push(strip_wrappers(&html[content_start..content_end]));
        }
    }
    blocks
}

fn strip_wrappers(block: &str) -> &str {
    let mut s = block.trim();
    for (open, close) in [("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.trim();
            s = s.strip_suffix(close).unwrap_or(s).trim();
        }
    }
    s
}

fn collect<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            if is_job_posting(value) {
                out.push((path, value));
                return;
            }
            for key in ["@graph", "mainEntity", "itemListElement", "item"] {
                if let Some(inner) = map.get(key) {
                    collect(inner, format!("{path}.{key}"), out);
                }
            }
        }
        _ => {}
    }
}

fn is_job_posting(value: &Value) -> bool {
    let is = |t: &Value| {
        t.as_str()
            .is_some_and(|t| t == "JobPosting" || t.ends_with("/JobPosting") || t.ends_with(":JobPosting"))
    };
    match value.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

fn posting(source: &str, page_url: &str, n: usize, path: &str, job: &Value) -> Result<Posting> {
    let title = match job.get("title").or_else(|| job.get("name")) {
        Some(t) => text(t).ok_or_else(|| Error::malformed(source, format!("{path}.title: not a text")))?,
        None => return Err(Error::malformed(source, format!("{path}.title: missing"))),
    };
    let mut warnings = Vec::new();
    let company = job.get("hiringOrganization").and_then(text).unwrap_or_else(|| {
        let host = reqwest::Url::parse(page_url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_owned()))
            .unwrap_or_else(|| page_url.to_owned());
        warnings.push(PostingWarning::new(
            "hiringOrganization",
            format!("the posting names no company; the site '{host}' is shown instead"),
        ));
        host
    });
    let telecommute = job.get("jobLocationType").is_some_and(|t| {
        as_list(t).into_iter().filter_map(Value::as_str).any(|v| v.eq_ignore_ascii_case("TELECOMMUTE"))
    });
    let mut locations: Vec<String> = job
        .get("jobLocation")
        .map(|l| as_list(l).into_iter().filter_map(place).collect())
        .unwrap_or_default();
    if locations.is_empty() {
        locations.extend(
            job.get("applicantLocationRequirements")
                .map(as_list)
                .unwrap_or_default()
                .into_iter()
                .filter_map(place),
        );
    }
    let workplace = if telecommute {
        Some(Workplace::Remote)
    } else {
        locations.iter().find_map(|l| Workplace::from_text(l))
    };
    let employment_type = job.get("employmentType").and_then(|t| {
        let kinds: Vec<String> =
            as_list(t).into_iter().filter_map(text).filter_map(|k| super::employment_type(&k)).collect();
        (!kinds.is_empty()).then(|| kinds.join(", "))
    });
    let html = job.get("description").and_then(Value::as_str).map(unescape_html).unwrap_or_default();
    let description_text = html_to_text(&html);
    let salary = job
        .get("baseSalary")
        .and_then(|v| base_salary(v, &mut warnings))
        .or_else(|| parse_salary(&description_text));
    let posted_at = match job.get("datePosted").and_then(Value::as_str) {
        Some(d) => Some(
            parse_datetime(d)
                .ok_or_else(|| Error::malformed(source, format!("{path}.datePosted: '{d}' is not a date")))?,
        ),
        None => None,
    };
    let url =
        job.get("url").and_then(Value::as_str).map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    let apply_email = job
        .get("applicationContact")
        .and_then(|c| c.get("email").or_else(|| c.get("url")))
        .and_then(Value::as_str)
        .map(|e| e.trim().trim_start_matches("mailto:").to_owned())
        .filter(|e| e.contains('@'));
    let id = job
        .get("identifier")
        .and_then(|i| match i {
            Value::Object(m) => m.get("value").and_then(text),
            other => text(other),
        })
        .or_else(|| url.clone())
        .unwrap_or_else(|| format!("{page_url}#{n}"));
    let tags = ["occupationalCategory", "industry", "skills"]
        .iter()
        .filter_map(|k| job.get(*k))
        .flat_map(as_list)
        .filter_map(text)
        .collect();
    Ok(Posting {
        source: source.to_owned(),
        source_job_id: id,
        title,
        company,
        location: locations.first().cloned(),
        locations,
        workplace,
        remote: None,
        employment_type,
        salary,
        description_text,
        description_html: Some(html),
        apply_url: url.clone().or_else(|| Some(page_url.to_owned())),
        url: url.or_else(|| Some(page_url.to_owned())),
        apply_email,
        posted_at,
        tags,
        warnings,
    })
}

/// A value or each value of an array.
fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// A readable text: a string, a number, or an object's `name` / `@value`; first of an array.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(unescape_html(s.trim())).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(m) => m.get("name").or_else(|| m.get("@value")).and_then(text),
        Value::Array(items) => items.iter().find_map(text),
        _ => None,
    }
}

/// "Berlin, DE" from a Place's PostalAddress (or its address text).
fn place(value: &Value) -> Option<String> {
    let address = value.get("address").unwrap_or(value);
    if let Value::String(s) = address {
        return Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    }
    let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
        .iter()
        .filter_map(|k| address.get(*k).and_then(text))
        .collect();
    if parts.is_empty() {
        return value.get("name").and_then(text);
    }
    Some(parts.join(", "))
}

/// A MonetaryAmount: `{currency, value: {minValue, maxValue, value, unitText}}` or a plain
/// number / text as `value`. Text values are read as amounts ("7 triệu", "85k", "85.000") or,
/// failing that, as a salary sentence; what cannot be read is a warning. `None` without a figure.
fn base_salary(value: &Value, warnings: &mut Vec<PostingWarning>) -> Option<Salary> {
    let currency = value.get("currency").and_then(Value::as_str).map(|c| c.trim().to_ascii_uppercase());
    let amount = value.get("value").unwrap_or(value);
    let (min, max, unit) = match amount {
        Value::Object(m) => (
            m.get("minValue").or_else(|| m.get("value")),
            m.get("maxValue"),
            m.get("unitText").and_then(Value::as_str),
        ),
        other => (Some(other), None, None),
    };
    let unit = unit.or_else(|| value.get("unitText").and_then(Value::as_str));
    let interval = unit.and_then(SalaryInterval::parse);
    let said: Vec<String> = [min, max].into_iter().flatten().filter_map(text).collect();
    let (min_n, max_n) = (min.and_then(number), max.and_then(number));
    if min_n.is_none() && max_n.is_none() {
        if said.is_empty() {
            return None;
        }
        // A sentence rather than an amount ("$50,000 - $70,000 a year").
        if let Some(mut parsed) = crate::salary::parse_salary(&said.join(" - ")) {
            parsed.currency = parsed.currency.or(currency);
            parsed.interval = interval.or(parsed.interval);
            return Some(parsed);
        }
        warnings.push(PostingWarning::new(
            "baseSalary",
            format!("could not read the amount '{}'", said.join(" - ")),
        ));
        return None;
    }
    let mut salary = stated_salary("baseSalary", min_n, max_n, currency, unit, interval)?;
    if unit.is_some() && interval.is_none() {
        warnings.push(PostingWarning::new(
            "baseSalary.unitText",
            format!("unknown pay interval '{}'", unit.unwrap_or_default()),
        ));
    }
    let amount = said.join("–");
    let words: Vec<&str> =
        [amount.as_str()].into_iter().chain(salary.currency.as_deref()).chain(unit).collect();
    salary.source_text = Some(format!("baseSalary: {}", words.join(" ")));
    Some(salary)
}

/// Words that multiply the figure before them in a salary text.
const MULTIPLIERS: [(&str, f64); 12] = [
    ("k", 1e3),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
    ("tausend", 1e3),
    ("lakh", 1e5),
    ("m", 1e6),
    ("mio", 1e6),
    ("million", 1e6),
    ("millionen", 1e6),
    ("triệu", 1e6),
    ("crore", 1e7),
    ("tỷ", 1e9),
];

/// 85000, "85000", "85,000.00". Not "NaN", "inf" or "1e999" (Rust parses those to f64).
/// A text with a multiplier word ("7 triệu", "85k", "1,5 Mio") counts as its product.
fn number(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => text_amount(s),
        _ => None,
    };
    n.filter(|n: &f64| n.is_finite() && *n >= 0.0)
}

fn text_amount(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    let split =
        s.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == ' ')).unwrap_or(s.len());
    let (figure, word) = (s[..split].trim(), s[split..].trim().trim_end_matches('.'));
    if figure.is_empty() {
        return None;
    }
    let figure = figure.replace(' ', "");
    // "1,5" is a decimal comma; "85,000" groups thousands.
    // "85.000" groups thousands the German way.
    let figure = match (figure.rsplit_once(','), figure.rsplit_once('.')) {
        (Some((_, tail)), None) if tail.len() != 3 => figure.replace(',', "."),
        (None, Some((_, tail))) if tail.len() == 3 => figure.replace('.', ""),
        _ => figure.replace(',', ""),
    };
    let value: f64 = figure.parse().ok()?;
    if word.is_empty() {
        return Some(value);
    }
    MULTIPLIERS.iter().find(|(w, _)| *w == word).map(|(_, m)| value * m)
}
