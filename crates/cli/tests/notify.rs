//! Black-box tests of `jobhunter channels | rules | notifications` and of the rule
//! notifications `flows run` delivers: the real binary against a local HTTP server and a local
//! SMTP responder on 127.0.0.1, each test with its own temporary data dir.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{describe, error_message, jh, ok_json, run};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Exit code 1 and exactly one `error: ...` line naming `needle`; returns the message.
fn fails(dir: &Path, args: &[&str], needle: &str) -> String {
    let out = run(dir, args);
    one_line_error(args, &out, needle)
}

fn one_line_error(args: &[&str], out: &Output, needle: &str) -> String {
    let msg = error_message(args, out);
    assert!(msg.contains(needle), "the error must contain `{needle}`: {}", describe(args, out));
    msg
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v:#}"))
}

/// A local HTTP server (a thread) answering `status` and recording the JSON bodies.
struct HttpServer {
    url: String,
    bodies: Arc<Mutex<Vec<Value>>>,
}

impl HttpServer {
    fn start(status: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let seen = bodies.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let mut reader = BufReader::new(stream);
                let mut len = 0;
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut h = String::new();
                    reader.read_line(&mut h).unwrap();
                    let h = h.trim_end().to_ascii_lowercase();
                    if h.is_empty() {
                        break;
                    }
                    if let Some(v) = h.strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                seen.lock().unwrap().push(serde_json::from_slice(&body).unwrap_or(Value::Null));
                let response =
                    format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
                let _ = reader.get_mut().write_all(response.as_bytes());
            }
        });
        Self { url, bodies }
    }

    fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().unwrap().clone()
    }
}

/// The SMTP sessions seen: (command lines, DATA payload).
type Sessions = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A minimal SMTP responder (a thread, no TLS) recording each session's commands and data.
fn smtp_server() -> (u16, Sessions) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let all = sessions.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut commands, mut data) = (Vec::new(), String::new());
            stream.write_all(b"220 localhost test SMTP\r\n").unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let cmd = line.trim_end().to_owned();
                let upper = cmd.to_ascii_uppercase();
                commands.push(cmd);
                let reply: &[u8] = if upper.starts_with("EHLO") {
                    b"250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("AUTH") {
                    b"235 2.7.0 Authentication successful\r\n"
                } else if upper.starts_with("DATA") {
                    stream.write_all(b"354 go ahead\r\n").unwrap();
                    loop {
                        let mut l = String::new();
                        if reader.read_line(&mut l).unwrap_or(0) == 0 || l == ".\r\n" {
                            break;
                        }
                        data.push_str(&l);
                    }
                    b"250 queued\r\n"
                } else if upper.starts_with("QUIT") {
                    let _ = stream.write_all(b"221 bye\r\n");
                    break;
                } else {
                    b"250 OK\r\n"
                };
                if stream.write_all(reply).is_err() {
                    break;
                }
            }
            all.lock().unwrap().push((commands, data));
        }
    });
    (port, sessions)
}

// ---------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------

#[test]
fn channels_add_list_and_test_a_webhook() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let server = HttpServer::start(200);
    let added = ok_json(d, &["channels", "add", "hook", "webhook", "--url", &server.url, "--json"]);
    assert_eq!(added["name"], "hook");
    assert_eq!(added["kind"], "webhook");
    assert_eq!(added["url"], server.url.as_str());
    let list = ok_json(d, &["channels", "list", "--json"]);
    let names: Vec<&str> = arr(&list).iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["desktop", "hook"], "the built-in desktop channel is listed: {list:#}");
    let tested = ok_json(d, &["channels", "test", "hook", "--json"]);
    assert_eq!(tested["status"], "sent", "{tested:#}");
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1);
    assert_eq!(bodies[0]["title"], "JobHunter test notification");
    assert_eq!(bodies[0]["level"], "info");
    assert!(bodies[0]["text"].is_string());
    let record = ok_json(d, &["notifications", "list", "--json"]);
    assert_eq!(arr(&record).len(), 1);
    assert_eq!(record[0]["channel"], "hook");
    assert_eq!(record[0]["status"], "sent");
    assert_eq!(record[0]["trigger"], "test");
    // Text output.
    let out = run(d, &["channels", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("hook") && text.contains(&server.url), "{text}");
}

