//! Polite HTTP to the job boards: a User-Agent naming the app, a per-host rate limit,
//! conditional requests (ETag / If-None-Match) where the board supports them, base URLs that
//! settings or `JOBHUNTER_<BOARD>_URL` can override (mirrors, proxies, tests), and errors that
//! tell the task layer whether a retry makes sense (429 -> RateLimited with Retry-After,
//! 5xx and timeouts -> Transient, 400/404 -> Permanent).
//!
//! Limits on hostile boards (issue #10): a `Retry-After` longer than [`MAX_RETRY_AFTER`] is a
//! plain transient failure (the task layer's own backoff applies, never a year-long sleep);
//! bodies are read as a stream and refused past [`FetchConfig::max_body_bytes`] (an announced
//! `Content-Length` over the cap is refused before reading); redirects are checked by
//! [`check_redirect`] (no https -> http downgrade, no hop from a public host to a loopback or
//! private address); large payloads are parsed on tokio's blocking pool.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::posting::Posting;
use crate::sources::fields::COMPANY_FROM_SLUG;
use crate::sources::{Board, SourceSpec};
use crate::text::matches_keywords;
use crate::{Error, Result};

mod etag_cache;
mod listing;
mod redirects;

use etag_cache::EtagCache;
pub use listing::Listing;
use redirects::redirect_policy;
pub use redirects::{check_redirect, is_local_host};

/// How the fetcher behaves; defaults suit the public APIs.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Per request (connect + response).
    pub timeout: Duration,
    /// At least this long between two requests to the same host.
    pub min_interval_per_host: Duration,
    /// Base URLs set in the app's settings (they win over the environment).
    pub base_urls: HashMap<Board, String>,
    /// Most pages followed for a paginated board.
    pub max_pages: usize,
    /// Largest response body read, in bytes ([`DEFAULT_MAX_BODY_BYTES`] by default). A larger
    /// announced `Content-Length` is refused before reading; a streamed (chunked) body is
    /// abandoned as soon as it passes the cap.
    pub max_body_bytes: usize,
    /// Fixed addresses for host names, skipping DNS for them (pinning a board's host; tests
    /// giving a name to a 127.0.0.1 fixture server). Empty by default.
    pub resolve: HashMap<String, SocketAddr>,
    /// Most bytes of bodies (with their URLs and ETags) kept for conditional requests
    /// ([`DEFAULT_ETAG_CACHE_BYTES`] by default); the least recently used go first, and a
    /// body larger than this is not kept. The fetcher lives as long as the app: without a
    /// bound its memory would grow with every hunt.
    pub etag_cache_bytes: usize,
}

/// The default cap on one response body: 10 MiB (the largest real board payloads are a few MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The default bound on the bodies kept for conditional requests: 4 MiB.
pub const DEFAULT_ETAG_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// The longest `Retry-After` obeyed: 5 minutes. A 429 asking for more is reported as a plain
/// transient error (the task's own retry backoff applies) instead of a rate limit to sleep out.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(5 * 60);

/// Most redirects followed for one request.
pub const MAX_REDIRECTS: usize = 5;

/// Bodies at least this large are parsed on tokio's blocking pool, off the async workers.
const PARSE_OFF_WORKER_BYTES: usize = 256 * 1024;

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            min_interval_per_host: Duration::from_millis(250),
            base_urls: HashMap::new(),
            max_pages: 10,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            resolve: HashMap::new(),
            etag_cache_bytes: DEFAULT_ETAG_CACHE_BYTES,
        }
    }
}

/// What one search on one source asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub keywords: Vec<String>,
    pub location: Option<String>,
    /// Most postings kept from this source (0: no limit).
    pub limit: usize,
}

/// Fetches and parses job boards. Cheap to clone; clones share the rate limits and ETags.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Arc<FetchConfig>,
    hosts: Arc<Mutex<HashMap<String, Instant>>>,
    etags: Arc<Mutex<EtagCache>>,
}

