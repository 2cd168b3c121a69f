//! From a pasted web address to a source spec, so nobody has to know that Acme's jobs are
//! `greenhouse:acme`. Known board addresses (Greenhouse, Lever, Ashby, SmartRecruiters,
//! Recruitee, Personio, Workable, Teamtailor, Workday, the job sites of the catalogue) resolve
//! without the network ([`from_board_url`]); any other page is read once
//! and searched for an embedded or linked board, schema.org job postings or a job feed
//! ([`from_page`]). [`resolve`] does both and, for company boards, counts the open jobs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::catalogue;
use super::fields::COMPANY_FROM_SLUG;
use super::{board_page_name, Board, SourceSpec};
use crate::fetch::{Fetcher, Query};
use crate::posting::Posting;
use crate::{Error, Result};

/// A source found behind a web address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Resolved {
    /// The source spec to search (`greenhouse:acme`, `remoteok`, `feed:https://...`).
    pub spec: String,
    /// A human name: the company or the job site when known, else the board's slug.
    pub name: String,
    /// The company board's name (`greenhouse`, `lever`, `ashby`, `smartrecruiters`,
    /// `recruitee`, `personio`, `workable`, `teamtailor`, `workday`), `board` (a job site of
    /// the catalogue), `jsonld` or `feed`.
    pub kind: String,
    /// How many jobs are open there now; `None` when they were not (or could not be) counted.
    #[serde(default)]
    pub open_jobs: Option<u32>,
}

impl Resolved {
    fn new(spec: String, name: String, kind: &str) -> Self {
        Self { spec, name, kind: kind.to_owned(), open_jobs: None }
    }

