//! Limits on hostile boards (issue #10), over real HTTP on 127.0.0.1: a 429 asking for a
//! year-long pause, bodies larger than the configured cap (announced or streamed), redirects
//! through the custom policy, and large payloads parsed off the async workers.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jobhunter_jobs::fetch::{FetchConfig, Fetcher, Query, DEFAULT_MAX_BODY_BYTES, MAX_RETRY_AFTER};
use jobhunter_jobs::sources::{Board, SourceSpec};
use jobhunter_jobs::Error;
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn fetcher(board: Board, base: &str, max_body_bytes: usize) -> Fetcher {
    let config = FetchConfig {
        base_urls: HashMap::from([(board, base.to_owned())]),
        min_interval_per_host: Duration::ZERO,
        timeout: Duration::from_secs(5),
        max_body_bytes,
        ..Default::default()
    };
    Fetcher::new(config).unwrap()
}

fn remoteok() -> SourceSpec {
    SourceSpec::parse("remoteok").unwrap()
}

/// A server on 127.0.0.1 answering every connection with `head` and then `body` produced
/// by `next_chunk` (called until it returns `None` or a write fails); afterwards the
/// connection is held open, so a client that waits for more bytes waits until its timeout.
async fn raw_server<F>(head: &'static str, next_chunk: F) -> String
where
    F: Fn(usize) -> Option<Vec<u8>> + Send + Sync + Clone + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let next_chunk = next_chunk.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let mut i = 0;
                while let Some(chunk) = next_chunk(i) {
                    if socket.write_all(&chunk).await.is_err() || socket.flush().await.is_err() {
                        return;
                    }
                    i += 1;
                }
                // Hold the connection until the client goes away.
                while matches!(socket.read(&mut buf).await, Ok(n) if n > 0) {}
            });
        }
    });
    base
}

#[tokio::test]
async fn retry_after_beyond_the_cap_fails_fast_as_a_transient_error() {
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::status(429).header("Retry-After", "31536000")]);
    let base = server.start().await;
    let started = Instant::now();
    let err = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES)
        .search(&remoteok(), &Query::default())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    // Not a RateLimited carrying a year: the task layer's own (bounded) backoff applies.
    assert!(matches!(err, Error::Transient(_)) && err.is_retryable(), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("/api") && message.contains("over the 300 s cap"), "{message}");
    assert_eq!(server.requests("/api").len(), 1, "no retry inside the fetcher");
}

#[tokio::test]
async fn retry_after_within_the_cap_is_still_a_rate_limit() {
    let server = FixtureServer::default();
    let at_cap = MAX_RETRY_AFTER.as_secs().to_string();
    server.route(
        "/api",
        vec![
            Reply::status(429).header("Retry-After", "1"),
            Reply::status(429).header("Retry-After", &at_cap),
            Reply::json(fixture("remoteok.json")),
        ],
    );
    let base = server.start().await;
    let f = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES);
    for expected in [Duration::from_secs(1), MAX_RETRY_AFTER] {
        match f.search(&remoteok(), &Query::default()).await {
            Err(Error::RateLimited { retry_after, .. }) => assert_eq!(retry_after, Some(expected)),
            other => panic!("expected RateLimited, got {other:?}"),
        }
    }
    assert_eq!(f.search(&remoteok(), &Query::default()).await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_announced_content_length_over_the_cap_is_refused_before_reading() {
    // Announces 1 GiB, sends 10 bytes and holds the connection: reading the body would wait
    // for the 5 s timeout; refusing on the header answers at once.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n";
    let base = raw_server(head, |i| (i == 0).then(|| b"[{\"a\": 1},".to_vec())).await;
    let started = Instant::now();
    let err = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES)
        .search(&remoteok(), &Query::default())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert!(matches!(err, Error::Permanent(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&format!("GET {base}/api")), "{message}");
    assert!(message.contains("response body too big"), "{message}");
    assert!(message.contains("Content-Length announces 1073741824 bytes"), "{message}");
    assert!(message.contains(&format!("limit is {DEFAULT_MAX_BODY_BYTES} bytes")), "{message}");
}

#[tokio::test]
async fn a_streamed_body_over_a_small_cap_is_abandoned() {
    // Chunked, no length, and it never ends: 1 KiB chunks for as long as the client reads.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let base = raw_server(head, |i| {
        let data = if i == 0 { "[".to_owned() } else { " ".repeat(1024) };
        Some(format!("{:x}\r\n{data}\r\n", data.len()).into_bytes())
    })
    .await;
    let started = Instant::now();
    let err =
        fetcher(Board::RemoteOk, &base, 16 * 1024).search(&remoteok(), &Query::default()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(matches!(err, Error::Permanent(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&format!("GET {base}/api: response body too big")), "{message}");
    assert!(
        message.contains("streamed body passed the limit") && message.contains("16384 bytes"),
        "{message}"
    );
}

#[tokio::test]
async fn a_body_within_the_cap_passes_and_one_byte_less_does_not() {
    let body = fixture("remoteok.json");
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::json(body.clone())]);
    let base = server.start().await;
    let exact = fetcher(Board::RemoteOk, &base, body.len());
    assert_eq!(exact.search(&remoteok(), &Query::default()).await.unwrap().len(), 2);
    let err = fetcher(Board::RemoteOk, &base, body.len() - 1)
        .search(&remoteok(), &Query::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("response body too big"), "{err}");

    // The same body streamed in small chunks without a length is accepted under the cap.
    let chunks: Vec<Vec<u8>> = body
        .as_bytes()
        .chunks(100)
        .map(|c| {
            let mut out = format!("{:x}\r\n", c.len()).into_bytes();
            out.extend_from_slice(c);
            out.extend_from_slice(b"\r\n");
            out
        })
        .chain([b"0\r\n\r\n".to_vec()])
        .collect();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let base = raw_server(head, move |i| chunks.get(i).cloned()).await;
    let streamed = fetcher(Board::RemoteOk, &base, body.len());
    assert_eq!(streamed.search(&remoteok(), &Query::default()).await.unwrap().len(), 2);
}

