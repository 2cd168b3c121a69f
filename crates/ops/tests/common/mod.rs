//! Fixtures of the notification tests: an engine on a temp dir with a manual clock, and two
//! tiny local servers on 127.0.0.1 that record what they receive: an HTTP server (webhooks)
//! and an SMTP responder (email; shared with other crates' tests in `jobhunter-testkit`).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use jobhunter_engine::{Engine, ManualClock, Registry};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A registry with every job-hunt operation.
pub fn ops_registry() -> Registry {
    let mut r = Registry::new();
    jobhunter_ops::register(&mut r);
    r
}

pub struct TestEngine {
    pub engine: Engine,
    pub clock: Arc<ManualClock>,
    pub dir: TempDir,
}

pub async fn open(registry: Registry, start: DateTime<Utc>) -> TestEngine {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let engine = Engine::builder(dir.path()).registry(registry).clock(clock.clone()).open().await.unwrap();
    TestEngine { engine, clock, dir }
}

/// Stores a minimal job (in Berlin) as a scrape would have, first and last seen at `at`.
pub async fn insert_job(
    pool: &sqlx::SqlitePool,
    (id, title, company, description): (&str, &str, &str, &str),
    at: DateTime<Utc>,
) {
    sqlx::query(
        "INSERT INTO jobs (id, dedupe_key, title, company, location, description_text, first_seen, last_seen) \
         VALUES (?, ?, ?, ?, 'Berlin', ?, ?, ?)",
    )
    .bind(id)
    .bind(format!("{company}|{title}"))
    .bind(title)
    .bind(company)
    .bind(description)
    .bind(at.to_rfc3339())
    .bind(at.to_rfc3339())
    .execute(pool)
    .await
    .unwrap();
}

/// One HTTP request as the server saw it.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A local HTTP/1.1 server answering every request with `status` and recording it.
pub struct HttpServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpServer {
    pub async fn start(status: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/secret-token", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut reader = BufReader::new(stream);
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let mut parts = line.split_whitespace();
                        let method = parts.next().unwrap_or_default().to_owned();
                        let path = parts.next().unwrap_or_default().to_owned();
                        let mut headers = Vec::new();
                        loop {
                            let mut h = String::new();
                            reader.read_line(&mut h).await.unwrap();
                            let h = h.trim_end();
                            if h.is_empty() {
                                break;
                            }
                            if let Some((k, v)) = h.split_once(':') {
                                headers.push((k.trim().to_owned(), v.trim().to_owned()));
                            }
                        }
                        let len = headers
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                            .map(|(_, v)| v.parse::<usize>().unwrap())
                            .unwrap_or(0);
                        let mut body = vec![0; len];
                        reader.read_exact(&mut body).await.unwrap();
                        seen.lock().unwrap().push(HttpRequest { method, path, headers, body });
                        let reason = if status < 300 { "OK" } else { "Error" };
                        let text = if status < 300 { "ok" } else { "no such hook" };
                        let response = format!(
                            "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{text}",
                            text.len()
                        );
                        if reader.get_mut().write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Self { url, requests }
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap().clone()
    }
}

/// A port nothing listens on (bound then released).
pub async fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[allow(unused_imports)]
pub use jobhunter_testkit::smtp::SmtpServer;
