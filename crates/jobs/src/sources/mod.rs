//! Job-board adapters. A source spec (`greenhouse:acme`, `remoteok`, `feed:<url>`) names an
//! adapter and its argument; the adapter knows the board's URL and turns its payload into
//! normalized [`Posting`]s. Parsing is pure (tested on fixtures); fetching lives in `fetch`.
//!
//! Board adapters (greenhouse, lever, ashby, smartrecruiters, recruitee, personio, workable,
//! teamtailor, workday, arbeitnow, remotive, remoteok, bundesagentur) build their URL under a
//! base URL that settings or `JOBHUNTER_<BOARD>_URL` can override: the override replaces the
//! scheme and host, the path stays the real API's. Boards on the company's own subdomain
//! (recruitee, personio, teamtailor, workday) have [`ACCOUNT`] in their default base URL, filled
//! with the spec's company (an override may carry it too).
//! `jsonld:<url>` and `feed:<url>` take the page or feed URL itself as their argument, so no
//! base-URL override applies to them (point the spec at a mirror instead).

mod arbeitnow;
mod ashby;
mod bundesagentur;
pub mod catalogue;
mod company;
pub use company::ACCOUNT;
mod feed;
pub(crate) mod fields;
pub(crate) use fields::board_page_name;
mod greenhouse;
mod jsonld;
mod lever;
mod personio;
mod recruitee;
mod remoteok;
mod remotive;
pub mod resolve;
mod smartrecruiters;
mod teamtailor;
mod workable;
pub(crate) mod workday;

use crate::fetch::Query;
use crate::posting::Posting;
use crate::{Error, Result};

/// Which board a spec targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Board {
    Greenhouse,
    Lever,
    Ashby,
    /// SmartRecruiters' public Posting API; the argument is the company identifier.
    SmartRecruiters,
    /// A Recruitee careers site (`<company>.recruitee.com`).
    Recruitee,
    /// A Personio job page's XML feed (`<company>.jobs.personio.de`).
    Personio,
    /// A Workable account's public widget API.
    Workable,
    /// A Teamtailor careers site's RSS feed (`<company>.teamtailor.com`).
    Teamtailor,
    /// A Workday career site; the argument is `<tenant>.<wdN>/<site>`.
    Workday,
    Arbeitnow,
    Remotive,
    RemoteOk,
    Bundesagentur,
    /// Any page carrying schema.org `JobPosting` JSON-LD; the argument is the page URL.
    JsonLd,
    /// An RSS 2.0 or Atom feed; the argument is the feed URL.
    Feed,
}

impl Board {
    pub const ALL: [Board; 15] = [
        Board::Greenhouse,
        Board::Lever,
        Board::Ashby,
        Board::SmartRecruiters,
        Board::Recruitee,
        Board::Personio,
        Board::Workable,
        Board::Teamtailor,
        Board::Workday,
        Board::Arbeitnow,
        Board::Remotive,
        Board::RemoteOk,
        Board::Bundesagentur,
        Board::JsonLd,
        Board::Feed,
    ];

