//! A minimal SMTP responder on 127.0.0.1 for email tests (no TLS), recording every session,
//! and helpers to read what it received: RFC 2047 headers and base64 MIME parts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

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

/// How the responder treats a message (see [`SmtpServer::start_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmtpMode {
    /// Accepts every message (`250` after the final `.`).
    #[default]
    Accept,
    /// Reads the whole message, then closes the connection without a reply: the client cannot
    /// know whether it was delivered.
    DropAfterData,
    /// Reads the whole message and waits this long before accepting it.
    DelayAfterData(std::time::Duration),
    /// Refuses every recipient (`550` to RCPT TO): nothing can be delivered.
    RejectRcpt,
    /// Reads the whole message, then refuses it (`554` after the final `.`).
    RejectData,
}

/// A minimal SMTP responder (no TLS): EHLO (offering AUTH PLAIN LOGIN), AUTH, MAIL FROM,
/// RCPT TO, DATA, RSET, NOOP, QUIT. Records every session.
pub struct SmtpServer {
    pub port: u16,
    pub sessions: Arc<Mutex<Vec<SmtpSession>>>,
    /// Connections open right now (accepted, not yet ended).
    pub open: Arc<AtomicUsize>,
    /// Messages read in full whose reply has not been written yet (with
    /// [`SmtpMode::DelayAfterData`]: the client is waiting for the server's verdict), keyed by
    /// connection serial. A client killed now leaves a send of unknown outcome.
    pub awaiting_reply: Arc<Mutex<Vec<(usize, SmtpSession)>>>,
}

/// Decrements a counter when dropped (even when the session task panics).
struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl SmtpServer {
    pub async fn start() -> Self {
        Self::start_with(SmtpMode::Accept).await
    }

    /// A responder treating messages as `mode` says.
    pub async fn start_with(mode: SmtpMode) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let sessions = Arc::new(Mutex::new(Vec::new()));
        let open = Arc::new(AtomicUsize::new(0));
        let awaiting_reply = Arc::new(Mutex::new(Vec::new()));
        let all = sessions.clone();
        let (open_count, awaiting) = (open.clone(), awaiting_reply.clone());
        tokio::spawn(async move {
            let mut serial = 0usize;
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let all = all.clone();
                serial += 1;
                let conn = serial;
                open_count.fetch_add(1, Ordering::SeqCst);
                let guard = OpenGuard(open_count.clone());
                let awaiting = awaiting.clone();
                tokio::spawn(async move {
                    let _guard = guard;
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
                        } else if upper.starts_with("RCPT TO") && mode == SmtpMode::RejectRcpt {
                            b"550 5.1.1 No such user here\r\n"
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
                            match mode {
                                SmtpMode::DropAfterData => break,
                                SmtpMode::DelayAfterData(delay) => {
                                    awaiting.lock().unwrap().push((conn, session.clone()));
                                    tokio::time::sleep(delay).await;
                                    awaiting.lock().unwrap().retain(|(c, _)| *c != conn);
                                }
                                _ => {}
                            }
                            if mode == SmtpMode::RejectData {
                                b"554 5.7.1 Message refused\r\n"
                            } else {
                                b"250 2.0.0 OK: queued\r\n"
                            }
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
        Self { port, sessions, open, awaiting_reply }
    }

    /// The messages read in full that await the server's reply right now.
    pub fn awaiting_reply(&self) -> Vec<SmtpSession> {
        self.awaiting_reply.lock().unwrap().iter().map(|(_, s)| s.clone()).collect()
    }

    /// Waits (up to `timeout`) until no connection is open; returns whether none is.
    pub async fn wait_idle(&self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.open.load(Ordering::SeqCst) > 0 {
            if std::time::Instant::now() >= until {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        true
    }

    /// The sessions so far (ended ones) in which a whole message was transferred.
    pub fn messages(&self) -> Vec<SmtpSession> {
        self.sessions.lock().unwrap().iter().filter(|s| !s.data.is_empty()).cloned().collect()
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

/// Decodes standard base64 (whitespace and padding ignored); panics on anything else.
pub fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {:?}", c as char),
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let n =
            chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| acc | (u32::from(value(c)) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// The value of header `name` in a message (`data` of a session): unfolded, with RFC 2047
/// `=?utf-8?b?...?=` words decoded, whitespace collapsed. Panics when there is none.
pub fn header(data: &str, name: &str) -> String {
    let head = data.split("\r\n\r\n").next().unwrap_or_default();
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let raw = unfolded
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
        .map(|l| l[prefix.len()..].to_owned())
        .unwrap_or_else(|| panic!("no {name} header in {data}"));
    let mut text = String::new();
    for word in raw.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        match lower.strip_prefix("=?utf-8?b?").and_then(|_| word.get(10..word.len() - 2)) {
            Some(b64) if lower.ends_with("?=") => {
                text.push_str(&String::from_utf8(decode_base64(b64)).unwrap())
            }
            _ => {
                text.push(' ');
                text.push_str(word);
                text.push(' ');
            }
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The MIME part of `data` whose headers contain `content_type`: (its headers, its body).
pub fn mime_part<'a>(data: &'a str, content_type: &str) -> Option<(&'a str, &'a str)> {
    let needle = format!("content-type: {}", content_type.to_ascii_lowercase());
    data.split("\r\n--").find_map(|part| {
        let (headers, body) = part.split_once("\r\n\r\n")?;
        headers.to_ascii_lowercase().contains(&needle).then_some((headers, body))
    })
}