#[tokio::test]
async fn redirects_are_followed_through_the_custom_policy_within_limits() {
    let server = FixtureServer::default();
    let base = server.start().await;
    // Local to local (the original URL is local too): followed.
    server.route("/api", vec![Reply::status(302).header("Location", &format!("{base}/moved"))]);
    server.route("/moved", vec![Reply::json(fixture("remoteok.json"))]);
    let f = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES);
    assert_eq!(f.search(&remoteok(), &Query::default()).await.unwrap().len(), 2);
    assert_eq!(server.requests("/moved").len(), 1);

    // An endless chain stops after the allowed hops, as a permanent error.
    let server = FixtureServer::default();
    let base = server.start().await;
    server.route("/api", vec![Reply::status(302).header("Location", "/loop/0")]);
    for i in 0..10 {
        server.route(
            &format!("/loop/{i}"),
            vec![Reply::status(302).header("Location", &format!("/loop/{}", i + 1))],
        );
    }
    let err = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES)
        .search(&remoteok(), &Query::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Permanent(_)), "{err:?}");
    assert!(err.to_string().contains("redirect refused"), "{err}");
    assert_eq!(server.requests("/loop/").len(), 5, "five redirects followed, the sixth refused");
}

#[tokio::test]
async fn a_public_host_may_not_redirect_to_a_local_address() {
    // `board.example` is pinned to the fixture server (no DNS): to the redirect policy it is
    // a public name, and the Location it sends points at 127.0.0.1.
    let server = FixtureServer::default();
    let local = server.start().await;
    let addr: std::net::SocketAddr = local.trim_start_matches("http://").parse().unwrap();
    let public = format!("http://board.example:{}", addr.port());
    server.route("/api", vec![Reply::status(302).header("Location", &format!("{local}/admin"))]);
    server.route("/elsewhere", vec![Reply::status(302).header("Location", "/api")]);
    let config = FetchConfig {
        base_urls: HashMap::from([(Board::RemoteOk, public.clone())]),
        min_interval_per_host: Duration::ZERO,
        timeout: Duration::from_secs(5),
        resolve: HashMap::from([("board.example".to_owned(), addr)]),
        ..Default::default()
    };
    let f = Fetcher::new(config).unwrap();
    let err = f.search(&remoteok(), &Query::default()).await.unwrap_err();
    assert!(matches!(err, Error::Permanent(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("redirect refused") && message.contains("local or private address"),
        "{message}"
    );
    assert_eq!(server.requests("/admin").len(), 0, "the local address was never asked");
    // A redirect that stays on the public name is followed (and then refused at the next hop).
    let err = f.get(&format!("{public}/elsewhere"), &[]).await.unwrap_err();
    assert!(err.to_string().contains("local or private address"), "{err}");
    assert_eq!(server.requests("/api").len(), 2);
}

#[tokio::test]
async fn a_payload_over_the_off_worker_threshold_parses_in_full() {
    // Well over the size parsed on the blocking pool (256 KiB): the same postings come back.
    // (That the parse runs off the async workers is not observed here.)
    let mut jobs = vec![serde_json::json!({"legal": "notice"})];
    for i in 0..1500 {
        jobs.push(serde_json::json!({
            "slug": format!("job-{i}"),
            "id": i.to_string(),
            "epoch": 1763800000,
            "company": "Initech",
            "position": if i % 2 == 0 { "Rust Developer" } else { "Designer" },
            "tags": ["rust"],
            "description": format!("<p>{}</p>", "Write Rust. Ship daily. ".repeat(20)),
            "url": format!("https://remote.example.test/l/{i}"),
        }));
    }
    let body = serde_json::Value::Array(jobs).to_string();
    assert!(body.len() > 512 * 1024, "{}", body.len());
    let server = FixtureServer::default();
    server.route("/api", vec![Reply::json(body)]);
    let base = server.start().await;
    let f = fetcher(Board::RemoteOk, &base, DEFAULT_MAX_BODY_BYTES);
    assert_eq!(f.search(&remoteok(), &Query::default()).await.unwrap().len(), 1500);
    let designers = Query { keywords: vec!["designer".into()], ..Default::default() };
    assert_eq!(f.search(&remoteok(), &designers).await.unwrap().len(), 750);
}