    /// Records the source's postings: their number, and the company they name when they name
    /// one (Greenhouse's `company_name`, a Lever/Ashby board page's title, JSON-LD's
    /// `hiringOrganization`) rather than falling back on the slug.
    fn counted(&mut self, postings: &[Posting]) {
        self.open_jobs = Some(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        let named = postings.iter().find(|p| !p.warnings.iter().any(|w| w.field == COMPANY_FROM_SLUG));
        if let Some(company) = named.map(|p| p.company.trim()).filter(|c| !c.is_empty()) {
            self.name = company.to_owned();
        }
    }
}

/// What [`from_page`] says when the page holds nothing it knows.
pub const NOTHING_FOUND: &str = "No job board found on this page: looked for a Greenhouse, Lever or Ashby \
                                 board, job postings (schema.org) and a job feed.";

/// The source behind a known board address, without the network: a company's board on one
/// of the company boards (its page, a job on it, or its API), or one of the catalogue's job
/// sites. `None` for any other address.
pub fn from_board_url(url: &str) -> Option<Resolved> {
    let url = reqwest::Url::parse(url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segments: Vec<&str> =
        url.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let query = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    let (board, slug) = match host {
        "boards.greenhouse.io" | "job-boards.greenhouse.io" => match segments.first().copied() {
            Some("embed") => (Board::Greenhouse, query("for")?),
            Some(slug) => (Board::Greenhouse, slug.to_owned()),
            None => (Board::Greenhouse, query("for")?),
        },
        "boards-api.greenhouse.io" => match segments.as_slice() {
            ["v1", "boards", slug, ..] => (Board::Greenhouse, (*slug).to_owned()),
            _ => return None,
        },
        "jobs.lever.co" => (Board::Lever, (*segments.first()?).to_owned()),
        "api.lever.co" => match segments.as_slice() {
            ["v0", "postings", slug, ..] => (Board::Lever, (*slug).to_owned()),
            _ => return None,
        },
        "jobs.ashbyhq.com" => (Board::Ashby, (*segments.first()?).to_owned()),
        "api.ashbyhq.com" => match segments.as_slice() {
            ["posting-api", "job-board", slug, ..] => (Board::Ashby, (*slug).to_owned()),
            _ => return None,
        },
        "jobs.smartrecruiters.com" | "careers.smartrecruiters.com" => {
            (Board::SmartRecruiters, (*segments.first()?).to_owned())
        }
        "api.smartrecruiters.com" => match segments.as_slice() {
            ["v1", "companies", slug, ..] => (Board::SmartRecruiters, (*slug).to_owned()),
            _ => return None,
        },
        "apply.workable.com" => match segments.as_slice() {
            ["api", "v1", "widget", "accounts", slug, ..] => (Board::Workable, (*slug).to_owned()),
            // `/j/<code>`: one job, without its account.
            ["api" | "j", ..] | [] => return None,
            [slug, ..] => (Board::Workable, (*slug).to_owned()),
        },
        _ => match company_subdomain(host, &segments) {
            Some(found) => found,
            None => return job_site(host),
        },
    };
    let spec = SourceSpec { board, argument: Some(slug.clone()) }.label();
    // Only names a spec accepts (`[A-Za-z0-9-_.]`): anything else is not a board name.
    SourceSpec::parse(&spec).ok()?;
    let name = match board {
        Board::Workday => slug.split('.').next().unwrap_or(&slug).to_owned(),
        _ => slug,
    };
    Some(Resolved::new(spec, name, board.name()))
}

/// Boards on the company's own subdomain: `<company>.recruitee.com`,
/// `<company>.jobs.personio.de` (or `.com`), `<company>.teamtailor.com`, and Workday's
/// `<tenant>.<wdN>.myworkdayjobs.com/[<locale>/]<site>` (or its `/wday/cxs/<tenant>/<site>`
/// API), as (board, spec argument).
fn company_subdomain(host: &str, segments: &[&str]) -> Option<(Board, String)> {
    // Subdomains of the services themselves, not of a company.
    const RESERVED: [&str; 8] = ["app", "api", "www", "help", "support", "blog", "docs", "career"];
    let label = |suffix: &str| {
        let company = host.strip_suffix(suffix)?;
        (!company.is_empty() && !company.contains('.') && !RESERVED.contains(&company))
            .then(|| company.to_owned())
    };
    if let Some(company) = label(".recruitee.com") {
        return Some((Board::Recruitee, company));
    }
    if let Some(company) = label(".jobs.personio.de").or_else(|| label(".jobs.personio.com")) {
        return Some((Board::Personio, company));
    }
    if let Some(company) = label(".teamtailor.com") {
        return Some((Board::Teamtailor, company));
    }
    let tenant = host.strip_suffix(".myworkdayjobs.com")?;
    let site = match segments {
        ["wday", "cxs", _, site, ..] => site,
        [first, rest @ ..] if is_locale(first) => rest.first()?,
        [site, ..] => site,
        [] => return None,
    };
    Some((Board::Workday, format!("{tenant}/{site}")))
}

/// "en-US", "de-DE", "fr": the language part of Workday addresses.
fn is_locale(segment: &str) -> bool {
    let (lang, region) = segment.split_once('-').unwrap_or((segment, "xx"));
    lang.len() == 2 && region.len() == 2 && segment.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}

/// The catalogue's job sites by their host (or a subdomain of it).
fn job_site(host: &str) -> Option<Resolved> {
    let board = [
        ("remoteok.com", Board::RemoteOk),
        ("remoteok.io", Board::RemoteOk),
        ("remotive.com", Board::Remotive),
        ("remotive.io", Board::Remotive),
        ("arbeitnow.com", Board::Arbeitnow),
        ("arbeitsagentur.de", Board::Bundesagentur),
    ]
    .into_iter()
    .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
    .map(|(_, board)| board)?;
    Some(Resolved::new(board.name().to_owned(), catalogue::info(board).name, "board"))
}

/// The source a page at `page_url` carries, looked for in this order: a Greenhouse board
/// embedded by script, a link to a Greenhouse, Lever or Ashby board, schema.org `JobPosting`
/// JSON-LD (the page itself is the source), an RSS/Atom alternate link (a job feed preferred
/// over a blog's). `Err` says what was looked for.
pub fn from_page(page_url: &str, html: &str) -> Result<Resolved, String> {
    let base = reqwest::Url::parse(page_url.trim()).map_err(|e| format!("url: '{page_url}': {e}"))?;
    let page_name = || board_page_name(html).or_else(|| title(html));
    if let Some(slug) = greenhouse_embed(html) {
        let spec = format!("greenhouse:{slug}");
        if SourceSpec::parse(&spec).is_ok() {
            return Ok(Resolved::new(spec, page_name().unwrap_or(slug), "greenhouse"));
        }
    }
    let tags = tags(html);
    let linked = tags
        .iter()
        .flat_map(|(_, attrs)| ["href", "src"].into_iter().filter_map(|a| attr(attrs, a)))
        .filter_map(|link| base.join(&link).ok())
        .filter_map(|link| from_board_url(link.as_str()))
        .find(|r| !matches!(r.kind.as_str(), "board" | "jsonld" | "feed"));
    if let Some(mut found) = linked {
        if let Some(name) = page_name() {
            found.name = name;
        }
        return Ok(found);
    }
    if has_job_posting_json_ld(html) {
        let spec = format!("jsonld:{base}");
        let host = base.host_str().unwrap_or_default().to_owned();
        return Ok(Resolved::new(spec, page_name().unwrap_or(host), "jsonld"));
    }
    if let Some(feed) = feed_link(&base, &tags) {
        let host = feed.host_str().unwrap_or_default().to_owned();
        return Ok(Resolved::new(format!("feed:{feed}"), page_name().unwrap_or(host), "feed"));
    }
    Err(NOTHING_FOUND.to_owned())
}

/// The source behind `url`: a known board address at once, else the page read and searched
/// ([`from_page`]). Company boards (and a page's own JSON-LD postings) are counted when they
/// can be: searching a board goes to its base URL ([`Fetcher::base_url`]), never to `url`.
pub async fn resolve(fetcher: &Fetcher, url: &str) -> Result<Resolved> {
    let url = url.trim();
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
        _ => {
            return Err(Error::Invalid(format!(
                "url: '{url}' is not a web address (it should start with http:// or https://)"
            )))
        }
    }
    let mut found = match from_board_url(url) {
        Some(found) => found,
        None => {
            let html = fetcher.get(url, &[("Accept", "text/html".to_owned())]).await?;
            let mut found = from_page(url, &html).map_err(Error::Invalid)?;
            if found.kind == "jsonld" {
                // The page is already here: count its postings without reading it again.
                if let Ok(page) = SourceSpec::parse(&found.spec).and_then(|s| s.parse_page(&html)) {
                    found.counted(&page.postings);
                }
            }
            found
        }
    };
    // Not SmartRecruiters nor Workday: counting them would read every posting's text.
    let counted = ["greenhouse", "lever", "ashby", "recruitee", "personio", "workable", "teamtailor"];
    if counted.contains(&found.kind.as_str()) {
        count_board(fetcher, &mut found).await;
    }
    Ok(found)
}

/// Counts a company board's open jobs (and names the company, see [`Resolved::counted`]).
async fn count_board(fetcher: &Fetcher, found: &mut Resolved) {
    let Ok(spec) = SourceSpec::parse(&found.spec) else { return };
    match fetcher.search(&spec, &Query::default()).await {
        Ok(postings) => found.counted(&postings),
        Err(e) => tracing::debug!(spec = %found.spec, error = %e, "open jobs not counted"),
    }
}

/// The board slug of a Greenhouse embed (`boards.greenhouse.io/embed/job_board/js?for=acme`,
/// `job-boards.greenhouse.io/embed/job_board?for=acme`) anywhere in the page, scripts included.
fn greenhouse_embed(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("greenhouse.io/embed/job_board") {
        let start = from + at;
        let end = html[start..]
            .find(['"', '\'', '<', '>', ' ', '\n', '\t', '\\'])
            .map_or(html.len(), |e| start + e);
        let address = html_escape::decode_html_entities(&html[start..end]).into_owned();
        let query = address.split_once('?').map_or("", |(_, q)| q);
        let slug = query.split('&').find_map(|pair| pair.strip_prefix("for=")).map(str::trim);
        if let Some(slug) = slug.filter(|s| !s.is_empty()) {
            return Some(slug.to_owned());
        }
        from = end.max(start + 1);
    }
    None
}

/// Whether a `<script type="application/ld+json">` of the page mentions `JobPosting`.
fn has_job_posting_json_ld(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<script") {
        let start = from + at;
        let Some(open_end) = lower[start..].find('>').map(|e| start + e + 1) else { return false };
        let close = lower[open_end..].find("</script").map_or(lower.len(), |e| open_end + e);
        if lower[start..open_end].contains("application/ld+json")
            && html[open_end..close].contains("JobPosting")
        {
            return true;
        }
        from = close.max(open_end);
    }
    false
}

