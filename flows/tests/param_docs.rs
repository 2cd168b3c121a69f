//! Every parameter a person can set has a plain title and a description: the app's forms label
//! each field with the schema's `title` and explain it with its `description` (the Rust doc
//! comment), never with the raw field name. This walks every registered flow's parameters and
//! every operation's input, so a new field without `#[schemars(title = "...")]` and a doc
//! comment fails here, not in front of a job seeker.

use serde_json::Value;

/// Follows a local `$ref` (`#/$defs/X`) of `root`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(pointer) => root.pointer(pointer.trim_start_matches('#')).unwrap_or(schema),
        None => schema,
    }
}

/// `what: property` for each property of the object schema `schema` that lacks a non-empty
/// `title` or `description`.
fn missing(what: &str, schema: &Value) -> Vec<String> {
    let object = resolve(schema, schema);
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let has = |p: &Value, key: &str| p.get(key).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
    properties
        .iter()
        .flat_map(|(name, property)| {
            ["title", "description"]
                .into_iter()
                .filter(|key| !has(property, key))
                .map(move |key| format!("{what}: {name} has no {key}"))
        })
        .collect()
}

#[test]
fn every_flow_and_operation_parameter_has_a_title_and_a_description() {
    let registry = jobhunter_flows::registry();
    let flows = registry.flows();
    let operations = registry.operations();
    assert!(
        flows.len() >= 5 && operations.len() >= 5,
        "{} flows, {} operations",
        flows.len(),
        operations.len()
    );
    let mut problems: Vec<String> = Vec::new();
    for flow in &flows {
        problems.extend(missing(&format!("flow {}", flow.name), &flow.parameters_schema));
    }
    for op in &operations {
        problems.extend(missing(&format!("operation {}", op.name), &op.input_schema));
    }
    assert!(
        problems.is_empty(),
        "{} parameters lack a title or a description:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_walk_sees_a_missing_title() {
    let schema = serde_json::json!({
        "$ref": "#/$defs/P",
        "$defs": { "P": { "type": "object", "properties": {
            "a": { "title": "A", "description": "The a." },
            "b": { "description": "No title." },
        } } }
    });
    assert_eq!(missing("x", &schema), ["x: b has no title"]);
}

#[test]
fn flows_have_titles() {
    for flow in jobhunter_flows::registry().flows() {
        assert!(!flow.title.trim().is_empty(), "{} has no title", flow.name);
        assert_ne!(flow.title, flow.name, "{}: the title is for people", flow.name);
    }
}