/// The User-Agent every request carries.
pub const USER_AGENT: &str =
    concat!("JobHunter/", env!("CARGO_PKG_VERSION"), " (desktop job search assistant)");

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self> {
        // Idempotent: fails only when a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder();
        for (host, addr) in &config.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder
            .user_agent(USER_AGENT)
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .redirect(redirect_policy())
            .build()
            .map_err(|e| Error::Permanent(format!("cannot build the HTTP client: {e}")))?;
        let etags = Arc::new(Mutex::new(EtagCache::new(config.etag_cache_bytes)));
        Ok(Self { client, config: Arc::new(config), hosts: Arc::default(), etags })
    }

    /// The same fetcher (shared rate limits and ETags) with base URLs from the app's settings.
    pub fn with_base_urls(&self, base_urls: HashMap<Board, String>) -> Self {
        let mut config = (*self.config).clone();
        config.base_urls = base_urls;
        Self { config: Arc::new(config), ..self.clone() }
    }

    /// Bytes and entries kept for conditional requests (bounded by
    /// [`FetchConfig::etag_cache_bytes`]).
    pub fn etag_cache_size(&self) -> (usize, usize) {
        let cache = self.etags.lock().expect("etag lock");
        (cache.bytes(), cache.len())
    }

    /// Settings, else `JOBHUNTER_<BOARD>_URL`, else the board's public API.
    pub fn base_url(&self, board: Board) -> String {
        if let Some(url) = self.config.base_urls.get(&board) {
            return url.clone();
        }
        match std::env::var(board.env_var()) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => board.default_base_url().to_owned(),
        }
    }

    /// Every posting of `spec` matching `query`: pages followed (next links kept on the
    /// configured base URL), keywords filtered locally (boards that return their whole board
    /// ignore search terms), `limit` applied.
    pub async fn search(&self, spec: &SourceSpec, query: &Query) -> Result<Vec<Posting>> {
        Ok(self.search_listing(spec, query).await?.postings)
    }

    /// [`Self::search`], with the board's own ids of every posting read and whether the read
    /// was complete (see [`Listing`]).
    #[tracing::instrument(skip(self, query), fields(source = %spec.label()))]
    pub async fn search_listing(&self, spec: &SourceSpec, query: &Query) -> Result<Listing> {
        let base = if spec.board.uses_base_url() { self.base_url(spec.board) } else { String::new() };
        if spec.board == Board::Workday {
            // A keyword search by POST: never a complete list.
            let mut out =
                crate::sources::workday::search(self, spec, &base, query, self.config.max_pages).await?;
            self.add_details(spec, &base, &mut out).await;
            let board_ids = out.iter().map(|p| p.source_job_id.clone()).collect();
            return Ok(Listing { postings: out, board_ids, complete: false });
        }
        let headers = spec.headers();
        let mut url = spec.url(&base, query);
        let mut out = Vec::new();
        let mut listing = Listing::default();
        'pages: for _ in 0..self.config.max_pages {
            let body = self.get(&url, &headers).await?;
            let page = if body.len() >= PARSE_OFF_WORKER_BYTES {
                let spec = spec.clone();
                match tokio::task::spawn_blocking(move || spec.parse_page(&body)).await {
                    Ok(page) => page?,
                    // A panic in a parser stays a panic, as when parsing inline.
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(e) => return Err(Error::Transient(format!("GET {url}: parsing was cancelled: {e}"))),
                }
            } else {
                spec.parse_page(&body)?
            };
            let next = page.next.map(|next| spec.next_page_url(&base, &url, &next)).filter(|n| *n != url);
            listing.read_page(&page.postings, next.is_none());
            for posting in page.postings {
                let tags = posting.tags.join(" ");
                let texts = [posting.title.as_str(), tags.as_str(), posting.description_text.as_str()];
                if spec.searches_server_side() || matches_keywords(&query.keywords, &texts) {
                    out.push(posting);
                }
                if query.limit > 0 && out.len() >= query.limit {
                    break 'pages;
                }
            }
            match next {
                Some(next) => url = next,
                None => break,
            }
        }
        self.add_details(spec, &base, &mut out).await;
        self.name_company(spec, &base, &mut out).await;
        Ok(listing.finish(spec.board, out, query.limit))
    }

    /// Boards whose list has no text (SmartRecruiters, Workday): one detail request per posting
    /// kept (so at most the query's limit). A detail that cannot be read leaves the posting as
    /// listed, with a warning; after a 429 the remaining ones are not asked for.
    async fn add_details(&self, spec: &SourceSpec, base: &str, postings: &mut [Posting]) {
        let mut slowed_down = false;
        for posting in postings.iter_mut() {
            let Some(url) = spec.detail_url(base, posting) else { continue };
            let error = if slowed_down {
                "not asked for: the board asked to slow down".to_owned()
            } else {
                match self.get(&url, &[]).await {
                    Ok(body) => match spec.read_detail(posting, &body) {
                        Ok(()) => continue,
                        Err(e) => e.to_string(),
                    },
                    Err(e) => {
                        slowed_down = matches!(e, Error::RateLimited { .. });
                        e.to_string()
                    }
                }
            };
            tracing::debug!(%url, %error, "posting text not read");
            let warning = format!("the posting's full text could not be read: {error}");
            posting.warnings.push(crate::posting::PostingWarning::new("detail", warning));
        }
    }

    /// Boards whose API names no company (Lever, Ashby): the board page's title does
    /// ("Spotify", "Jobs at Notion"). Read once per search; when it cannot be read, the slug
    /// stays, with its warning.
    async fn name_company(&self, spec: &SourceSpec, base: &str, postings: &mut [Posting]) {
        let from_slug = |p: &Posting| p.warnings.iter().any(|w| w.field == COMPANY_FROM_SLUG);
        if !postings.iter().any(from_slug) {
            return;
        }
        let Some(url) = spec.board_page_url(base) else { return };
        let headers = [("Accept", "text/html".to_owned())];
        let name = match self.get(&url, &headers).await {
            Ok(html) => crate::sources::board_page_name(&html),
            Err(e) => {
                tracing::debug!(%url, error = %e, "board page not read; the slug stays the company name");
                None
            }
        };
        let Some(name) = name else { return };
        for p in postings.iter_mut().filter(|p| from_slug(p)) {
            p.company = name.clone();
            p.warnings.retain(|w| w.field != COMPANY_FROM_SLUG);
        }
    }

    /// GETs `url` politely with the source's extra `headers` (an `Accept` among them replaces
    /// the default); returns the body (a 304 returns the body cached with its ETag).
    pub async fn get(&self, url: &str, headers: &[(&'static str, String)]) -> Result<String> {
        self.wait_for_host(url).await;
        let mut request = self.client.get(url);
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("accept")) {
            request = request.header(reqwest::header::ACCEPT, "application/json, */*;q=0.5");
        }
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let cached = self.etags.lock().expect("etag lock").get(url);
        if let Some((etag, _)) = &cached {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let response = request.send().await.map_err(|e| transport_error(url, &e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            if let Some((_, body)) = cached {
                return Ok(body);
            }
        }
        if !status.is_success() {
            return Err(status_error(url, status, response.headers()));
        }
        let etag =
            response.headers().get(reqwest::header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = self.read_body(url, response).await?;
        if let Some(etag) = etag {
            self.etags.lock().expect("etag lock").insert(url, etag, body.clone());
        }
        Ok(body)
    }

    /// POSTs a JSON `body` politely (Workday's search) and returns the answer's body. Errors
    /// are classified as for [`Self::get`]; a JSON error body's `message` is added to them.
    pub async fn post_json(&self, url: &str, body: &str) -> Result<String> {
        self.wait_for_host(url).await;
        let request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body.to_owned());
        let response = request.send().await.map_err(|e| transport_error(url, &e))?;
        let status = response.status();
        if status.is_success() {
            return self.read_body(url, response).await;
        }
        let error = status_error(url, status, response.headers());
        let text = self.read_body(url, response).await.unwrap_or_default();
        let said = serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| {
            let message = v.get("message").and_then(|m| m.as_str()).map(str::trim).filter(|m| !m.is_empty());
            message.map(|m| m.chars().take(200).collect::<String>())
        });
        let relabel = |m: String| {
            let m = m.replacen("GET ", "POST ", 1);
            match &said {
                Some(said) => format!("{m}: {said}"),
                None => m,
            }
        };
        Err(match error {
            Error::Permanent(m) => Error::Permanent(relabel(m)),
            Error::Transient(m) => Error::Transient(relabel(m)),
            Error::RateLimited { message, retry_after } => {
                Error::RateLimited { message: relabel(message), retry_after }
            }
            other => other,
        })
    }

    /// The body as text (UTF-8, invalid sequences replaced), refused once it passes
    /// `max_body_bytes`: at once when `Content-Length` announces more, else as soon as the
    /// streamed bytes do (the rest is never read).
    async fn read_body(&self, url: &str, mut response: reqwest::Response) -> Result<String> {
        let cap = self.config.max_body_bytes;
        let announced = response
            .headers()
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .or_else(|| response.content_length());
        if let Some(len) = announced.filter(|len| *len > cap as u64) {
            return Err(body_too_big(url, &format!("Content-Length announces {len} bytes"), cap));
        }
        let mut body = Vec::with_capacity(announced.map_or(0, |len| len as usize));
        while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(url, &e))? {
            if body.len() + chunk.len() > cap {
                return Err(body_too_big(url, "the streamed body passed the limit", cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(match String::from_utf8(body) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    async fn wait_for_host(&self, url: &str) {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(|h| format!("{h}:{}", u.port_or_known_default().unwrap_or(0))))
            .unwrap_or_default();
        let wait = {
            let mut hosts = self.hosts.lock().expect("hosts lock");
            let now = Instant::now();
            let slot = hosts.get(&host).copied().filter(|t| *t > now).unwrap_or(now);
            hosts.insert(host, slot + self.config.min_interval_per_host);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

fn body_too_big(url: &str, what: &str, cap: usize) -> Error {
    Error::Permanent(format!("GET {url}: response body too big: {what}; the limit is {cap} bytes"))
}

fn transport_error(url: &str, err: &reqwest::Error) -> Error {
    let what = if err.is_timeout() { "timed out" } else { "failed" };
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    if err.is_redirect() {
        // A refused redirect (downgrade, jump into a private network, too many hops) will be
        // refused again: not worth a retry.
        return Error::Permanent(format!("GET {url}: redirect refused: {chain}"));
    }
    Error::Transient(format!("GET {url} {what}: {chain}"))
}

/// The error of an HTTP status. Its message keeps the status (`GET <url>: 404 Not Found`): what
/// crosses the engine is the message, and source health reads the failure's kind from it
/// ([`crate::error::FailureKind::of_message`]).
fn status_error(url: &str, status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap) -> Error {
    let code = status.as_u16();
    if code == 429 {
        let retry_after =
            headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(retry_after);
        if let Some(after) = retry_after.filter(|after| *after > MAX_RETRY_AFTER) {
            return Error::Transient(format!(
                "GET {url}: 429 Too Many Requests with Retry-After {} s, over the {} s cap",
                after.as_secs(),
                MAX_RETRY_AFTER.as_secs()
            ));
        }
        return Error::RateLimited { message: format!("GET {url}: 429 Too Many Requests"), retry_after };
    }
    if code == 408 || status.is_server_error() {
        return Error::Transient(format!("GET {url}: {status}"));
    }
    Error::Permanent(format!("GET {url}: {status}"))
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        let d = retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(d > Duration::from_secs(100) && d <= Duration::from_secs(120), "{d:?}");
        assert_eq!(retry_after("soon"), None);
    }

    fn too_many_requests(retry_after: &str) -> Error {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, retry_after.parse().unwrap());
        status_error("http://127.0.0.1:9/x", reqwest::StatusCode::TOO_MANY_REQUESTS, &headers)
    }

    #[test]
    fn retry_after_over_the_cap_is_a_plain_transient_error() {
        match too_many_requests("300") {
            Error::RateLimited { retry_after, .. } => assert_eq!(retry_after, Some(MAX_RETRY_AFTER)),
            other => panic!("expected RateLimited, got {other:?}"),
        }
        for huge in ["301", "31536000", "18446744073709551615"] {
            let err = too_many_requests(huge);
            assert!(matches!(err, Error::Transient(_)) && err.is_retryable(), "{huge}: {err:?}");
            assert!(err.to_string().contains("over the 300 s cap"), "{err}");
        }
        let next_year = std::time::SystemTime::now() + Duration::from_secs(365 * 24 * 3600);
        let err = too_many_requests(&httpdate::fmt_http_date(next_year));
        assert!(matches!(err, Error::Transient(_)), "{err:?}");
    }

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).unwrap()
    }

    fn redirect(original: &str, from: &str, to: &str) -> Result<(), String> {
        check_redirect(&url(original), &url(from), &url(to))
    }

    #[test]
    fn redirects_may_not_downgrade_https() {
        let board = "https://boards.example.com/jobs";
        assert_eq!(redirect(board, board, "https://cdn.example.com/jobs.json"), Ok(()));
        assert_eq!(redirect("http://example.com/", "http://example.com/", "https://example.com/"), Ok(()));
        assert_eq!(redirect("http://example.com/", "http://example.com/", "http://www.example.com/"), Ok(()));
        let err = redirect(board, board, "http://boards.example.com/jobs").unwrap_err();
        assert!(err.contains("https -> http downgrade"), "{err}");
        // Judged per hop: an http hop after an https one is a downgrade whatever came first.
        let err = redirect("http://a.example/", "https://b.example/", "http://c.example/").unwrap_err();
        assert!(err.contains("downgrade"), "{err}");
        let err = redirect(board, board, "file:///etc/passwd").unwrap_err();
        assert!(err.contains("not an http(s) URL"), "{err}");
    }

    #[test]
    fn redirects_from_public_hosts_may_not_reach_local_addresses() {
        let public = "https://jobs.example.com/feed";
        for local in [
            "https://127.0.0.1/x",
            "https://127.9.9.9:8080/x",
            "https://0x7f.1/x",
            "https://localhost/x",
            "https://api.localhost./x",
            "https://10.1.2.3/x",
            "https://172.16.0.1/x",
            "https://172.31.255.255/x",
            "https://192.168.1.1/x",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/x",
            "https://0.0.0.0/x",
            "https://[::1]/x",
            "https://[::]/x",
            "https://[fd00::1]/x",
            "https://[fe80::1]/x",
            "https://[::ffff:127.0.0.1]/x",
            "https://[::ffff:10.0.0.1]/x",
        ] {
            let err = redirect(public, public, local).unwrap_err();
            assert!(err.contains("local or private address"), "{local}: {err}");
        }
        for public_too in [
            "https://8.8.8.8/x",
            "https://172.32.0.1/x",
            "https://100.128.0.1/x",
            "https://[2001:db8::1]/x",
            "https://localhost.example.com/x",
        ] {
            assert_eq!(redirect(public, public, public_too), Ok(()), "{public_too}");
        }
        // A request that started at a local address (a mirror, a test server) may move locally.
        let local = "http://127.0.0.1:8080/jobs";
        assert_eq!(redirect(local, local, "http://127.0.0.1:9090/jobs"), Ok(()));
        assert_eq!(redirect(local, "https://jobs.example.com/", "https://192.168.0.2/"), Ok(()));
        // ...but a public URL may not, even after a hop through a public host.
        let err = redirect(public, "https://cdn.example.com/", "https://10.0.0.1/").unwrap_err();
        assert!(err.contains("local or private"), "{err}");
    }
}
