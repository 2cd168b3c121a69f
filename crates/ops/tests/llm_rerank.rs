//! LLM re-ranking's cache and daily cost cap in `match_jobs`, against the fixture server
//! standing in for an OpenAI-compatible endpoint (requests counted there): the second hunt
//! asks nothing, a new model or profile asks again, the N+1th question of a day is not asked
//! (the note says "daily limit reached") until the next day, the token budget stops too, and a
//! failing endpoint leaves the deterministic scores (failures are not cached but counted).

#[allow(unused_imports)]
mod common;

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use common::{open, TestEngine};
use jobhunter_engine::{Clock, Registry, TaskRunStatus};
use jobhunter_ops::rerank::{usage_on, utc_day, Usage};
use jobhunter_ops::settings;
use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::{json, Value};

const ROUTE: &str = "/v1/chat/completions";
const JOBS: [&str; 3] = ["job-1", "job-2", "job-3"];

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn profile_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json"))
        .unwrap()
}

async fn setup() -> TestEngine {
    let mut r = Registry::new();
    jobhunter_ops::register(&mut r);
    let t = open(r, start()).await;
    let pool = t.engine.store().pool();
    jobhunter_ops::profile::import(pool, &profile_text(), start()).await.unwrap();
    let jobs = [
        ("job-1", "Senior Rust Backend Engineer", "Acme GmbH", "Rust, tokio and PostgreSQL services."),
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
    let out = t.engine.run_operation("match_jobs", json!({"job_ids": JOBS}), "test").await.unwrap();
    assert_eq!(out.status, TaskRunStatus::Success, "{:?}", out.error);
    out.output.unwrap()
}

/// An OpenAI-style answer, with `usage.total_tokens` when given.
fn answer(content: &str, tokens: Option<u64>) -> Reply {
    let mut body = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]});
    if let Some(tokens) = tokens {
        body["usage"] =
            json!({"prompt_tokens": tokens - 10, "completion_tokens": 10, "total_tokens": tokens});
    }
    Reply::json(body.to_string())
}

async fn endpoint(replies: Vec<Reply>) -> (FixtureServer, String) {
    let server = FixtureServer::default();
    server.route(ROUTE, replies);
    let base = server.start().await;
    (server, format!("{base}/v1"))
}

fn notes(out: &Value) -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = out["explanations"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(id, e)| e["llm"]["note"].as_str().map(|n| (id.clone(), n.to_owned())))
        .collect();
    notes.sort();
    notes
}

async fn usage_today(t: &TestEngine) -> Usage {
    usage_on(t.engine.store().pool(), utc_day(t.clock.now())).await.unwrap()
}

#[tokio::test]
async fn the_second_hunt_reuses_the_answers_and_asks_nothing() {
    let t = setup().await;
    let (server, url) = endpoint(vec![answer(r#"{"score": 0.9, "reason": "Strong fit"}"#, Some(120))]).await;
    configure(&t, json!({"base_url": url, "model": "model-a", "weight": 0.5})).await;
    let first = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 3);
    assert_eq!(usage_today(&t).await, Usage { calls: 3, tokens: 360 });

    let second = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 3, "the cached answers are reused");
    assert_eq!(second["scores"], first["scores"]);
    for id in JOBS {
        assert_eq!(second["explanations"][id]["llm"]["reason"], "Strong fit", "{id}");
        assert_eq!(second["explanations"][id]["llm"]["score"], 0.9, "{id}");
    }
    assert_eq!(usage_today(&t).await.calls, 3, "reused answers cost nothing");

    // Another model is asked again; so is the same model about an edited profile.
    configure(&t, json!({"base_url": url, "model": "model-b", "weight": 0.5})).await;
    run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 6);
    let mut doc: Value = serde_json::from_str(&profile_text()).unwrap();
    doc["basics"]["label"] = json!("Staff Rust Engineer");
    jobhunter_ops::profile::import(t.engine.store().pool(), &doc.to_string(), start()).await.unwrap();
    run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 9);
}

