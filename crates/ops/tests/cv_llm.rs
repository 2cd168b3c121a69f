//! Reading a CV with the optional language model, against the fixture server standing in for
//! an OpenAI-compatible endpoint on 127.0.0.1: only what occurs in the CV is kept (an invented
//! employer is left out, with a warning), an answer that is not JSON keeps the app's own
//! reading with a warning, and without a configured model nothing is asked and nothing changes.

#[allow(unused_imports)]
mod common;

use chrono::{TimeZone, Utc};
use common::{open, TestEngine};
use jobhunter_engine::Registry;
use jobhunter_jobs::cv::{import_bytes, CvDraft};
use jobhunter_ops::{cv_llm, settings};
use jobhunter_testkit::{FixtureServer, Reply};
use serde_json::{json, Value};

const ROUTE: &str = "/v1/chat/completions";

const CV: &str = "Ada Lovelace\nada@example.org\n\nExperience\nAnalyst — Engines Ltd\n2019 – 2021\n\
Built the analytical engine's first program\n\nSkills\nRust, SQL\n";

fn start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

async fn setup() -> TestEngine {
    let mut r = Registry::new();
    jobhunter_ops::register(&mut r);
    open(r, start()).await
}

fn offline() -> CvDraft {
    import_bytes(CV.as_bytes(), "ada.txt").unwrap()
}

async fn configure(t: &TestEngine, url: &str) {
    let config = json!({"base_url": url, "model": "cv-model", "timeout_secs": 5});
    settings::set(t.engine.store().pool(), settings::LLM, &config, start()).await.unwrap();
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

fn llm_warnings(draft: &CvDraft) -> Vec<&str> {
    draft.warnings.iter().filter(|w| w.field == "llm").map(|w| w.message.as_str()).collect()
}

#[tokio::test]
async fn what_the_model_invented_is_left_out_and_the_rest_replaces_the_apps_reading() {
    let t = setup().await;
    let model_answer = json!({
        "basics": {"name": "Ada Lovelace", "email": "ada@example.org"},
        "work": [
            {"name": "Engines Ltd", "position": "Analyst", "startDate": "2019-01", "endDate": "2021",
             "highlights": ["Built the analytical engine's first program"]},
            {"name": "Babbage & Partners", "position": "Engineer", "startDate": "2016", "endDate": "2018"},
        ],
        "skills": [{"name": "Programming", "keywords": ["Rust", "SQL"]}],
    });
    let (server, url) = endpoint(vec![answer(&format!("```json\n{model_answer}\n```"))]).await;
    configure(&t, &url).await;

    let offline = offline();
    let draft = cv_llm::refine_draft(&t.engine, offline.clone()).await;

    let seen = server.requests(ROUTE);
    assert_eq!(seen.len(), 1);
    let body: Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(body["model"], "cv-model");
    assert_eq!(body["temperature"], 0);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["content"], CV, "the CV's text is what the model reads");

    assert_eq!(
        draft.resume["work"],
        json!([{"name": "Engines Ltd", "position": "Analyst", "startDate": "2019-01", "endDate": "2021",
                "highlights": ["Built the analytical engine's first program"]}]),
        "the invented employer is left out, the real one kept"
    );
    assert_eq!(draft.resume["basics"]["name"], "Ada Lovelace");
    // "Programming" is not in the CV; its keywords are, and become skills.
    assert_eq!(draft.resume["skills"], json!([{"name": "Rust"}, {"name": "SQL"}]));
    assert_eq!(draft.text, offline.text);
    assert_eq!(draft.kind, "text");
    assert_eq!(
        llm_warnings(&draft),
        [
            "read with the language model cv-model; check every section",
            // The invented employer's 4 values and the skill's name.
            "left out what the model wrote that is not in your CV: 5 values",
        ]
    );
}

#[tokio::test]
async fn an_answer_that_is_not_json_keeps_the_apps_reading_with_a_warning() {
    let t = setup().await;
    let (server, url) =
        endpoint(vec![answer("Here is the CV: Ada Lovelace, analyst at Engines Ltd."), Reply::status(500)])
            .await;
    configure(&t, &url).await;
    let offline = offline();

    let draft = cv_llm::refine_draft(&t.engine, offline.clone()).await;
    assert_eq!(draft.resume, offline.resume);
    assert_eq!(draft.warnings[..offline.warnings.len()], offline.warnings[..]);
    assert_eq!(
        llm_warnings(&draft),
        ["the language model could not read it (its answer is not a JSON object); this is the app's own reading"]
    );

    let draft = cv_llm::refine_draft(&t.engine, offline.clone()).await;
    assert_eq!(draft.resume, offline.resume);
    assert_eq!(
        llm_warnings(&draft),
        ["the language model could not read it (endpoint answered HTTP 500); this is the app's own reading"]
    );
    assert_eq!(server.requests(ROUTE).len(), 2);
}

#[tokio::test]
async fn without_a_configured_model_nothing_is_asked_and_nothing_changes() {
    let t = setup().await;
    let (server, url) = endpoint(vec![answer(r#"{"work": [{"name": "Engines Ltd"}]}"#)]).await;
    assert!(!cv_llm::available(&t.engine).await);
    let offline = offline();
    let draft = cv_llm::refine_draft(&t.engine, offline.clone()).await;
    assert_eq!(draft.resume, offline.resume);
    assert_eq!(draft.warnings, offline.warnings);

    // Configured but off: the same.
    let config = json!({"enabled": false, "base_url": url, "model": "cv-model"});
    settings::set(t.engine.store().pool(), settings::LLM, &config, start()).await.unwrap();
    assert!(!cv_llm::available(&t.engine).await);
    let draft = cv_llm::refine_draft(&t.engine, offline.clone()).await;
    assert_eq!(draft.resume, offline.resume);
    assert_eq!(draft.warnings, offline.warnings);
    assert!(server.requests("/").is_empty());
}
