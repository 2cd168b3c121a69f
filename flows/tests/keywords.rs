//! Seed compatibility (issue #10): `keywords` is a string (one search phrase) or a list of
//! phrases in every flow and operation that takes it, and its JSON Schema says so.

use jobhunter_engine::{Engine, RunOptions};
use jobhunter_flows::hunt::ScrapeAndProcessParams;
use serde_json::{json, Value};

const FLOWS: [&str; 2] = ["scrape_and_process", "daily_job_hunt"];

fn normalize(flow: &str, params: Value) -> Result<Value, String> {
    let registry = jobhunter_flows::registry();
    registry.flow(flow).unwrap().normalize(&params).map_err(|e| e.message)
}

#[test]
fn a_keyword_string_is_one_search_phrase() {
    for flow in FLOWS {
        let params = json!({"keywords": "Data Engineer", "sources": ["remoteok"]});
        let normalized = normalize(flow, params).unwrap_or_else(|e| panic!("{flow}: {e}"));
        assert_eq!(normalized["keywords"], json!(["Data Engineer"]), "{flow}");

        let list = json!({"keywords": ["Data Engineer", "Rust"], "sources": ["remoteok"]});
        assert_eq!(normalize(flow, list).unwrap()["keywords"], json!(["Data Engineer", "Rust"]), "{flow}");
        let missing = normalize(flow, json!({"sources": ["remoteok"]})).unwrap();
        assert_eq!(missing["keywords"], json!([]), "{flow}: still optional");
    }
    let typed: ScrapeAndProcessParams =
        serde_json::from_value(json!({"keywords": "Data Engineer", "sources": ["remoteok"]})).unwrap();
    assert_eq!(typed.keywords, ["Data Engineer"]);
}

#[test]
fn other_keyword_types_are_refused_naming_the_field() {
    for flow in FLOWS {
        for bad in [json!(42), json!([1, 2]), json!({"a": "b"}), json!(true)] {
            let err = normalize(flow, json!({"keywords": bad, "sources": ["remoteok"]}))
                .expect_err(&format!("{flow}: {bad} must be refused"));
            assert!(err.starts_with("keywords"), "{flow}: {err}");
        }
    }
    let err = normalize("scrape_and_process", json!({"keywords": 42})).unwrap_err();
    assert!(err.contains("a string or a list of strings"), "{err}");
}

#[test]
fn the_scrape_operation_takes_a_keyword_string_too() {
    let registry = jobhunter_flows::registry();
    let scrape = registry.operation("scrape_jobs").unwrap();
    scrape.validate_input(&json!({"source": "remoteok", "keywords": "Data Engineer"})).unwrap();
    let input: jobhunter_ops::hunt::ScrapeInput =
        serde_json::from_value(json!({"source": "remoteok", "keywords": "Data Engineer"})).unwrap();
    assert_eq!(input.keywords, ["Data Engineer"]);
    let err = scrape.validate_input(&json!({"source": "remoteok", "keywords": 7})).unwrap_err();
    assert!(err.message.starts_with("keywords"), "{}", err.message);
}

/// The UI builds its form and validation from these schemas: both shapes must be allowed.
#[test]
fn keyword_schemas_allow_a_string_or_a_list_of_strings() {
    let registry = jobhunter_flows::registry();
    let mut schemas: Vec<(String, Value)> =
        FLOWS.iter().map(|f| (f.to_string(), registry.flow(f).unwrap().parameters_schema())).collect();
    schemas.push(("scrape_jobs".into(), registry.operation("scrape_jobs").unwrap().input_schema()));
    for (name, schema) in schemas {
        let keywords = &schema["properties"]["keywords"];
        let branches = keywords["anyOf"].as_array().unwrap_or_else(|| panic!("{name}: {keywords}"));
        assert!(branches.contains(&json!({"type": "string"})), "{name}: {keywords}");
        assert!(
            branches.contains(&json!({"type": "array", "items": {"type": "string"}})),
            "{name}: {keywords}"
        );
    }
}

#[tokio::test]
async fn running_with_a_keyword_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
    let params = json!({"keywords": 42, "sources": ["remoteok"]});
    let err = engine
        .run_flow_json("scrape_and_process", params, RunOptions::new("manual", "test"))
        .await
        .expect_err("a number is not keywords");
    assert!(err.to_string().contains("keywords"), "{err}");
}