    /// The name used in specs and in the `JOBHUNTER_<NAME>_URL` override.
    pub fn name(self) -> &'static str {
        match self {
            Board::Greenhouse => "greenhouse",
            Board::Lever => "lever",
            Board::Ashby => "ashby",
            Board::SmartRecruiters => "smartrecruiters",
            Board::Recruitee => "recruitee",
            Board::Personio => "personio",
            Board::Workable => "workable",
            Board::Teamtailor => "teamtailor",
            Board::Workday => "workday",
            Board::Arbeitnow => "arbeitnow",
            Board::Remotive => "remotive",
            Board::RemoteOk => "remoteok",
            Board::Bundesagentur => "bundesagentur",
            Board::JsonLd => "jsonld",
            Board::Feed => "feed",
        }
    }

    /// The public API's base URL (scheme + host), before overrides. Empty for `jsonld` and
    /// `feed`, whose argument is the whole URL; with [`ACCOUNT`] for boards on the company's
    /// own subdomain.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Board::Greenhouse => "https://boards-api.greenhouse.io",
            Board::Lever => "https://api.lever.co",
            Board::Ashby => "https://api.ashbyhq.com",
            Board::SmartRecruiters => "https://api.smartrecruiters.com",
            Board::Recruitee => "https://{account}.recruitee.com",
            Board::Personio => "https://{account}.jobs.personio.de",
            Board::Workable => "https://apply.workable.com",
            Board::Teamtailor => "https://{account}.teamtailor.com",
            Board::Workday => "https://{account}.myworkdayjobs.com",
            Board::Arbeitnow => "https://www.arbeitnow.com",
            Board::Remotive => "https://remotive.com",
            Board::RemoteOk => "https://remoteok.com",
            Board::Bundesagentur => "https://rest.arbeitsagentur.de",
            Board::JsonLd | Board::Feed => "",
        }
    }

    /// Whether the board lives under an overridable base URL (false for `jsonld`/`feed`,
    /// whose argument is the URL itself).
    pub fn uses_base_url(self) -> bool {
        !matches!(self, Board::JsonLd | Board::Feed)
    }

    /// Whether the spec needs an argument after the colon (a board or site name, or a URL).
    fn takes_argument(self) -> bool {
        !matches!(self, Board::Arbeitnow | Board::Remotive | Board::RemoteOk | Board::Bundesagentur)
    }

    /// Whether the argument is a URL rather than a board name.
    fn argument_is_url(self) -> bool {
        !self.uses_base_url()
    }

    /// Whether the board's API returns its whole list of open postings (no server-side
    /// search): only such a board, read to its last page, can tell that a posting was taken
    /// down (see `store::lifecycle`). Keyword-search boards and pages never can.
    #[allow(clippy::match_like_matches_macro)] // one arm per board, added with its adapter
    pub fn lists_everything(self) -> bool {
        match self {
            Board::Greenhouse | Board::Lever | Board::Ashby => true,
            // SmartRecruiters pages through its whole list (its `q` search is not used).
            Board::SmartRecruiters => true,
            Board::Recruitee | Board::Personio | Board::Workable | Board::Teamtailor => true,
            _ => false,
        }
    }

    /// The environment variable that overrides the base URL (mirrors, proxies, tests).
    pub fn env_var(self) -> String {
        format!("JOBHUNTER_{}_URL", self.name().to_ascii_uppercase())
    }
}

/// A parsed source spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceSpec {
    pub board: Board,
    pub argument: Option<String>,
}

