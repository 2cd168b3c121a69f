//! The bodies kept for conditional requests (ETag / If-None-Match), bounded in bytes.
//!
//! One fetcher lives as long as the app (it sits in the tray all day), so a cache that kept
//! every body it ever saw would grow with every hunt (issue #16). This one keeps at most
//! [`super::FetchConfig::etag_cache_bytes`] of URLs, ETags and bodies together and drops the
//! least recently used entry first; a body larger than the whole budget is not kept (its
//! next request is an unconditional one, as if the board sent no ETag).

use std::collections::HashMap;

/// What one URL's last answer left: its ETag and body, and when it was last used.
struct Entry {
    etag: String,
    body: String,
    used: u64,
}

impl Entry {
    fn bytes(&self, url: &str) -> usize {
        url.len() + self.etag.len() + self.body.len()
    }
}

/// URL -> (ETag, body), at most `cap` bytes in all, least recently used dropped first.
pub(crate) struct EtagCache {
    cap: usize,
    total: usize,
    clock: u64,
    entries: HashMap<String, Entry>,
}

impl EtagCache {
    pub(crate) fn new(cap: usize) -> Self {
        Self { cap, total: 0, clock: 0, entries: HashMap::new() }
    }

    /// The ETag and body kept for `url` (marking it used).
    pub(crate) fn get(&mut self, url: &str) -> Option<(String, String)> {
        self.clock += 1;
        let entry = self.entries.get_mut(url)?;
        entry.used = self.clock;
        Some((entry.etag.clone(), entry.body.clone()))
    }

    /// Keeps `body` under `etag` for `url`, replacing what was kept for it, then drops the
    /// least recently used entries until the total fits the cap.
    pub(crate) fn insert(&mut self, url: &str, etag: String, body: String) {
        self.remove(url);
        self.clock += 1;
        let entry = Entry { etag, body, used: self.clock };
        let bytes = entry.bytes(url);
        if bytes > self.cap {
            tracing::debug!(url, bytes, cap = self.cap, "body too large to keep for conditional requests");
            return;
        }
        while self.total + bytes > self.cap {
            let Some(oldest) = self.entries.iter().min_by_key(|(_, e)| e.used).map(|(u, _)| u.clone()) else {
                break;
            };
            self.remove(&oldest);
        }
        self.total += bytes;
        self.entries.insert(url.to_owned(), entry);
    }

    fn remove(&mut self, url: &str) {
        if let Some(entry) = self.entries.remove(url) {
            self.total -= entry.bytes(url);
        }
        // Give back the table's memory too once it is mostly empty.
        if self.entries.capacity() > 64 && self.entries.len() * 4 < self.entries.capacity() {
            self.entries.shrink_to_fit();
        }
    }

    /// Bytes kept (URLs, ETags and bodies).
    pub(crate) fn bytes(&self) -> usize {
        self.total
    }

    /// Entries kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_never_passes_the_cap_and_the_least_recently_used_goes_first() {
        let mut cache = EtagCache::new(1000);
        for i in 0..200 {
            cache.insert(&format!("http://b/{i:03}"), "\"e\"".into(), "x".repeat(90 + i % 20));
            assert!(cache.bytes() <= 1000, "after {i}: {} bytes", cache.bytes());
        }
        assert!(cache.len() >= 8, "{} entries", cache.len());
        // The newest entries are kept; the oldest went.
        assert!(cache.get("http://b/199").is_some());
        assert!(cache.get("http://b/000").is_none());

        // A use keeps an entry: b/1 was read, so b/2 goes before it.
        let mut cache = EtagCache::new(310);
        cache.insert("http://b/1", "1".into(), "a".repeat(90));
        cache.insert("http://b/2", "2".into(), "b".repeat(90));
        cache.insert("http://b/3", "3".into(), "c".repeat(90));
        assert_eq!(cache.get("http://b/1").map(|(e, _)| e), Some("1".into()));
        cache.insert("http://b/4", "4".into(), "d".repeat(90));
        assert!(cache.get("http://b/2").is_none(), "the least recently used went");
        assert!(cache.get("http://b/1").is_some() && cache.get("http://b/3").is_some());
        assert_eq!(cache.bytes(), 3 * (10 + 1 + 90));
    }

    #[test]
    fn a_body_larger_than_the_cap_is_not_kept_and_replacing_an_entry_counts_once() {
        let mut cache = EtagCache::new(100);
        cache.insert("http://b/small", "s".into(), "x".repeat(10));
        cache.insert("http://b/huge", "h".into(), "x".repeat(200));
        assert!(cache.get("http://b/huge").is_none());
        assert!(cache.get("http://b/small").is_some(), "a refused body evicts nothing");
        for _ in 0..50 {
            cache.insert("http://b/small", "s2".into(), "y".repeat(10));
        }
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), "http://b/small".len() + 2 + 10);
        assert_eq!(cache.get("http://b/small"), Some(("s2".into(), "y".repeat(10))));
    }

    /// Over real HTTP: a fetcher reading 40 boards of 10 KB, each with an ETag, keeps at most
    /// its budget, and a board still kept is asked conditionally (a 304 gives its body back).
    #[tokio::test]
    async fn a_fetcher_keeps_at_most_its_budget_over_real_http() {
        use jobhunter_testkit::{FixtureServer, Reply};
        let server = FixtureServer::default();
        let body = |i: usize| format!("{{\"board\":{i},\"pad\":\"{}\"}}", "x".repeat(10_000));
        for i in 0..40 {
            let path = format!("/board/{i}");
            let etag = format!("\"v{i}\"");
            // Board 0 answers in full again; the others say "not modified".
            let again = if i == 0 { Reply::json(body(i)) } else { Reply::status(304) };
            server.route(&path, vec![Reply::json(body(i)).header("ETag", &etag), again]);
        }
        let base = server.start().await;
        let config = crate::fetch::FetchConfig {
            min_interval_per_host: std::time::Duration::ZERO,
            etag_cache_bytes: 50_000,
            ..Default::default()
        };
        let fetcher = crate::fetch::Fetcher::new(config).unwrap();
        for i in 0..40 {
            assert_eq!(fetcher.get(&format!("{base}/board/{i}"), &[]).await.unwrap(), body(i));
            let (bytes, entries) = fetcher.etag_cache_size();
            assert!(bytes <= 50_000, "after board {i}: {bytes} bytes in {entries} entries");
        }
        assert_eq!(fetcher.etag_cache_size().1, 4, "four 10 KB bodies fit in 50 KB");
        // The last board is still kept: asked with its ETag, the 304 gives the body back.
        assert_eq!(fetcher.get(&format!("{base}/board/39"), &[]).await.unwrap(), body(39));
        let seen = server.requests("/board/39");
        assert_eq!(seen[1].headers.get("if-none-match").map(String::as_str), Some("\"v39\""));
        // The first went: asked again without a condition.
        assert_eq!(fetcher.get(&format!("{base}/board/0"), &[]).await.unwrap(), body(0));
        assert!(!server.requests("/board/0")[1].headers.contains_key("if-none-match"));
    }
}
