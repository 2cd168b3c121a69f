//! The crate map of docs/architecture.md, enforced: which workspace crate may depend on which
//! (normal and build dependencies; dev-dependencies may add the test helpers), that only the
//! desktop shell links Tauri, and that the flows reach the database through operations only
//! (no `sqlx`; their tests may set up and read stored rows with a `sqlx` dev-dependency). Reads `cargo metadata`, so a new dependency edge fails here until the map
//! (and the doc) say it is allowed.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Workspace crate -> the workspace crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("jobhunter-engine", &[]),
    ("jobhunter-jobs", &[]),
    ("jobhunter-ops", &["jobhunter-engine", "jobhunter-jobs"]),
    ("jobhunter-flows", &["jobhunter-engine", "jobhunter-jobs", "jobhunter-ops"]),
    ("jobhunter-api", &["jobhunter-engine", "jobhunter-jobs", "jobhunter-ops", "jobhunter-flows"]),
    ("jobhunter-cli", &["jobhunter-api", "jobhunter-engine", "jobhunter-ops", "jobhunter-flows"]),
    ("jobhunter-desktop", &["jobhunter-api", "jobhunter-engine", "jobhunter-ops", "jobhunter-flows"]),
    ("jobhunter-testkit", &[]),
];

/// Dev-dependencies any crate may add on top (tests may drive the engine directly).
const DEV_ALLOWED: &[&str] = &["jobhunter-testkit", "jobhunter-engine"];

/// External crates only some workspace crates may use: (crate prefix, allowed users).
const RESTRICTED: &[(&str, &[&str])] = &[
    ("tauri", &["jobhunter-desktop"]),
    ("sqlx", &["jobhunter-engine", "jobhunter-jobs", "jobhunter-ops", "jobhunter-api"]),
];

struct Dep {
    name: String,
    kind: Option<String>,
}

fn metadata() -> BTreeMap<String, Vec<Dep>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root)
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    doc["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .map(|d| Dep {
                    name: d["name"].as_str().expect("name").to_owned(),
                    kind: d["kind"].as_str().map(str::to_owned),
                })
                .collect();
            (p["name"].as_str().expect("name").to_owned(), deps)
        })
        .collect()
}

#[test]
fn workspace_crates_depend_only_downwards() {
    let packages = metadata();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let listed: BTreeSet<&str> = allowed.keys().copied().collect();
    let found: BTreeSet<&str> = packages.keys().map(String::as_str).collect();
    assert_eq!(found, listed, "every workspace crate has a row in ALLOWED (and docs/architecture.md)");
    let mut violations = Vec::new();
    for (package, deps) in &packages {
        for dep in deps.iter().filter(|d| d.name.starts_with("jobhunter-")) {
            let dev = dep.kind.as_deref() == Some("dev");
            let ok = allowed[package.as_str()].contains(&dep.name.as_str())
                || (dev && DEV_ALLOWED.contains(&dep.name.as_str()));
            if !ok {
                violations.push(format!("{package} -> {}{}", dep.name, if dev { " (dev)" } else { "" }));
            }
        }
    }
    assert!(violations.is_empty(), "dependencies the crate map forbids: {violations:#?}");
}

#[test]
fn tauri_and_sqlx_stay_in_their_layers() {
    let packages = metadata();
    let mut violations = Vec::new();
    for (package, deps) in &packages {
        for dep in deps {
            // Tests may read and set up stored rows directly (e.g. a score "as a hunt stored it").
            if dep.kind.as_deref() == Some("dev") && dep.name == "sqlx" {
                continue;
            }
            for (prefix, users) in RESTRICTED {
                let matches = dep.name == *prefix || dep.name.starts_with(&format!("{prefix}-"));
                if matches && !users.contains(&package.as_str()) {
                    violations.push(format!("{package} -> {}", dep.name));
                }
            }
        }
    }
    assert!(violations.is_empty(), "only the listed crates may use these: {violations:#?}");
}

#[test]
fn the_flows_do_not_use_sqlx() {
    let packages = metadata();
    let flows = &packages["jobhunter-flows"];
    assert!(
        !flows.iter().any(|d| d.name == "sqlx" && d.kind.as_deref() != Some("dev")),
        "flows reach stored data through operations (audited), never SQL"
    );
}