#[test]
fn channels_test_reports_failures_in_one_line() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let server = HttpServer::start(500);
    ok_json(d, &["channels", "add", "broken", "webhook", "--url", &server.url, "--json"]);
    fails(
        d,
        &["channels", "test", "broken"],
        "channel 'broken': test notification failed: POST http://127.0.0.1:",
    );
    fails(d, &["channels", "test", "desktop"], "skipped (no_desktop)");
    fails(d, &["channels", "test", "nope"], "channel 'nope' not found");
    let failed = ok_json(d, &["notifications", "list", "--status", "failed", "--json"]);
    assert_eq!(arr(&failed).len(), 1);
    assert!(failed[0]["error"].as_str().unwrap().contains("500"));
    let skipped = ok_json(d, &["notifications", "list", "--status", "skipped", "--json"]);
    assert_eq!(skipped[0]["reason"], "no_desktop");
}

#[test]
fn channels_add_rejects_bad_flags_naming_them() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    fails(
        d,
        &["channels", "add", "h", "webhook", "--url", "ftp://example.org/x"],
        "--url: not an http(s) URL",
    );
    fails(d, &["channels", "add", "h", "webhook", "--url", "hooks.example.org"], "--url: not an http(s) URL");
    fails(d, &["channels", "add", "bad name", "webhook", "--url", "http://h/x"], "NAME:");
    let email = |to: &str, port: &str, tls: &str| {
        let args = [
            "channels",
            "add",
            "m",
            "email",
            "--to",
            to,
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            port,
            "--tls",
            tls,
        ];
        args.map(str::to_owned)
    };
    let a = email("nobody", "25", "none");
    fails(d, &a.iter().map(String::as_str).collect::<Vec<_>>(), "--to: not an email address");
    let a = email("me@example.org", "smtp", "none");
    fails(d, &a.iter().map(String::as_str).collect::<Vec<_>>(), "--smtp-port: not a port number");
    let a = email("me@example.org", "25", "ssl");
    fails(d, &a.iter().map(String::as_str).collect::<Vec<_>>(), "--tls: expected none, starttls or tls");
    fails(
        d,
        &[
            "channels",
            "add",
            "m",
            "email",
            "--to",
            "me@example.org",
            "--smtp-host",
            "smtp://x",
            "--smtp-port",
            "25",
        ],
        "--smtp-host:",
    );
    ok_json(d, &["channels", "add", "h", "webhook", "--url", "http://127.0.0.1:9/x", "--json"]);
    fails(d, &["channels", "add", "h", "webhook", "--url", "http://127.0.0.1:9/y"], "already exists");
    // Nothing half-added.
    assert_eq!(arr(&ok_json(d, &["channels", "list", "--json"])).len(), 2);
    fails(d, &["channels", "delete", "desktop"], "built in");
    ok_json(d, &["channels", "delete", "h", "--json"]);
    assert_eq!(arr(&ok_json(d, &["channels", "list", "--json"])).len(), 1);
}

#[test]
fn channels_test_an_email_channel_through_a_local_smtp_server() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (port, sessions) = smtp_server();
    let port = port.to_string();
    let added = ok_json(
        d,
        &[
            "channels",
            "add",
            "mail",
            "email",
            "--to",
            "seeker@example.org",
            "--from",
            "jobhunter@example.org",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            &port,
            "--tls",
            "none",
            "--json",
        ],
    );
    assert_eq!(added["kind"], "email");
    assert_eq!(added["tls"], "none");
    assert_eq!(added["password_stored"], false);
    let tested = ok_json(d, &["channels", "test", "mail", "--json"]);
    assert_eq!(tested["status"], "sent", "{tested:#}");
    let sessions = sessions.lock().unwrap().clone();
    assert_eq!(sessions.len(), 1);
    let (commands, data) = &sessions[0];
    assert!(commands.iter().any(|c| c == "MAIL FROM:<jobhunter@example.org>"), "{commands:?}");
    assert!(commands.iter().any(|c| c == "RCPT TO:<seeker@example.org>"), "{commands:?}");
    assert!(data.contains("Subject: [JobHunter] JobHunter test notification"), "{data}");
}

#[test]
fn email_password_from_the_environment_when_not_in_the_keyring() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (port, sessions) = smtp_server();
    let port = port.to_string();
    let add = [
        "channels",
        "add",
        "mail",
        "email",
        "--to",
        "seeker@example.org",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port,
        "--smtp-user",
        "bot@example.org",
        "--tls",
        "none",
        "--no-keyring",
        "--json",
    ];
    let added = ok_json(d, &add);
    assert_eq!(added["password_stored"], false);
    assert_eq!(added["smtp_user"], "bot@example.org");
    // No password anywhere: the delivery fails, and says why.
    fails(d, &["channels", "test", "mail"], "no SMTP password for user 'bot@example.org'");
    let out = jh(d)
        .env("JOBHUNTER_SMTP_PASSWORD", "s3cret")
        .args(["channels", "test", "mail", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&["channels", "test", "mail"], &out));
    let sessions = sessions.lock().unwrap().clone();
    let (commands, _) = sessions.last().unwrap();
    // AUTH PLAIN base64("\0bot@example.org\0s3cret")
    assert!(commands.iter().any(|c| c.contains("AGJvdEBleGFtcGxlLm9yZwBzM2NyZXQ=")), "{commands:?}");
}

