//! The JSON Schemas of the flows' parameters and results as the UI's tests use them
//! (`ui/src/test/flowSchemas.json`: flow name -> `{ parameters, result }`), generated from the
//! registry so that the UI's form tests see what the app really publishes.
//!
//! The test fails when the committed file is stale. To regenerate:
//!
//! ```sh
//! UPDATE_FLOW_SCHEMAS=1 cargo test -p jobhunter-flows --test ui_schemas
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

/// Where the UI's tests expect the schemas.
const SCHEMAS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/test/flowSchemas.json");

/// The file's content: every flow of the registry by name, pretty-printed, with a final newline.
fn render() -> String {
    let flows: BTreeMap<String, Value> = jobhunter_flows::registry()
        .flows()
        .into_iter()
        .map(|flow| {
            (flow.name, json!({ "parameters": flow.parameters_schema, "result": flow.result_schema }))
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&flows).expect("serialize the flow schemas");
    text.push('\n');
    text
}

#[test]
fn flow_schemas_json_is_up_to_date() {
    let path = Path::new(SCHEMAS_PATH);
    let expected = render();
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("UPDATE_FLOW_SCHEMAS").is_some() {
        if current == expected {
            eprintln!("unchanged: {}", path.display());
        } else {
            std::fs::write(path, &expected).expect("write the flow schemas");
            eprintln!("wrote {}", path.display());
        }
        return;
    }
    if current != expected {
        let temp = std::env::temp_dir().join("jobhunter-flowSchemas.expected.json");
        let _ = std::fs::write(&temp, &expected);
        panic!(
            "ui/src/test/flowSchemas.json is stale: a flow's parameters or result changed.\n\
             Regenerate it with\n\n    UPDATE_FLOW_SCHEMAS=1 cargo test -p jobhunter-flows --test ui_schemas\n\n\
             then commit the file.\n\
             The expected content was written to {}",
            temp.display()
        );
    }
}

#[test]
fn every_flow_has_object_schemas() {
    let rendered: BTreeMap<String, Value> = serde_json::from_str(&render()).unwrap();
    assert!(rendered.contains_key("daily_job_hunt"), "{:?}", rendered.keys());
    for (name, schemas) in &rendered {
        assert!(schemas["parameters"].is_object(), "{name}: parameters");
        assert!(schemas["result"].is_object(), "{name}: result");
    }
}
