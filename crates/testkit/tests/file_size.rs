//! Files that fit in a head: no production `.rs` file of the workspace has more than
//! [`MAX_LINES`] lines outside its `#[cfg(test)]` items (docs/architecture.md).

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;

/// Source folders of the workspace's crates (tests, benches and build scripts are not
/// production code).
const SOURCE_DIRS: &[&str] = &[
    "crates/engine/src",
    "crates/jobs/src",
    "crates/ops/src",
    "crates/api/src",
    "crates/cli/src",
    "flows/src",
    "src-tauri/src",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Lines outside `#[cfg(test)]` items (a module or function that follows the attribute, up to
/// its closing brace).
fn production_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let (mut count, mut i) = (0, 0);
    while i < lines.len() {
        if lines[i].trim_start().starts_with("#[cfg(test)]") {
            let (mut depth, mut opened) = (0i64, false);
            let mut j = i + 1;
            while j < lines.len() {
                let line = lines[j];
                depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
                opened |= line.contains('{');
                if (opened && depth <= 0) || (!opened && line.trim_end().ends_with(';')) {
                    break;
                }
                j += 1;
            }
            i = j + 1;
            continue;
        }
        count += 1;
        i += 1;
    }
    count
}

#[test]
fn no_production_file_is_over_the_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in SOURCE_DIRS {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut too_long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = production_lines(&std::fs::read_to_string(f).expect("read"));
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.strip_prefix(&root).unwrap_or(f).display()))
        })
        .collect();
    too_long.sort();
    assert!(too_long.is_empty(), "split these along their sections: {too_long:#?}");
}

#[test]
fn test_items_do_not_count() {
    let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn b() {\n    }\n}\nfn c() {}\n";
    assert_eq!(production_lines(text), 2);
    assert_eq!(production_lines("#[cfg(test)]\nuse x::y;\nfn a() {}\n"), 1);
}