impl SourceSpec {
    /// Parses `name` or `name:argument`; the error lists the known sources.
    pub fn parse(spec: &str) -> Result<Self> {
        let (name, argument) = match spec.split_once(':') {
            Some((n, a)) => (n.trim(), Some(a.trim().to_owned())),
            None => (spec.trim(), None),
        };
        let board =
            Board::ALL.into_iter().find(|b| b.name() == name.to_ascii_lowercase()).ok_or_else(|| {
                let known: Vec<_> = Board::ALL.iter().map(|b| b.name()).collect();
                Error::Invalid(format!("source: unknown source '{name}' (known: {})", known.join(", ")))
            })?;
        match (board.takes_argument(), &argument) {
            (true, Some(a)) if company::argument_problem(board, a).is_some() => {
                Err(Error::Invalid(company::argument_problem(board, a).unwrap_or_default()))
            }
            (true, Some(_)) if board == Board::Workday => Ok(Self { board, argument }),
            (true, None) if board.argument_is_url() => Err(Error::Invalid(format!(
                "source: '{name}' needs a URL, as in '{name}:https://example.com/careers'"
            ))),
            (true, None) => {
                Err(Error::Invalid(format!("source: '{name}' needs a board name, as in '{name}:acme'")))
            }
            (true, Some(a)) if board.argument_is_url() => {
                match reqwest::Url::parse(a) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
                    _ => {
                        return Err(Error::Invalid(format!("source: '{a}' is not an http(s) URL for {name}")))
                    }
                }
                Ok(Self { board, argument })
            }
            (true, Some(a))
                if a.is_empty() || !a.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) =>
            {
                Err(Error::Invalid(format!("source: '{a}' is not a valid {name} board name")))
            }
            (false, Some(a)) if !a.is_empty() => {
                Err(Error::Invalid(format!("source: '{name}' takes no argument (got '{a}')")))
            }
            _ => Ok(Self { board, argument: argument.filter(|a| !a.is_empty()) }),
        }
    }

    /// The spec as written back (`greenhouse:acme`).
    pub fn label(&self) -> String {
        match &self.argument {
            Some(a) => format!("{}:{a}", self.board.name()),
            None => self.board.name().to_owned(),
        }
    }

    /// The first page's URL under `base` (scheme + host, no trailing slash) for `query`.
    /// Boards with a server-side search (remotive, bundesagentur) get the keywords and the
    /// location in the query string; `jsonld`/`feed` ignore `base` and use their argument.
    pub fn url(&self, base: &str, query: &Query) -> String {
        let base = &self.base_for(base);
        let base = base.as_str();
        let arg = self.argument.as_deref().unwrap_or_default();
        let keywords = query.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty());
        let keywords = keywords.collect::<Vec<_>>().join(" ");
        match self.board {
            Board::Greenhouse => format!("{base}/v1/boards/{arg}/jobs?content=true"),
            Board::Lever => format!("{base}/v0/postings/{arg}?mode=json"),
            Board::Ashby => format!("{base}/posting-api/job-board/{arg}?includeCompensation=true"),
            Board::SmartRecruiters => smartrecruiters::first_page_url(base, arg, query.limit),
            Board::Recruitee => format!("{base}/api/offers/"),
            Board::Personio => format!("{base}/xml"),
            Board::Workable => format!("{base}/api/v1/widget/accounts/{arg}?details=true"),
            Board::Teamtailor => format!("{base}/jobs.rss"),
            Board::Workday => workday::Site::parse(arg).map(|s| s.jobs_url(base)).unwrap_or_default(),
            Board::Arbeitnow => format!("{base}/api/job-board-api"),
            Board::Remotive => {
                let mut params = Vec::new();
                if !keywords.is_empty() {
                    params.push(("search", keywords));
                }
                if query.limit > 0 {
                    params.push(("limit", query.limit.to_string()));
                }
                with_query(format!("{base}/api/remote-jobs"), &params)
            }
            Board::RemoteOk => format!("{base}/api"),
            Board::Bundesagentur => {
                let mut params = vec![("was", keywords)];
                if let Some(wo) = query.location.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                    params.push(("wo", wo.to_owned()));
                }
                let size = if query.limit == 0 { 50 } else { query.limit.min(100) };
                params.push(("size", size.to_string()));
                with_query(format!("{base}/jobboerse/jobsuche-service/pc/v4/jobs"), &params)
            }
            Board::JsonLd | Board::Feed => arg.to_owned(),
        }
    }

    /// Extra request headers the board needs (the Jobsuche API's `X-API-Key`, an `Accept`
    /// that fits HTML pages and feeds).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self.board {
            Board::Bundesagentur => vec![("X-API-Key", "jobboerse-jobsuche".to_owned())],
            Board::JsonLd => {
                vec![("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5".to_owned())]
            }
            Board::Personio | Board::Teamtailor => vec![(
                "Accept",
                "application/xml, text/xml;q=0.9, application/rss+xml;q=0.9, */*;q=0.5".to_owned(),
            )],
            Board::Feed => vec![(
                "Accept",
                "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
                    .to_owned(),
            )],
            _ => Vec::new(),
        }
    }

    /// Whether the board already searched by the query's keywords (its results need no local
    /// keyword filter: the Jobsuche API matches occupations the title may not name).
    pub fn searches_server_side(&self) -> bool {
        matches!(self.board, Board::Bundesagentur | Board::Workday)
    }

    /// A next-page URL from a payload, moved onto `base`: APIs write absolute links to their
    /// public host, which must not bypass an override (mirror, proxy, fixture server). Keeps
    /// the path and query; relative links are resolved against `base` too.
    pub fn next_url(&self, base: &str, next: &str) -> String {
        if !self.board.uses_base_url() {
            return next.to_owned();
        }
        let base = self.base_for(base);
        let path_and_query = match reqwest::Url::parse(next) {
            Ok(u) => match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_owned(),
            },
            Err(_) if next.starts_with('/') => next.to_owned(),
            Err(_) => format!("/{next}"),
        };
        format!("{base}{path_and_query}")
    }

    /// The URL after `current` for a page's `next`: a query-only reference (`?page=2&size=50`,
    /// what the Jobsuche API's paging comes down to) replaces those parameters in `current`
    /// and keeps the others (the search terms); anything else goes through [`Self::next_url`].
    pub fn next_page_url(&self, base: &str, current: &str, next: &str) -> String {
        let Some(params) = next.strip_prefix('?') else {
            return self.next_url(base, next);
        };
        let (path, query) = current.split_once('?').unwrap_or((current, ""));
        let key = |pair: &str| pair.split_once('=').map_or(pair, |(k, _)| k).to_owned();
        let replaced: Vec<String> = params.split('&').filter(|p| !p.is_empty()).map(key).collect();
        let kept = query.split('&').filter(|p| !p.is_empty() && !replaced.contains(&key(p)));
        let pairs: Vec<&str> = kept.chain(params.split('&').filter(|p| !p.is_empty())).collect();
        if pairs.is_empty() {
            return path.to_owned();
        }
        format!("{path}?{}", pairs.join("&"))
    }

    /// The human board page of boards whose API names no company (Lever, Ashby), whose title
    /// does. Under an overridden base URL (mirror, fixture server) the page is there too.
    pub fn board_page_url(&self, base: &str) -> Option<String> {
        let public = match self.board {
            Board::Lever => "https://jobs.lever.co",
            Board::Ashby => "https://jobs.ashbyhq.com",
            _ => return None,
        };
        let base = base.trim_end_matches('/');
        let host = if base == self.board.default_base_url() { public } else { base };
        Some(format!("{host}/{}", self.argument.as_deref()?))
    }

    /// Turns one response body into postings (and the next page's URL, for paginated APIs).
    /// Relative dates (Workday's "Posted 3 Days Ago") count from today: see
    /// [`Self::parse_page_on`].
    pub fn parse_page(&self, body: &str) -> Result<Page> {
        self.parse_page_on(body, chrono::Utc::now().date_naive())
    }

    /// [`Self::parse_page`] with relative dates counted from `today`.
    pub fn parse_page_on(&self, body: &str, today: chrono::NaiveDate) -> Result<Page> {
        let label = self.label();
        let arg = self.argument.as_deref().unwrap_or_default();
        let mut next = None;
        let postings = match self.board {
            Board::Greenhouse => greenhouse::parse(&label, arg, body)?,
            Board::Lever => lever::parse(&label, arg, body)?,
            Board::Ashby => ashby::parse(&label, arg, body)?,
            Board::SmartRecruiters => {
                let (postings, n) = smartrecruiters::parse(&label, arg, body)?;
                next = n;
                postings
            }
            Board::Recruitee => recruitee::parse(&label, arg, body)?,
            Board::Personio => {
                personio::parse(&label, arg, &self.base_for(self.board.default_base_url()), body)?
            }
            Board::Workable => workable::parse(&label, arg, body)?,
            Board::Teamtailor => teamtailor::parse(&label, arg, body)?,
            Board::Workday => {
                let site =
                    workday::Site::parse(arg).ok_or_else(|| Error::Invalid(format!("source: {label}")))?;
                site.parse_page(&label, &self.base_for(self.board.default_base_url()), body, today)?.postings
            }
            Board::Arbeitnow => {
                let (postings, n) = arbeitnow::parse(&label, body)?;
                next = n;
                postings
            }
            Board::Remotive => remotive::parse(&label, body)?,
            Board::RemoteOk => remoteok::parse(&label, body)?,
            Board::Bundesagentur => {
                let (postings, n) = bundesagentur::parse(&label, body)?;
                next = n;
                postings
            }
            Board::JsonLd => jsonld::parse(&label, arg, body)?,
            Board::Feed => feed::parse(&label, arg, body)?,
        };
        Ok(Page { postings: postings.into_iter().map(Posting::finish).collect(), next })
    }
}

