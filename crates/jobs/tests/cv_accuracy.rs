//! How accurately the CV importer reads real-shaped CVs.
//!
//! `scripts/make-cvs` renders the ten source CVs in `tests/fixtures/cvs/<id>.json` (German and
//! English, single- and two-column, many date styles) into five formats each: plain text,
//! Markdown, a reportlab PDF, a cairo PDF and a DOCX. Every generated file goes through
//! `jobhunter_jobs::cv::import_bytes`, and the JSON Resume draft is compared with the source:
//!
//! - `name`: exact after whitespace normalization; `email`: exact, case-insensitive;
//!   `phone`: the digits are equal;
//! - `employers`: per source work entry, a draft `work[].name` equal to the company
//!   (case-insensitive, whitespace-normalized; each draft entry matches at most one source
//!   entry);
//! - `start_dates`: per source work entry, the matched draft entry's `startDate` equals the
//!   source start (only the year when the source gives only a year);
//! - `skills`: per source skill (groups flattened), found case-insensitively among the draft's
//!   `skills[].name` and `skills[].keywords[]`.
//!
//! It prints `cv_accuracy.<field>=<ratio>` and `cv_accuracy.<format>.<field>=<ratio>` (formats
//! `txt`, `md`, `reportlab_pdf`, `cairo_pdf`, `docx`), writes the same lines to
//! `target/cv-accuracy.txt`, lists every miss on stderr, and asserts the goals: name, email and
//! phone ≥ 0.95, employers and start dates ≥ 0.90, skills ≥ 0.85.
//!
//! Needs Debian's `/usr/bin/python3` with python3-reportlab, python3-cairo and python3-docx
//! (`scripts/setup` installs them). Run it with
//!
//! ```text
//! cargo test -p jobhunter-jobs --test cv_accuracy -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FIELDS: [&str; 6] = ["name", "email", "phone", "employers", "start_dates", "skills"];
const FORMATS: [&str; 5] = ["txt", "md", "reportlab_pdf", "cairo_pdf", "docx"];
const GOALS: [(&str, f64); 6] = [
    ("name", 0.95),
    ("email", 0.95),
    ("phone", 0.95),
    ("employers", 0.90),
    ("start_dates", 0.90),
    ("skills", 0.85),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The format a generated file name stands for (`en-x.reportlab.pdf` → `reportlab_pdf`).
fn format_of(file_name: &str) -> Option<&'static str> {
    [
        (".reportlab.pdf", "reportlab_pdf"),
        (".cairo.pdf", "cairo_pdf"),
        (".docx", "docx"),
        (".txt", "txt"),
        (".md", "md"),
    ]
    .into_iter()
    .find(|(suffix, _)| file_name.ends_with(suffix))
    .map(|(_, format)| format)
}