#[tokio::test]
async fn the_daily_cap_stops_questions_until_the_next_day() {
    let t = setup().await;
    let deterministic = run_match(&t).await["scores"].clone();
    let (server, url) = endpoint(vec![answer(r#"{"score": 0.2, "reason": "Weak"}"#, None)]).await;
    configure(&t, json!({"base_url": url, "model": "m", "weight": 0.5, "daily_call_cap": 2})).await;
    let out = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 2, "the third question is not asked");
    let limited_notes = notes(&out);
    assert_eq!(limited_notes.len(), 1, "{limited_notes:?}");
    let (limited, note) = &limited_notes[0];
    assert!(note.starts_with("daily limit reached"), "{note}");
    assert!(note.contains("2 of 2"), "{note}");
    assert_eq!(out["scores"][limited], deterministic[limited], "the deterministic score is kept");
    assert_eq!(out["explanations"][limited]["llm"]["deterministic_score"], deterministic[limited]);
    // The best two were asked: the limited job is the weakest deterministic match.
    let weakest = JOBS.iter().min_by(|a, b| {
        deterministic[**a].as_f64().unwrap().total_cmp(&deterministic[**b].as_f64().unwrap()).then(b.cmp(a))
    });
    assert_eq!(Some(&limited.as_str()), weakest);
    let usage = usage_today(&t).await;
    assert_eq!(usage.calls, 2);
    assert!(usage.tokens > 0, "estimated when the endpoint does not say");

    // The same day: the two answers come from the cache, the third is still not asked.
    let again = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 2);
    assert_eq!(again["scores"], out["scores"]);

    // The next day: one more question, the other two still cached.
    t.clock.advance(Duration::days(1));
    let next = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 3);
    assert!(notes(&next).is_empty());
    assert_eq!(usage_today(&t).await.calls, 1);
}

#[tokio::test]
async fn the_token_budget_stops_questions_too() {
    let t = setup().await;
    let (server, url) = endpoint(vec![answer(r#"{"score": 0.7, "reason": "ok"}"#, Some(1000))]).await;
    configure(&t, json!({"base_url": url, "model": "m", "daily_token_budget": 1500})).await;
    let out = run_match(&t).await;
    // 0 and 1000 tokens used before the first two questions; 2000 >= 1500 before the third.
    assert_eq!(server.requests(ROUTE).len(), 2);
    let notes = notes(&out);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].1.starts_with("daily limit reached: 2000 of 1500 tokens"), "{notes:?}");
    assert_eq!(usage_today(&t).await, Usage { calls: 2, tokens: 2000 });
}

#[tokio::test]
async fn a_failing_endpoint_leaves_the_deterministic_scores_and_is_asked_again_later() {
    let t = setup().await;
    let deterministic = run_match(&t).await["scores"].clone();
    let (server, url) = endpoint(vec![Reply::status(500)]).await;
    configure(&t, json!({"base_url": url, "model": "m", "weight": 0.5})).await;
    let out = run_match(&t).await;
    assert_eq!(out["scores"], deterministic);
    assert_eq!(server.requests(ROUTE).len(), 3);
    for (_, note) in notes(&out) {
        assert!(
            note.starts_with("llm not used, deterministic score kept: endpoint answered HTTP 500"),
            "{note}"
        );
    }
    assert_eq!(usage_today(&t).await.calls, 3, "failed questions count against the cap");

    // Failures are not cached: once the endpoint answers, the jobs are asked again.
    server.route(ROUTE, vec![answer(r#"{"score": 1, "reason": "fits"}"#, Some(10))]);
    let out = run_match(&t).await;
    assert_eq!(server.requests(ROUTE).len(), 6);
    assert!(notes(&out).is_empty());
    for id in JOBS {
        assert_ne!(out["scores"][id], deterministic[id], "{id}");
    }
}

#[tokio::test]
async fn the_maintenance_forgets_only_answers_no_hunt_reads_again() {
    let t = setup().await;
    let pool = t.engine.store().pool();
    // (job, asked on, score): ids 1..=6 in this order.
    let rows = [
        ("job-1", "2026-10-01", Some(0.5)),    // superseded by the next one: goes
        ("job-1", "2026-10-02", Some(0.7)),    // the newest usable answer: stays, however old
        ("job-1", "2026-10-03", None),         // a failure: goes
        ("job-gone", "2026-10-04", Some(0.9)), // about a job no longer kept: goes
        ("job-2", "2026-12-01", None),         // today's failure: counts against today's cap
        ("job-2", "2026-12-01", Some(0.4)),
    ];
    for (job, day, score) in rows {
        sqlx::query(
            "INSERT INTO llm_rerank_cache (job_id, profile_id, profile_hash, model, job_hash, asked_on, asked_at, \
             tokens, score, failure) VALUES (?, 'p', 'ph', 'm', 'jh', ?, ?, 10, ?, ?)",
        )
        .bind(job)
        .bind(day)
        .bind(format!("{day}T09:00:00Z"))
        .bind(score)
        .bind(score.is_none().then_some("timed out"))
        .execute(pool)
        .await
        .unwrap();
    }
    let before = usage_today(&t).await;
    let out = t.engine.run_operation("cleanup_taskruns", json!({"days": 30}), "test").await.unwrap();
    assert_eq!(out.output.unwrap()["llm_answers_deleted"], 3);
    let left: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM llm_rerank_cache ORDER BY id").fetch_all(pool).await.unwrap();
    assert_eq!(left, [2, 5, 6]);
    assert_eq!(usage_today(&t).await, before);
}