/// The page's RSS/Atom alternate link, made absolute; one that looks like a job feed (its
/// address or title names jobs or careers) wins over a blog's or comments' feed.
fn feed_link(base: &reqwest::Url, tags: &[(String, String)]) -> Option<reqwest::Url> {
    let mut feeds = tags.iter().filter(|(name, _)| name == "link").filter_map(|(_, attrs)| {
        let rel = attr(attrs, "rel")?.to_ascii_lowercase();
        let kind = attr(attrs, "type")?.trim().to_ascii_lowercase();
        let is_feed = matches!(kind.as_str(), "application/rss+xml" | "application/atom+xml");
        if !is_feed || !rel.split_whitespace().any(|r| r == "alternate") {
            return None;
        }
        let href = base.join(attr(attrs, "href")?.trim()).ok()?;
        SourceSpec::parse(&format!("feed:{href}")).ok()?;
        let words = format!("{} {}", href.as_str(), attr(attrs, "title").unwrap_or_default()).to_lowercase();
        let jobby =
            ["job", "career", "vacanc", "stellen", "position", "opening"].iter().any(|w| words.contains(w));
        Some((jobby, href))
    });
    let first = feeds.next()?;
    if first.0 {
        return Some(first.1);
    }
    Some(feeds.find(|(jobby, _)| *jobby).unwrap_or(first).1)
}

