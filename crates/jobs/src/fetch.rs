//! Polite HTTP to the job boards: a User-Agent naming the app, a per-host rate limit,
//! conditional requests (ETag / If-None-Match) where the board supports them, base URLs that
//! settings or `JOBHUNTER_<BOARD>_URL` can override (mirrors, proxies, tests), and errors that
//! tell the task layer whether a retry makes sense (429 -> RateLimited with Retry-After,
//! 5xx and timeouts -> Transient, 400/404 -> Permanent).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::posting::Posting;
use crate::sources::{Board, SourceSpec};
use crate::text::matches_keywords;
use crate::{Error, Result};

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
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            min_interval_per_host: Duration::from_millis(250),
            base_urls: HashMap::new(),
            max_pages: 10,
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
    etags: Arc<Mutex<HashMap<String, (String, String)>>>,
}

/// The User-Agent every request carries.
pub const USER_AGENT: &str =
    concat!("JobHunter/", env!("CARGO_PKG_VERSION"), " (desktop job search assistant)");

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self> {
        // Idempotent: fails only when a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| Error::Permanent(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self { client, config: Arc::new(config), hosts: Arc::default(), etags: Arc::default() })
    }

    /// The same fetcher (shared rate limits and ETags) with base URLs from the app's settings.
    pub fn with_base_urls(&self, base_urls: HashMap<Board, String>) -> Self {
        let mut config = (*self.config).clone();
        config.base_urls = base_urls;
        Self { config: Arc::new(config), ..self.clone() }
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
    #[tracing::instrument(skip(self, query), fields(source = %spec.label()))]
    pub async fn search(&self, spec: &SourceSpec, query: &Query) -> Result<Vec<Posting>> {
        let base = if spec.board.uses_base_url() { self.base_url(spec.board) } else { String::new() };
        let headers = spec.headers();
        let mut url = spec.url(&base, query);
        let mut out = Vec::new();
        for _ in 0..self.config.max_pages {
            let body = self.get(&url, &headers).await?;
            let page = spec.parse_page(&body)?;
            for posting in page.postings {
                let tags = posting.tags.join(" ");
                let texts = [posting.title.as_str(), tags.as_str(), posting.description_text.as_str()];
                if spec.searches_server_side() || matches_keywords(&query.keywords, &texts) {
                    out.push(posting);
                }
                if query.limit > 0 && out.len() >= query.limit {
                    return Ok(out);
                }
            }
            match page.next.map(|next| spec.next_url(&base, &next)) {
                Some(next) if next != url => url = next,
                _ => break,
            }
        }
        Ok(out)
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
        let cached = self.etags.lock().expect("etag lock").get(url).cloned();
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
        let body = response.text().await.map_err(|e| transport_error(url, &e))?;
        if let Some(etag) = etag {
            self.etags.lock().expect("etag lock").insert(url.to_owned(), (etag, body.clone()));
        }
        Ok(body)
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

fn transport_error(url: &str, err: &reqwest::Error) -> Error {
    let what = if err.is_timeout() { "timed out" } else { "failed" };
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::Transient(format!("GET {url} {what}: {chain}"))
}

fn status_error(url: &str, status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap) -> Error {
    let code = status.as_u16();
    if code == 429 {
        let retry_after =
            headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(retry_after);
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
}