#[test]
fn email_password_goes_to_the_keyring_or_the_channel_is_not_added() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let args = [
        "channels",
        "add",
        "kr",
        "email",
        "--to",
        "seeker@example.org",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        "2525",
        "--smtp-user",
        "bot",
        "--tls",
        "none",
        "--json",
    ];
    let out = jh(d).env("JOBHUNTER_SMTP_PASSWORD", "pw").args(args).output().unwrap();
    if out.status.success() {
        // A usable OS keyring: the password is stored there; deleting the channel removes it.
        let added: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(added["password_stored"], true);
        ok_json(d, &["channels", "delete", "kr", "--json"]);
    } else {
        // No usable keyring on this machine: one line saying so and what to do instead.
        one_line_error(&args, &out, "secret store: cannot store 'smtp:kr' in the OS keyring");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--no-keyring"), "{stderr}");
    }
    let list = ok_json(d, &["channels", "list", "--json"]);
    assert_eq!(arr(&list).len(), 1, "only the desktop channel is left: {list:#}");
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_add_list_delete() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    ok_json(d, &["channels", "add", "hook", "webhook", "--url", "http://127.0.0.1:9/x", "--json"]);
    let a =
        ok_json(d, &["rules", "add", "--on", "failed", "--channel", "hook", "--cooldown", "15m", "--json"]);
    assert_eq!(a["on"], "failed");
    assert_eq!(a["channel"], "hook");
    assert_eq!(a["cooldown"], "15m");
    assert_eq!(a["cooldown_secs"], 900);
    let deployment = ok_json(
        d,
        &[
            "deployments",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "nightly",
            "--cron",
            "0 3 * * *",
            "--json",
        ],
    );
    let b = ok_json(
        d,
        &[
            "rules",
            "add",
            "--on",
            "consecutive_failures:3",
            "--channel",
            "desktop",
            "--deployment",
            "nightly",
            "--quiet-hours",
            "22:00-07:00",
            "--tz",
            "Europe/Berlin",
            "--json",
        ],
    );
    assert_eq!(b["on"], "consecutive_failures:3");
    assert_eq!(b["deployment_id"], deployment["id"], "the name resolves to the deployment's id");
    assert_eq!(b["quiet_hours"], "22:00-07:00");
    assert_eq!(b["timezone"], "Europe/Berlin");
    assert_eq!(b["cooldown"], "0s");
    let list = ok_json(d, &["rules", "list", "--json"]);
    assert_eq!(arr(&list).len(), 2);
    let id = a["id"].as_i64().unwrap().to_string();
    let deleted = ok_json(d, &["rules", "delete", &id, "--json"]);
    assert_eq!(deleted["deleted"], a["id"]);
    let list = ok_json(d, &["rules", "list", "--json"]);
    assert_eq!(arr(&list).len(), 1);
    assert_eq!(list[0]["id"], b["id"]);
    fails(d, &["rules", "delete", &id], &format!("rule {id} not found"));
}

#[test]
fn rules_add_rejects_bad_flags_naming_them() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    fails(d, &["rules", "add", "--on", "done", "--channel", "desktop"], "--on: not a trigger");
    fails(d, &["rules", "add", "--on", "consecutive_failures:0", "--channel", "desktop"], "--on:");
    fails(
        d,
        &["rules", "add", "--on", "failed", "--channel", "desktop", "--cooldown", "10x"],
        "--cooldown: not a duration",
    );
    fails(d, &["rules", "add", "--on", "failed", "--channel", "nope"], "--channel: channel 'nope' not found");
    fails(
        d,
        &["rules", "add", "--on", "failed", "--channel", "desktop", "--quiet-hours", "22-7"],
        "--quiet-hours:",
    );
    fails(
        d,
        &[
            "rules",
            "add",
            "--on",
            "failed",
            "--channel",
            "desktop",
            "--quiet-hours",
            "22:00-07:00",
            "--tz",
            "Mars/Base",
        ],
        "--tz: not an IANA time zone",
    );
    fails(d, &["rules", "delete", "abc"], "ID: not a rule id");
    fails(
        d,
        &["rules", "add", "--on", "failed", "--channel", "desktop", "--deployment", "nope"],
        "--deployment: deployment 'nope' not found",
    );
    assert!(arr(&ok_json(d, &["rules", "list", "--json"])).is_empty());
}