/// `url?k=v&...` with the values form-encoded (space as `+`, UTF-8 bytes as `%XX`).
fn with_query(url: String, params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return url;
    }
    let encode = |v: &str| {
        let mut out = String::with_capacity(v.len());
        for b in v.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    let pairs: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    format!("{url}?{}", pairs.join("&"))
}

/// Employment types as boards spell them ("FULL_TIME", "FullTime", "full_time", "full time")
/// in one form ("Full-time").
pub(crate) fn employment_type(raw: &str) -> Option<String> {
    let key: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    let known = match key.as_str() {
        "" => return None,
        "fulltime" | "vollzeit" => "Full-time",
        "parttime" | "teilzeit" => "Part-time",
        "contract" | "contractor" | "freelance" => "Contract",
        "temporary" | "temp" => "Temporary",
        "intern" | "internship" | "praktikum" => "Internship",
        _ => return Some(raw.trim().to_owned()),
    };
    Some(known.to_owned())
}

/// Whether [`employment_type`] knows the word (rather than passing it through).
pub(crate) fn is_known_employment_type(raw: &str) -> bool {
    employment_type(raw).is_some_and(|t| t != raw.trim())
        || ["Full-time", "Part-time", "Contract", "Temporary", "Internship"].contains(&raw.trim())
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub postings: Vec<Posting>,
    pub next: Option<String>,
}