/// The page's `<title>`, whitespace folded; `None` when missing or empty.
fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let text = html_escape::decode_html_entities(&html[open_end..close]).into_owned();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| text.chars().take(120).collect())
}

/// Every opening tag of the page as (lower-case name, its attribute text), in order. A light
/// scanner, not an HTML parser: quoted `>` are respected, comments skipped.
fn tags(html: &str) -> Vec<(String, String)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at + 1;
        if html[start..].starts_with("!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_end =
            html[start..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(html.len(), |e| start + e);
        let mut j = name_end;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        if name_end > start {
            out.push((html[start..name_end].to_ascii_lowercase(), html[name_end..j].to_owned()));
        }
        i = j.max(start).min(html.len());
    }
    out
}

/// An attribute's value (entities decoded) from a tag's attribute text: quoted or bare.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start();
                let (value, tail) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let end = body.find(q).unwrap_or(body.len());
                        (&body[..end], body.get(end + 1..).unwrap_or(""))
                    }
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                rest = tail;
                Some(value)
            }
            None => None,
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(html_escape::decode_html_entities(value.unwrap_or_default()).into_owned());
        }
        if key.is_empty() && value.is_none() {
            // Stray punctuation: skip one character so the scan always moves on.
            let mut chars = rest.chars();
            chars.next();
            rest = chars.as_str();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_board_addresses_of_the_newer_boards_resolve() {
        let cases = [
            ("https://jobs.smartrecruiters.com/BoschGroup", "smartrecruiters:BoschGroup"),
            ("https://jobs.smartrecruiters.com/BoschGroup/743999-engineer", "smartrecruiters:BoschGroup"),
            ("https://careers.smartrecruiters.com/Visa", "smartrecruiters:Visa"),
            ("https://api.smartrecruiters.com/v1/companies/Visa/postings?limit=10", "smartrecruiters:Visa"),
            ("https://acme.recruitee.com/", "recruitee:acme"),
            ("https://acme.recruitee.com/o/backend-engineer", "recruitee:acme"),
            ("https://acme.jobs.personio.de/", "personio:acme"),
            ("https://acme.jobs.personio.de/job/1234567?language=de", "personio:acme"),
            ("https://acme.jobs.personio.com/", "personio:acme"),
            ("https://apply.workable.com/acme/", "workable:acme"),
            ("https://apply.workable.com/acme/j/8B8A457674/", "workable:acme"),
            ("https://apply.workable.com/api/v1/widget/accounts/acme?details=true", "workable:acme"),
            ("https://acme.teamtailor.com/jobs", "teamtailor:acme"),
            ("https://acme.wd3.myworkdayjobs.com/en-US/External", "workday:acme.wd3/External"),
            (
                "https://acme.wd3.myworkdayjobs.com/External/job/Berlin/Engineer_R-1",
                "workday:acme.wd3/External",
            ),
            ("https://acme.wd103.myworkdayjobs.com/de-DE/Careers/details/x", "workday:acme.wd103/Careers"),
            ("https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/jobs", "workday:acme.wd5/External"),
        ];
        for (url, spec) in cases {
            let r = from_board_url(url).unwrap_or_else(|| panic!("{url} did not resolve"));
            assert_eq!(r.spec, spec, "{url}");
            assert_eq!(r.kind, spec.split(':').next().unwrap(), "{url}");
        }
        assert_eq!(from_board_url("https://acme.wd3.myworkdayjobs.com/en-US/External").unwrap().name, "acme");
        for other in [
            "https://www.recruitee.com/",
            "https://app.recruitee.com/",
            "https://jobs.personio.de/",
            "https://apply.workable.com/j/8B8A457674",
            "https://apply.workable.com/",
            "https://jobs.smartrecruiters.com/",
            "https://www.teamtailor.com/en/",
            "https://acme.myworkdayjobs.com/External",
            "https://acme.wd3.myworkdayjobs.com/en-US",
            "https://a.b.recruitee.com/",
        ] {
            assert_eq!(from_board_url(other), None, "{other}");
        }
    }

    #[test]
    fn careers_pages_linking_a_newer_board_resolve_to_it() {
        let html = r#"<title>Acme Careers</title><a href="https://apply.workable.com/acme/">Open roles</a>"#;
        let found = from_page("https://acme.example/careers", html).unwrap();
        assert_eq!(
            (found.spec.as_str(), found.kind.as_str(), found.name.as_str()),
            ("workable:acme", "workable", "Acme")
        );
    }

    #[test]
    fn attributes_quoted_bare_and_missing() {
        let a = r#" rel="alternate" type='application/rss+xml' href=/jobs.rss?a=1&amp;b=2 hidden"#;
        assert_eq!(attr(a, "rel").as_deref(), Some("alternate"));
        assert_eq!(attr(a, "TYPE").as_deref(), Some("application/rss+xml"));
        assert_eq!(attr(a, "href").as_deref(), Some("/jobs.rss?a=1&b=2"));
        assert_eq!(attr(a, "hidden").as_deref(), Some(""));
        assert_eq!(attr(a, "title"), None);
        assert_eq!(attr(" = = x", "x").as_deref(), Some(""));
    }

    #[test]
    fn tags_skip_comments_and_respect_quotes() {
        let t = tags(r#"<!-- <a href="x"> --><A title="a>b" HREF="y">t</a><p>"#);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, "a");
        assert_eq!(attr(&t[0].1, "href").as_deref(), Some("y"));
        assert!(tags("<a href='unterminated").len() == 1 && tags("<").is_empty());
    }
}