/// The source id a generated file belongs to (`en-x.reportlab.pdf` → `en-x`).
fn id_of(file_name: &str) -> &str {
    file_name.split('.').next().unwrap()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_ci(s: &str) -> String {
    norm(s).to_lowercase()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// Does the draft's start date match the source's ("YYYY" compares the year only)?
fn same_start(source: &str, draft: &str) -> bool {
    let n = if source.len() == 4 { 4 } else { 7 };
    draft.len() >= n && source.len() >= n && draft[..n] == source[..n]
}

/// Hits and totals per (format, field).
#[derive(Default)]
struct Tally(BTreeMap<(String, String), (usize, usize)>);

impl Tally {
    fn count(&mut self, format: &str, field: &str, hit: bool) {
        let e = self.0.entry((format.to_owned(), field.to_owned())).or_default();
        e.0 += usize::from(hit);
        e.1 += 1;
    }

    fn ratio(&self, format: Option<&str>, field: &str) -> Option<f64> {
        let (hits, total) = self
            .0
            .iter()
            .filter(|((fo, fi), _)| fi == field && format.is_none_or(|f| f == fo))
            .fold((0, 0), |(h, t), (_, (hh, tt))| (h + hh, t + tt));
        (total > 0).then_some(hits as f64 / total as f64)
    }
}

struct Misses(Vec<String>);

impl Misses {
    fn add(&mut self, file: &str, field: &str, expected: &str, got: &str) {
        self.0.push(format!("{file}\t{field}\texpected {expected:?}\tgot {got:?}"));
    }
}

/// Generates the documents into `out` with scripts/make-cvs; panics with what to install.
fn generate(out: &Path) {
    let root = repo_root();
    let script = root.join("scripts/make-cvs");
    let result = Command::new("/usr/bin/python3").arg(&script).arg(out).current_dir(&root).output();
    let hint = "the CV fixtures need Debian's /usr/bin/python3 with the Debian packages \
                python3-reportlab, python3-cairo and python3-docx (and fonts-dejavu-core): \
                run scripts/setup, or apt-get install python3-reportlab python3-cairo python3-docx";
    match result {
        Err(e) => panic!("could not run /usr/bin/python3 {}: {e}\n{hint}", script.display()),
        Ok(o) if !o.status.success() => panic!(
            "{} failed ({}):\n{}{}\n{hint}",
            script.display(),
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Ok(_) => {}
    }
}

fn score_file(
    file: &str,
    format: &str,
    source: &Value,
    draft: Result<Value, String>,
    tally: &mut Tally,
    misses: &mut Misses,
) {
    let works = source["work"].as_array().expect("source work[]");
    let skills: Vec<String> = match &source["skills"] {
        Value::Array(list) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Value::Object(groups) => groups
            .values()
            .flat_map(|v| v.as_array().expect("skill group list").iter())
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        other => panic!("{file}: skills is neither a list nor groups: {other}"),
    };

    let resume = match draft {
        Ok(resume) => resume,
        Err(error) => {
            let got = format!("import failed: {error}");
            for field in ["name", "email", "phone"] {
                tally.count(format, field, false);
                misses.add(file, field, str_at(source, &format!("/{field}")), &got);
            }
            for w in works {
                tally.count(format, "employers", false);
                tally.count(format, "start_dates", false);
                misses.add(file, "employers", str_at(w, "/company"), &got);
                misses.add(file, "start_dates", str_at(w, "/start"), &got);
            }
            for s in &skills {
                tally.count(format, "skills", false);
                misses.add(file, "skills", s, &got);
            }
            return;
        }
    };

    // basics
    let (want, got) = (str_at(source, "/name"), str_at(&resume, "/basics/name"));
    let hit = norm(want) == norm(got);
    tally.count(format, "name", hit);
    if !hit {
        misses.add(file, "name", want, got);
    }
    let (want, got) = (str_at(source, "/email"), str_at(&resume, "/basics/email"));
    let hit = norm_ci(want) == norm_ci(got);
    tally.count(format, "email", hit);
    if !hit {
        misses.add(file, "email", want, got);
    }
    let (want, got) = (str_at(source, "/phone"), str_at(&resume, "/basics/phone"));
    let hit = !digits(want).is_empty() && digits(want) == digits(got);
    tally.count(format, "phone", hit);
    if !hit {
        misses.add(file, "phone", want, got);
    }

    // employers and start dates: each draft entry matches at most one source entry,
    // preferring one whose start date also matches
    let draft_work: Vec<(String, String)> = resume
        .get("work")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter().map(|w| (str_at(w, "/name").to_owned(), str_at(w, "/startDate").to_owned())).collect()
        })
        .unwrap_or_default();
    let names: Vec<&str> = draft_work.iter().map(|(n, _)| n.as_str()).collect();
    let mut used = vec![false; draft_work.len()];
    for w in works {
        let company = str_at(w, "/company");
        let start = str_at(w, "/start");
        let candidates: Vec<usize> = (0..draft_work.len())
            .filter(|&i| !used[i] && norm_ci(&draft_work[i].0) == norm_ci(company))
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| same_start(start, &draft_work[i].1))
            .or_else(|| candidates.first().copied());
        tally.count(format, "employers", pick.is_some());
        match pick {
            Some(i) => {
                used[i] = true;
                let hit = same_start(start, &draft_work[i].1);
                tally.count(format, "start_dates", hit);
                if !hit {
                    misses.add(file, "start_dates", &format!("{company}: {start}"), &draft_work[i].1);
                }
            }
            None => {
                tally.count(format, "start_dates", false);
                misses.add(file, "employers", company, &format!("{names:?}"));
                misses.add(file, "start_dates", &format!("{company}: {start}"), "(employer not found)");
            }
        }
    }

    // skills
    let mut found: Vec<String> = Vec::new();
    for s in resume.get("skills").and_then(Value::as_array).into_iter().flatten() {
        found.push(norm_ci(str_at(s, "/name")));
        for k in s.get("keywords").and_then(Value::as_array).into_iter().flatten() {
            found.push(norm_ci(k.as_str().unwrap_or("")));
        }
    }
    for skill in &skills {
        let hit = found.contains(&norm_ci(skill));
        tally.count(format, "skills", hit);
        if !hit {
            misses.add(file, "skills", skill, "(not among the draft's skills)");
        }
    }
}

#[test]
fn cv_import_accuracy_meets_the_goals() {
    let root = repo_root();
    let sources_dir = root.join("tests/fixtures/cvs");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&sources_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let id = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            sources.insert(id, value);
        }
    }
    assert!(sources.len() >= 10, "expected at least 10 CV sources in {}", sources_dir.display());

    let out = tempfile::tempdir().unwrap();
    generate(out.path());
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| format_of(name).is_some())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        sources.len() * FORMATS.len(),
        "scripts/make-cvs should write one file per source and format: {files:?}"
    );

    let mut tally = Tally::default();
    let mut misses = Misses(Vec::new());
    for file in &files {
        let format = format_of(file).unwrap();
        let source = sources.get(id_of(file)).unwrap_or_else(|| panic!("{file}: no source"));
        let bytes = std::fs::read(out.path().join(file)).unwrap();
        let draft =
            jobhunter_jobs::cv::import_bytes(&bytes, file).map(|d| d.resume).map_err(|e| format!("{e:?}"));
        score_file(file, format, source, draft, &mut tally, &mut misses);
    }

    let mut report = String::new();
    for field in FIELDS {
        report += &format!("cv_accuracy.{field}={:.3}\n", tally.ratio(None, field).unwrap());
    }
    for format in FORMATS {
        for field in FIELDS {
            if let Some(r) = tally.ratio(Some(format), field) {
                report += &format!("cv_accuracy.{format}.{field}={r:.3}\n");
            }
        }
    }
    print!("{report}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("target"));
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("cv-accuracy.txt"), &report).unwrap();
    for miss in &misses.0 {
        eprintln!("cv_accuracy miss\t{miss}");
    }
    eprintln!("cv_accuracy: {} misses over {} files", misses.0.len(), files.len());

    let failed: Vec<String> = GOALS
        .iter()
        .filter_map(|&(field, goal)| {
            let r = tally.ratio(None, field).unwrap();
            (r < goal).then(|| format!("{field} {r:.3} < {goal:.2}"))
        })
        .collect();
    assert!(
        failed.is_empty(),
        "CV import accuracy below its goals: {}\n(the misses are listed on stderr above)",
        failed.join(", ")
    );
}