/// Parses JSON for `source`, turning a shape mismatch into a `Malformed` error with its path.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(source: &str, body: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        Error::malformed(source, format!("{path}: {}", e.into_inner()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_name_what_is_wrong() {
        let s = SourceSpec::parse("greenhouse:acme").unwrap();
        let q = Query::default();
        assert_eq!(s.url("http://127.0.0.1:9/", &q), "http://127.0.0.1:9/v1/boards/acme/jobs?content=true");
        assert_eq!(SourceSpec::parse("remoteok").unwrap().label(), "remoteok");
        assert!(SourceSpec::parse("monster")
            .unwrap_err()
            .to_string()
            .starts_with("source: unknown source 'monster'"));
        assert!(SourceSpec::parse("lever").unwrap_err().to_string().contains("needs a board name"));
        assert!(SourceSpec::parse("lever:a/b")
            .unwrap_err()
            .to_string()
            .contains("not a valid lever board name"));
        assert!(SourceSpec::parse("jsonld").unwrap_err().to_string().contains("needs a URL"));
        assert!(SourceSpec::parse("feed:ftp://x/y").unwrap_err().to_string().contains("not an http(s) URL"));
        assert!(SourceSpec::parse("arbeitnow:x").unwrap_err().to_string().contains("takes no argument"));
    }

    #[test]
    fn urls_carry_the_query_where_the_board_searches() {
        let q = Query {
            keywords: vec!["Rust".into(), "Backend Entwickler".into()],
            location: Some("Köln".into()),
            limit: 20,
        };
        let ba = SourceSpec::parse("bundesagentur").unwrap();
        assert_eq!(
            ba.url("http://h:1", &q),
            "http://h:1/jobboerse/jobsuche-service/pc/v4/jobs?was=Rust+Backend+Entwickler&wo=K%C3%B6ln&size=20"
        );
        let remotive = SourceSpec::parse("remotive").unwrap();
        assert_eq!(
            remotive.url("http://h:1/", &q),
            "http://h:1/api/remote-jobs?search=Rust+Backend+Entwickler&limit=20"
        );
        assert_eq!(remotive.url("http://h:1", &Query::default()), "http://h:1/api/remote-jobs");
        let ashby = SourceSpec::parse("ashby:initech").unwrap();
        assert_eq!(
            ashby.url("http://h:1", &q),
            "http://h:1/posting-api/job-board/initech?includeCompensation=true"
        );
        let page = SourceSpec::parse("jsonld:http://127.0.0.1:8/careers").unwrap();
        assert_eq!(page.url("https://ignored", &q), "http://127.0.0.1:8/careers");
        assert_eq!(page.label(), "jsonld:http://127.0.0.1:8/careers");
    }

    #[test]
    fn next_links_move_onto_the_configured_base() {
        let s = SourceSpec::parse("arbeitnow").unwrap();
        assert_eq!(
            s.next_url("http://127.0.0.1:5", "https://www.arbeitnow.com/api/job-board-api?page=2"),
            "http://127.0.0.1:5/api/job-board-api?page=2"
        );
        assert_eq!(
            s.next_url("http://proxy/an/", "/api/job-board-api?page=3"),
            "http://proxy/an/api/job-board-api?page=3"
        );
    }

    #[test]
    fn every_board_has_an_override_variable() {
        let vars: Vec<String> =
            Board::ALL.iter().filter(|b| b.uses_base_url()).map(|b| b.env_var()).collect();
        for var in [
            "JOBHUNTER_ASHBY_URL",
            "JOBHUNTER_ARBEITNOW_URL",
            "JOBHUNTER_REMOTIVE_URL",
            "JOBHUNTER_BUNDESAGENTUR_URL",
        ] {
            assert!(vars.iter().any(|v| v == var), "{var}");
        }
        assert!(!Board::JsonLd.uses_base_url() && !Board::Feed.uses_base_url());
        let ba = SourceSpec::parse("bundesagentur").unwrap();
        assert_eq!(ba.headers(), [("X-API-Key", "jobboerse-jobsuche".to_owned())]);
        assert!(SourceSpec::parse("remotive").unwrap().headers().is_empty());
    }

    #[test]
    fn employment_types_are_normalized() {
        for raw in ["FULL_TIME", "FullTime", "full_time", "full time", "Full-time"] {
            assert_eq!(employment_type(raw).as_deref(), Some("Full-time"), "{raw}");
        }
        assert_eq!(employment_type("Werkstudent").as_deref(), Some("Werkstudent"));
        assert_eq!(employment_type(" "), None);
    }
}
