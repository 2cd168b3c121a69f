//! Optional LLM re-ranking in `match_jobs`, against the fixture server standing in for an
//! OpenAI-compatible endpoint on 127.0.0.1: off by default (no request at all), blended scores
//! with the model's reason in the explanation, the bearer key from a named env var, and
//! failures (HTTP 500, a garbage answer) that keep the deterministic scores with a note.

#[allow(unused_imports)]
mod common;

use std::path::Path;

use chrono::{TimeZone, Utc};
use common::{open, TestEngine};
use jobhunter_engine::{Registry, TaskRunStatus};
use jobhunter_ops::settings;
use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::{json, Value};

const ROUTE: &str = "/v1/chat/completions";

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

async fn setup() -> TestEngine {
    let mut r = Registry::new();
    jobhunter_ops::register(&mut r);
    let t = open(r, start()).await;
    let profile = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json"),
    )
    .unwrap();
    let pool = t.engine.store().pool();
    jobhunter_ops::profile::import(pool, &profile, start()).await.unwrap();
    let jobs = [
        (
            "job-1",
            "Senior Rust Backend Engineer",
            "Acme GmbH",
            "Rust, tokio and PostgreSQL services in Berlin.",
        ),
        ("job-2", "Python Data Engineer", "Globex", "Python pipelines, some backend work."),
        ("job-3", "Frontend Developer", "Initech", "React and TypeScript."),
    ];
    for job in jobs {
        common::insert_job(pool, job, start()).await;
    }
    t
}

async fn configure(t: &TestEngine, config: Value) {
    settings::set(t.engine.store().pool(), settings::LLM, &config, start()).await.unwrap();
}

async fn run_match(t: &TestEngine) -> Value {
    let input = json!({"job_ids": ["job-1", "job-2", "job-3"]});
    let out = t.engine.run_operation("match_jobs", input, "test").await.unwrap();
    assert_eq!(out.status, TaskRunStatus::Success, "{:?}", out.error);
    out.output.unwrap()
}

fn answer(content: &str) -> Reply {
    Reply::json(
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}).to_string(),
    )
}

