//! Fixtures of the notification tests: an engine on a temp dir with a manual clock, and two
//! tiny local servers on 127.0.0.1 that record what they receive: an HTTP server (webhooks)
//! and an SMTP responder (email).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use jobhunter_engine::{Engine, ManualClock, Registry};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

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

/// One SMTP session as the responder saw it.
#[derive(Debug, Clone, Default)]
pub struct SmtpSession {
    /// Every command line the client sent, in order (`EHLO ...`, `MAIL FROM:<...>`, ...).
    pub commands: Vec<String>,
    /// The DATA payload (headers and body), dot-unstuffed, without the final `.`.
    pub data: String,
}

impl SmtpSession {
    pub fn command(&self, prefix: &str) -> Option<&str> {
        self.commands.iter().find(|c| c.to_ascii_uppercase().starts_with(prefix)).map(String::as_str)
    }
}

/// A minimal SMTP responder (no TLS): EHLO (offering AUTH PLAIN LOGIN), AUTH, MAIL FROM,
/// RCPT TO, DATA, RSET, NOOP, QUIT. Records every session.
pub struct SmtpServer {
    pub port: u16,
    pub sessions: Arc<Mutex<Vec<SmtpSession>>>,
}

impl SmtpServer {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let sessions = Arc::new(Mutex::new(Vec::new()));
        let all = sessions.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let all = all.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut reader = BufReader::new(read);
                    let mut session = SmtpSession::default();
                    write.write_all(b"220 localhost test SMTP\r\n").await.unwrap();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            break;
                        }
                        let cmd = line.trim_end().to_owned();
                        session.commands.push(cmd.clone());
                        let upper = cmd.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") {
                            b"250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("HELO") {
                            b"250 localhost\r\n"
                        } else if upper.starts_with("AUTH") {
                            b"235 2.7.0 Authentication successful\r\n"
                        } else if upper.starts_with("MAIL FROM") || upper.starts_with("RCPT TO") {
                            b"250 2.1.0 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.unwrap();
                            let mut data = String::new();
                            loop {
                                let mut l = String::new();
                                if reader.read_line(&mut l).await.unwrap_or(0) == 0 {
                                    break;
                                }
                                if l == ".\r\n" {
                                    break;
                                }
                                data.push_str(
                                    l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(&l),
                                );
                            }
                            session.data = data;
                            b"250 2.0.0 OK: queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            write.write_all(b"221 2.0.0 Bye\r\n").await.unwrap();
                            break;
                        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
                            b"250 OK\r\n"
                        } else {
                            b"502 5.5.2 Command not implemented\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                    all.lock().unwrap().push(session);
                });
            }
        });
        Self { port, sessions }
    }

    /// Waits (up to 5 s) until `n` sessions have ended and returns them.
    pub async fn sessions(&self, n: usize) -> Vec<SmtpSession> {
        for _ in 0..500 {
            let s = self.sessions.lock().unwrap().clone();
            if s.len() >= n {
                return s;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("expected {n} SMTP sessions, got {:?}", self.sessions.lock().unwrap());
    }
}