#[test]
fn flows_run_delivers_the_rule_notifications_of_its_run() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let server = HttpServer::start(200);
    ok_json(d, &["channels", "add", "hook", "webhook", "--url", &server.url, "--json"]);
    ok_json(d, &["rules", "add", "--on", "completed", "--channel", "hook", "--json"]);
    ok_json(d, &["rules", "add", "--on", "failed", "--channel", "hook", "--json"]);
    let run = ok_json(d, &["flows", "run", "maintenance", "--params", r#"{"cleanup_days": 30}"#, "--json"]);
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 1, "{bodies:#?}");
    assert_eq!(bodies[0]["flow_run_id"], run["flow_run_id"]);
    assert_eq!(bodies[0]["title"], "maintenance completed");
    assert_eq!(bodies[0]["level"], "success");
    let record = ok_json(d, &["notifications", "list", "--channel", "hook", "--json"]);
    assert_eq!(record[0]["trigger"], "completed");
    assert_eq!(record[0]["flow_run_id"], run["flow_run_id"]);
}

#[test]
fn serve_applies_the_rules_to_scheduled_runs() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let server = HttpServer::start(200);
    ok_json(d, &["channels", "add", "hook", "webhook", "--url", &server.url, "--json"]);
    // Every second, a run that fails (cleanup_days must be at least 1).
    let deployment = ok_json(
        d,
        &[
            "deployments",
            "create",
            "--flow",
            "maintenance",
            "--name",
            "failing",
            "--interval",
            "1s",
            "--params",
            r#"{"cleanup_days": 0}"#,
            "--json",
        ],
    );
    ok_json(d, &["rules", "add", "--on", "failed", "--channel", "hook", "--cooldown", "1h", "--json"]);
    ok_json(
        d,
        &[
            "rules",
            "add",
            "--on",
            "consecutive_failures:2",
            "--channel",
            "hook",
            "--deployment",
            "failing",
            "--json",
        ],
    );
    let mut serve = std::process::Command::new(assert_cmd::cargo::cargo_bin("jobhunter"))
        .env_remove("RUST_LOG")
        .arg("--data-dir")
        .arg(d)
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    // Two sent (the first failure, the streak of two), then at least one held back by the cooldown.
    while server.bodies().len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed =
        std::process::Command::new("kill").args(["-TERM", &serve.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = serve.wait().unwrap();
    assert!(status.success(), "serve stops cleanly on SIGTERM: {status:?}");

    let bodies = server.bodies();
    let titles: Vec<&str> = bodies.iter().map(|b| b["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["maintenance failed", "maintenance: 2 failures in a row"], "{bodies:#?}");
    assert_eq!(bodies[0]["deployment_id"], deployment["id"]);
    assert!(bodies[0]["message"].as_str().unwrap().contains("days"), "{bodies:#?}");
    let skipped = ok_json(d, &["notifications", "list", "--status", "skipped", "--json"]);
    assert!(!arr(&skipped).is_empty(), "later failures are held back by the cooldown");
    assert!(
        arr(&skipped).iter().all(|r| r["reason"] == "cooldown" && r["trigger"] == "failed"),
        "{skipped:#}"
    );
}

#[test]
fn failed_runs_and_their_restarts_are_notified_once_each() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let server = HttpServer::start(200);
    ok_json(d, &["channels", "add", "hook", "webhook", "--url", &server.url, "--json"]);
    ok_json(d, &["rules", "add", "--on", "failed", "--channel", "hook", "--json"]);
    let args = ["flows", "run", "maintenance", "--params", r#"{"cleanup_days": 0}"#, "--json"];
    let out = run(d, &args);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&args, &out));
    let failed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = failed["flow_run_id"].as_str().unwrap().to_owned();
    let args = ["runs", "restart", &id, "--json"];
    let out = run(d, &args);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&args, &out));
    let restarted: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bodies = server.bodies();
    let runs: Vec<&Value> = bodies.iter().map(|b| &b["flow_run_id"]).collect();
    assert_eq!(runs, vec![&failed["flow_run_id"], &restarted["flow_run_id"]], "{bodies:#?}");
    assert!(bodies.iter().all(|b| b["title"] == "maintenance failed" && b["level"] == "error"));
}

#[test]
fn an_smtp_password_is_refused_without_tls_to_another_machine() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let args = [
        "channels",
        "add",
        "mail",
        "email",
        "--to",
        "seeker@example.org",
        "--smtp-host",
        "smtp.example.org",
        "--smtp-port",
        "587",
        "--smtp-user",
        "bot@example.org",
        "--tls",
        "none",
        "--no-keyring",
    ];
    fails(d, &args, "--tls: a password is only sent without TLS to this machine");
    let listed = ok_json(d, &["channels", "list", "--json"]);
    assert!(arr(&listed).iter().all(|c| c["name"] != "mail"), "nothing is stored: {listed:#}");
}