async fn endpoint(replies: Vec<Reply>) -> (FixtureServer, String) {
    let server = FixtureServer::default();
    server.route(ROUTE, replies);
    let base = server.start().await;
    (server, format!("{base}/v1"))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[tokio::test]
async fn off_by_default_no_request_is_made() {
    let t = setup().await;
    let (server, _url) = endpoint(vec![answer(r#"{"score": 1, "reason": "x"}"#)]).await;
    let out = run_match(&t).await;
    assert!(server.requests("/").is_empty());
    for e in out["explanations"].as_object().unwrap().values() {
        assert!(e.get("llm").is_none(), "{e}");
    }

    // Configured but disabled: still off.
    let (server, url) = endpoint(vec![answer(r#"{"score": 1, "reason": "x"}"#)]).await;
    configure(&t, json!({"enabled": false, "base_url": url, "model": "m"})).await;
    let again = run_match(&t).await;
    assert!(server.requests("/").is_empty());
    assert_eq!(again["scores"], out["scores"]);
}

#[tokio::test]
async fn configured_scores_are_blended_and_explained() {
    let t = setup().await;
    let deterministic = run_match(&t).await["scores"].clone();
    let (server, url) =
        endpoint(vec![answer("```json\n{\"score\": 0.9, \"reason\": \"Strong Rust backend fit\"}\n```")])
            .await;
    configure(&t, json!({"base_url": url, "model": "test-model", "weight": 0.5, "timeout_secs": 5})).await;
    let out = run_match(&t).await;

    let seen = server.requests(ROUTE);
    assert_eq!(seen.len(), 3, "every job of the batch is in the top 10 (the default)");
    for s in &seen {
        assert_eq!(s.method, "POST");
        assert!(!s.headers.contains_key("authorization"), "no key configured: {:?}", s.headers);
        let body: Value = serde_json::from_str(&s.body).unwrap();
        assert_eq!(body["model"], "test-model");
        assert_eq!(body["messages"][0]["role"], "system");
    }
    assert!(seen.iter().any(|s| s.body.contains("Senior Rust Backend Engineer")));
    assert!(seen.iter().any(|s| s.body.contains("Frontend Developer")));

    for id in ["job-1", "job-2", "job-3"] {
        let det = deterministic[id].as_f64().unwrap();
        let e = &out["explanations"][id];
        assert_eq!(out["scores"][id].as_f64().unwrap(), round3(0.5 * det + 0.45), "{id}: {e}");
        assert_eq!(e["llm"]["model"], "test-model");
        assert_eq!(e["llm"]["score"], 0.9);
        assert_eq!(e["llm"]["reason"], "Strong Rust backend fit");
        assert_eq!(e["llm"]["deterministic_score"].as_f64().unwrap(), det);
        assert!(e["llm"].get("note").is_none());
    }

    // Stored too: `jobs show` reads the same explanation.
    let view = jobhunter_ops::hunt::job_view(t.engine.store().pool(), "job-1").await.unwrap();
    let m = view.match_.unwrap();
    assert_eq!(m.score, out["scores"]["job-1"].as_f64().unwrap());
    assert_eq!(m.llm.unwrap().reason.as_deref(), Some("Strong Rust backend fit"));
}

#[tokio::test]
async fn the_key_from_the_named_env_var_is_sent_as_bearer() {
    let t = setup().await;
    let var = format!("JOBHUNTER_LLM_TEST_KEY_{}", std::process::id());
    std::env::set_var(&var, "sk-local-test");
    let (server, url) = endpoint(vec![answer(r#"{"score": 0.5, "reason": "ok"}"#)]).await;
    configure(&t, json!({"base_url": url, "model": "m", "api_key_env": var, "rerank_top": 1})).await;
    let out = run_match(&t).await;
    let seen = server.requests(ROUTE);
    assert_eq!(seen.len(), 1, "only the best deterministic match is re-ranked");
    assert_eq!(seen[0].headers.get("authorization").map(String::as_str), Some("Bearer sk-local-test"));
    let with_llm: Vec<&str> = out["explanations"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, e)| e.get("llm").is_some())
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(with_llm, ["job-1"]);
    // The key never reaches the database.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT value FROM settings").fetch_all(t.engine.store().pool()).await.unwrap();
    assert!(stored.iter().all(|v| !v.contains("sk-local-test")));
}

#[tokio::test]
async fn failures_keep_the_deterministic_scores_with_a_note() {
    let t = setup().await;
    let deterministic = run_match(&t).await["scores"].clone();

    // HTTP 500, then an answer that is not JSON, then one out of range.
    let (server, url) = endpoint(vec![
        Reply::status(500),
        answer("I would say it fits quite well!"),
        answer(r#"{"score": 7, "reason": "very"}"#),
    ])
    .await;
    configure(&t, json!({"base_url": url, "model": "m", "weight": 0.5})).await;
    let out = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 3);
    assert_eq!(out["scores"], deterministic);
    let mut notes: Vec<String> = out["explanations"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| {
            assert!(e["llm"].get("score").is_none(), "{e}");
            e["llm"]["note"].as_str().unwrap().to_owned()
        })
        .collect();
    notes.sort();
    assert!(notes.iter().all(|n| n.starts_with("llm not used, deterministic score kept: ")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("HTTP 500")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("not JSON")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("outside 0..1")), "{notes:?}");

    // Nothing listening: one attempt, the rest noted as not asked; the match still succeeds.
    let port = common::closed_port().await;
    configure(&t, json!({"base_url": format!("http://127.0.0.1:{port}/v1"), "model": "m"})).await;
    let out = run_match(&t).await;
    assert_eq!(out["scores"], deterministic);
    let notes: Vec<&str> = out["explanations"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["llm"]["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes.iter().filter(|n| n.contains("not asked")).count(), 2, "{notes:?}");
}

#[tokio::test]
async fn without_an_env_var_the_key_stored_in_the_keyring_is_sent() {
    use std::sync::Arc;

    use jobhunter_ops::notify::{self, MemorySecretStore, NotifyDeps, SecretStore, LLM_API_KEY};
    let t = setup().await;
    let secrets = Arc::new(MemorySecretStore::default());
    secrets.set(LLM_API_KEY, "sk-from-keyring").unwrap();
    notify::install(&t.engine, NotifyDeps::default().with_secrets(secrets));
    let (server, url) = endpoint(vec![answer(r#"{"score": 0.5, "reason": "ok"}"#)]).await;
    configure(&t, json!({"base_url": url, "model": "m", "rerank_top": 1})).await;
    run_match(&t).await;
    let seen = server.requests(ROUTE);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers.get("authorization").map(String::as_str), Some("Bearer sk-from-keyring"));
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT value FROM settings").fetch_all(t.engine.store().pool()).await.unwrap();
    assert!(stored.iter().all(|v| !v.contains("sk-from-keyring")), "the key never reaches the database");
}
