//! A scripted HTTP/1.1 fixture server on 127.0.0.1 for adapter and fetch tests: each path
//! answers a list of responses in turn (the last one repeats), and every request is recorded
//! (method, path, headers, body). Routes match the path whatever the method.
//! [`smtp`]: a minimal SMTP responder and helpers to read the messages it received.

pub mod smtp;

pub use smtp::{SmtpServer, SmtpSession};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay_ms: u64,
}

impl Reply {
    pub fn json(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
            delay_ms: 0,
        }
    }
    /// A 200 with any content type (HTML pages, feeds).
    pub fn body(content_type: &str, body: impl Into<String>) -> Self {
        Self {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay_ms: 0,
        }
    }
    pub fn status(status: u16) -> Self {
        Self { status, headers: vec![], body: String::new(), delay_ms: 0 }
    }
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    /// The request body (read up to `Content-Length`), lossily as UTF-8.
    pub body: String,
    pub at: std::time::Instant,
}

#[derive(Clone, Default)]
pub struct FixtureServer {
    routes: Arc<Mutex<HashMap<String, Vec<Reply>>>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl FixtureServer {
    /// Routes are matched on the path including the query string.
    pub fn route(&self, path_and_query: &str, replies: Vec<Reply>) {
        self.routes.lock().unwrap().insert(path_and_query.to_owned(), replies);
    }

    pub fn requests(&self, path_prefix: &str) -> Vec<Seen> {
        self.seen.lock().unwrap().iter().filter(|s| s.path.starts_with(path_prefix)).cloned().collect()
    }

    /// Starts serving; returns the base URL (`http://127.0.0.1:PORT`).
    pub async fn start(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = self.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let server = server.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
                    let head = String::from_utf8_lossy(&buf[..end]).to_string();
                    let mut lines = head.split("\r\n");
                    let mut request_line = lines.next().unwrap_or_default().split(' ');
                    let method = request_line.next().unwrap_or("GET").to_owned();
                    let path = request_line.next().unwrap_or("/").to_owned();
                    let headers: HashMap<String, String> = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                        .collect();
                    let length =
                        headers.get("content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
                    let mut body = buf[end..].to_vec();
                    while body.len() < length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => body.extend_from_slice(&chunk[..n]),
                        }
                    }
                    server.seen.lock().unwrap().push(Seen {
                        method,
                        path: path.clone(),
                        headers,
                        body: String::from_utf8_lossy(&body).into_owned(),
                        at: std::time::Instant::now(),
                    });
                    let reply = {
                        let mut routes = server.routes.lock().unwrap();
                        match routes.get_mut(&path) {
                            Some(list) if list.len() > 1 => list.remove(0),
                            Some(list) => list[0].clone(),
                            None => {
                                Reply { status: 404, headers: vec![], body: "not found".into(), delay_ms: 0 }
                            }
                        }
                    };
                    if reply.delay_ms > 0 {
                        tokio::time::sleep(std::time::Duration::from_millis(reply.delay_ms)).await;
                    }
                    let mut out = format!(
                        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                        reply.status,
                        reply.body.len()
                    );
                    for (k, v) in &reply.headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str("\r\n");
                    out.push_str(&reply.body);
                    let _ = socket.write_all(out.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        base
    }
}

/// The repository's `tests/fixtures` directory.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A job-board payload from `tests/fixtures/boards/`.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join("boards").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
