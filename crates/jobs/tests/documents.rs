//! Tailored CV and cover letter: no invented facts, relevance ordering, real PDFs (embedded
//! fonts, extractable UTF-8 text, page breaks) and atomic files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use jobhunter_jobs::documents::{cover_letter, tailor_cv, write_documents, JobFacts, CV_HEADINGS};
use jobhunter_jobs::profile::{Profile, Work};

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/profile.json")
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture_path()).expect("fixture profile")
}

fn profile() -> Profile {
    Profile::from_json(&fixture_text()).expect("fixture profile parses")
}

fn rust_job() -> JobFacts {
    JobFacts {
        title: "Senior Rust Backend Engineer (m/w/d)".into(),
        company: "Beispiel Reisen AG".into(),
        description: "We build booking data pipelines for travel agencies. You know Rust, tokio and \
                      PostgreSQL well; Docker and Kubernetes experience is a plus. Some Python is \
                      nice to have. Terraform on AWS is used for infrastructure."
            .into(),
        skills: vec!["rust".into(), "postgresql".into(), "kubernetes".into(), "docker".into()],
    }
}

/// Every string value in the profile document (recursively).
fn profile_strings() -> HashSet<String> {
    fn walk(v: &serde_json::Value, out: &mut HashSet<String>) {
        match v {
            serde_json::Value::String(s) => {
                out.insert(s.trim().to_owned());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let doc: serde_json::Value = serde_json::from_str(&fixture_text()).unwrap();
    let mut out = HashSet::new();
    walk(&doc["basics"], &mut out);
    for section in ["work", "education", "skills", "languages", "projects"] {
        walk(&doc[section], &mut out);
    }
    out
}

/// The separators the CV uses to join profile strings on one line.
const SEPARATORS: [&str; 7] = [" · ", " — ", " – ", ", ", ": ", " (", ")"];

/// Asserts that every line of `markdown` is a heading, a profile string or a join of profile
/// strings.
fn assert_traceable(markdown: &str) {
    let strings = profile_strings();
    for raw in markdown.lines() {
        let mut line = raw.trim();
        for prefix in ["### ", "## ", "# ", "- "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                line = rest;
                break;
            }
        }
        let line = line.trim();
        if line.is_empty() || CV_HEADINGS.contains(&line) || strings.contains(line) {
            continue;
        }
        let mut joined = line.to_owned();
        for sep in SEPARATORS {
            joined = joined.replace(sep, "\u{1}");
        }
        // An open-ended period ("2021-03 –") is a date with a dash.
        for fragment in
            joined.split('\u{1}').map(|f| f.trim().trim_end_matches(" –")).filter(|f| !f.is_empty())
        {
            let ok = strings.contains(fragment)
                || strings
                    .iter()
                    .any(|s| s.contains(fragment) && SEPARATORS.iter().any(|sep| s.contains(sep.trim_end())));
            assert!(ok, "CV line {raw:?}: {fragment:?} is not a profile string");
        }
    }
}

#[test]
fn the_cv_invents_nothing_and_leads_with_what_the_job_asks_for() {
    let profile = profile();
    let cv = tailor_cv(&profile, &rust_job(), None);
    let md = cv.to_markdown();
    assert_traceable(&md);

    // Key skills: the job's skills the profile has, as the profile spells them; never the
    // ones it lacks.
    assert_eq!(cv.key_skills[0], "Rust", "{:?}", cv.key_skills);
    for s in ["Rust", "PostgreSQL", "Docker", "tokio", "Python"] {
        assert!(cv.key_skills.iter().any(|k| k == s), "{s} missing from {:?}", cv.key_skills);
    }
    for s in ["React", "pandas", "TypeScript"] {
        assert!(!cv.key_skills.iter().any(|k| k == s), "{s} is not asked for: {:?}", cv.key_skills);
    }
    let lower = md.to_lowercase();
    for absent in ["kubernetes", "terraform", "aws", "beispiel reisen"] {
        assert!(!lower.contains(absent), "{absent:?} is not in the profile but is in the CV:\n{md}");
    }
    assert!(md.starts_with("# Jörg Müller\n"), "{md}");
    assert!(md.contains("## Key skills for this role\n\nRust · "), "{md}");
    // Skill groups: the job's first.
    assert_eq!(cv.skills[0].name, "Rust");
    assert_eq!(cv.skills.last().unwrap().name, "React");
}

#[test]
fn work_entries_that_mention_the_job_keywords_come_first() {
    let profile = profile();

    // The oldest entry is the one about dashboards and spreadsheets.
    let analyst = JobFacts {
        title: "Data Analyst".into(),
        company: "Zahlenwerk".into(),
        description: "Build Tableau dashboards and Excel reports; Python is a plus.".into(),
        skills: vec!["tableau".into(), "excel".into()],
    };
    let cv = tailor_cv(&profile, &analyst, None);
    let order: Vec<&str> = cv.experience.iter().map(|w| w.company.as_deref().unwrap()).collect();
    assert_eq!(order[0], "Grünwald Logistik GmbH", "{order:?}");
    // The rest by recency.
    assert_eq!(order[1..], ["Fernweh Analytics", "Straße & Söhne Software"]);

    let frontend = JobFacts {
        title: "Frontend Developer".into(),
        company: "Pixel".into(),
        description: "React and TypeScript, a design system, end-to-end tests.".into(),
        skills: vec!["react".into()],
    };
    let cv = tailor_cv(&profile, &frontend, None);
    assert_eq!(cv.experience[0].company.as_deref(), Some("Straße & Söhne Software"));
    assert_eq!(cv.experience[0].highlights[0], "Maintained the React front end and its design system");
    assert_eq!(cv.projects[0].name, "Küchenplaner");

    // For the Rust job: the Rust entry first, and within it the Rust highlight first.
    let cv = tailor_cv(&profile, &rust_job(), None);
    assert_eq!(cv.experience[0].company.as_deref(), Some("Fernweh Analytics"));
    assert!(cv.experience[0].highlights[0].starts_with("Rewrote the ingestion pipeline in Rust"));
    assert_eq!(cv.experience[0].highlights.len(), 4, "highlights are reordered, never dropped");
    let md = cv.to_markdown();
    let fernweh = md.find("Fernweh Analytics").unwrap();
    let gruenwald = md.find("Grünwald Logistik GmbH").unwrap();
    assert!(fernweh < gruenwald);
}

#[test]
fn the_matchers_explanation_adds_its_matched_skills() {
    let profile = profile();
    let job = JobFacts {
        title: "Platform Engineer".into(),
        company: "Acme".into(),
        description: "Run our services.".into(),
        skills: vec![],
    };
    // An explanation stored by an older version: components as plain numbers, no
    // `unmet_must_haves`. It still loads, without its parts.
    let explanation: jobhunter_jobs::matching::Explanation = serde_json::from_value(serde_json::json!({
        "score": 0.7,
        "matched_skills": ["serde", "kubernetes"],
        "missing_skills": [],
        "penalties": [],
        "components": {"skills": 0.5, "relevance": 0.5, "place": 1.0, "salary": 1.0},
        "excluded": null
    }))
    .unwrap();
    assert_eq!(explanation.components, None);
    assert!(explanation.unmet_must_haves.is_empty());
    let cv = tailor_cv(&profile, &job, Some(&explanation));
    assert_eq!(cv.key_skills, ["serde"]);
    assert!(!cv.to_markdown().to_lowercase().contains("kubernetes"));
}

#[test]
fn the_stored_explanation_shape_round_trips() {
    let part = |score: f64, reason: &str| serde_json::json!({"score": score, "reason": reason});
    let stored = serde_json::json!({
        "score": 0.91,
        "matched_skills": ["Rust", "PostgreSQL"],
        "missing_skills": ["Kubernetes", "gRPC"],
        "unmet_must_haves": ["rust"],
        "penalties": [{"reason": "missing must-have skill 'rust'", "amount": 0.15}],
        "components": {
            "skills": part(0.6, "2 of 4 required skills"),
            "role": part(1.0, "a backend role, your field"),
            "seniority": part(1.0, "no level stated"),
            "place": part(1.0, "remote, EU only; you may work there"),
            "salary": part(0.7, "no salary stated"),
            "language": part(1.0, "written in English, which you speak"),
        },
        "excluded": null
    });
    let e: jobhunter_jobs::matching::Explanation = serde_json::from_value(stored.clone()).unwrap();
    let parts = e.components.as_ref().expect("today's shape keeps its parts");
    assert_eq!(
        (parts.skills.score, parts.place.reason.as_str()),
        (0.6, "remote, EU only; you may work there")
    );
    assert_eq!(e.unmet_must_haves, ["rust"]);
    assert_eq!(serde_json::to_value(&e).unwrap(), stored, "written back as read");
    // A half-written parts object (a part missing) reads as no parts, never as an error.
    let mut partial = stored;
    partial["components"].as_object_mut().unwrap().remove("language");
    let e: jobhunter_jobs::matching::Explanation = serde_json::from_value(partial).unwrap();
    assert_eq!(e.components, None);
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8(out.stdout).expect("UTF-8 text"))
        }
        Err(_) => {
            eprintln!("SKIP: pdftotext (poppler-utils) is not installed; PDF text not extracted");
            None
        }
    }
}

/// A small extractor for the PDFs this crate writes (no external tool needed): inflates the
/// streams, reads each font's ToUnicode map, and decodes the text shown on every page through
/// the map of the font in use — the same path a viewer takes to copy or search text. Lines
/// end where the text matrix moves to a new baseline; pages end with a form feed.
fn extract_text(pdf: &[u8]) -> String {
    use std::collections::HashMap;

    fn find(h: &[u8], needle: &[u8], from: usize) -> Option<usize> {
        h.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
    }
    fn int_after(h: &[u8], key: &[u8]) -> Option<u32> {
        let at = find(h, key, 0)? + key.len();
        let digits: String = h[at..]
            .iter()
            .skip_while(|b| **b == b' ')
            .take_while(|b| b.is_ascii_digit())
            .map(|b| *b as char)
            .collect();
        digits.parse().ok()
    }
    // Objects: id -> (dictionary bytes, decoded stream).
    let mut objects: HashMap<u32, (Vec<u8>, Vec<u8>)> = HashMap::new();
    let mut at = 0;
    while let Some(pos) = find(pdf, b" 0 obj", at) {
        let start = pdf[..pos].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
        let id: u32 = std::str::from_utf8(&pdf[start..pos]).unwrap().parse().unwrap();
        let body = pos + 6;
        let dict_end = find(pdf, b"endobj", body).unwrap();
        let (dict, data, next) = match find(pdf, b"stream\n", body).filter(|s| *s < dict_end) {
            Some(s) => {
                let dict = pdf[body..s].to_vec();
                let len = int_after(&dict, b"/Length ").unwrap() as usize;
                let raw = &pdf[s + 7..s + 7 + len];
                let data = if find(&dict, b"/FlateDecode", 0).is_some() {
                    miniz_oxide::inflate::decompress_to_vec_zlib(raw).expect("a valid deflate stream")
                } else {
                    raw.to_vec()
                };
                (dict, data, find(pdf, b"endobj", s + 7 + len).unwrap() + 6)
            }
            None => (pdf[body..dict_end].to_vec(), Vec::new(), dict_end + 6),
        };
        objects.insert(id, (dict, data));
        at = next;
    }
    // ToUnicode maps: "<gid> <utf-16be>" pairs.
    let cmap = |id: u32| -> HashMap<u16, String> {
        let text = String::from_utf8_lossy(&objects[&id].1).into_owned();
        let mut map = HashMap::new();
        for line in text.lines() {
            let parts: Vec<&str> = line.split(['<', '>', ' ']).filter(|p| !p.is_empty()).collect();
            if let [gid, uni] = parts[..] {
                if gid.len() == 4 && uni.len() % 4 == 0 {
                    let units: Vec<u16> = (0..uni.len())
                        .step_by(4)
                        .map(|i| u16::from_str_radix(&uni[i..i + 4], 16).unwrap())
                        .collect();
                    map.insert(u16::from_str_radix(gid, 16).unwrap(), String::from_utf16(&units).unwrap());
                }
            }
        }
        map
    };
    let mut pages: Vec<&(Vec<u8>, Vec<u8>)> = objects
        .values()
        .filter(|(d, _)| find(d, b"/Type /Page", 0).is_some() && find(d, b"/Type /Pages", 0).is_none())
        .collect();
    pages.sort_by_key(|(d, _)| int_after(d, b"/Contents ").unwrap());
    let mut out = String::new();
    for (dict, _) in pages {
        // Resource name -> that font's ToUnicode map.
        let mut fonts: HashMap<String, HashMap<u16, String>> = HashMap::new();
        let mut i = 0;
        while let Some(p) = find(dict, b"/F", i) {
            let name: String =
                dict[p + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).map(|b| *b as char).collect();
            if let Some(font_id) = int_after(&dict[p..], format!("/{name} ").as_bytes()) {
                if let Some(to_unicode) = int_after(&objects[&font_id].0, b"/ToUnicode ") {
                    fonts.insert(name, cmap(to_unicode));
                }
            }
            i = p + 2;
        }
        let content = &objects[&int_after(dict, b"/Contents ").unwrap()].1;
        // Tokens: strings (decoded to bytes), names, numbers and operators.
        let (mut font, mut operands, mut last_y): (String, Vec<Vec<u8>>, Option<Vec<u8>>) =
            (String::new(), vec![], None);
        let mut j = 0;
        while j < content.len() {
            let b = content[j];
            if b == b'(' {
                let mut bytes = Vec::new();
                let mut depth = 0;
                j += 1;
                loop {
                    match content[j] {
                        b'\\' => {
                            j += 1;
                            bytes.push(match content[j] {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 8,
                                b'f' => 12,
                                c if c.is_ascii_digit() => {
                                    let oct: String = content[j..]
                                        .iter()
                                        .take(3)
                                        .take_while(|c| c.is_ascii_digit())
                                        .map(|c| *c as char)
                                        .collect();
                                    j += oct.len() - 1;
                                    u8::from_str_radix(&oct, 8).unwrap()
                                }
                                c => c,
                            });
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b'(');
                        }
                        b')' if depth == 0 => break,
                        b')' => {
                            depth -= 1;
                            bytes.push(b')');
                        }
                        c => bytes.push(c),
                    }
                    j += 1;
                }
                operands.push(bytes);
                j += 1;
            } else if b == b'<' {
                let end = find(content, b">", j).unwrap();
                let hex = std::str::from_utf8(&content[j + 1..end]).unwrap();
                operands.push(
                    (0..hex.len())
                        .step_by(2)
                        .map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap())
                        .collect(),
                );
                j = end + 1;
            } else if b.is_ascii_whitespace() {
                j += 1;
            } else {
                let end = content[j..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || b"(<".contains(c))
                    .map_or(content.len(), |p| p + j);
                let token = content[j..end].to_vec();
                j = end;
                if token[0] == b'/' || token[0] == b'-' || token[0] == b'.' || token[0].is_ascii_digit() {
                    operands.push(token);
                    continue;
                }
                match &token[..] {
                    b"Tf" => font = String::from_utf8_lossy(&operands[0][1..]).into_owned(),
                    b"Tm" => {
                        let y = operands[5].clone();
                        if last_y.as_ref().is_some_and(|l| *l != y) {
                            out.push('\n');
                        }
                        last_y = Some(y);
                    }
                    b"Tj" => {
                        let map = &fonts[&font];
                        for pair in operands[0].chunks(2) {
                            out.push_str(&map[&u16::from_be_bytes([pair[0], pair[1]])]);
                        }
                    }
                    _ => {}
                }
                operands.clear();
            }
        }
        out.push_str("\n\u{c}");
    }
    out
}

/// The PDF's text as this test's own extractor reads it and, where installed, as poppler's
/// `pdftotext` does.
fn pdf_texts(pdf: &[u8]) -> Vec<(&'static str, String)> {
    let mut texts = vec![("built-in extractor", extract_text(pdf))];
    texts.extend(pdftotext(pdf).map(|t| ("pdftotext", t)));
    texts
}

fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's').count()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_pdf_has_embedded_fonts_and_extractable_utf8_text() {
    let cv = tailor_cv(&profile(), &rust_job(), None);
    let pdf = cv.to_pdf();
    // To look at the documents: JOBHUNTER_DOCS_OUT=/some/dir cargo test ...
    if let Ok(dir) = std::env::var("JOBHUNTER_DOCS_OUT") {
        write_documents(Path::new(&dir), "cv", &cv).unwrap();
        write_documents(Path::new(&dir), "cover-letter", &cover_letter(&profile(), &rust_job(), None))
            .unwrap();
    }

    assert!(pdf.starts_with(b"%PDF-"));
    assert!(contains(&pdf, b"/FontFile2"), "no embedded TrueType font");
    assert!(contains(&pdf, b"/ToUnicode"));
    assert!(contains(&pdf, b"/MediaBox [0 0 595.28 841.89]"), "not A4");
    assert!(!contains(&pdf, b"/Subtype /Image"), "text must be text, not pictures");
    assert_eq!(page_count(&pdf), 2);
    assert!(pdf.len() < 200_000, "fonts are subset: {} bytes", pdf.len());

    for (how, text) in pdf_texts(&pdf) {
        for expected in [
            "Jörg Müller",
            "Key skills for this role",
            "Rust · PostgreSQL",
            "Straße & Söhne Software",
            "Technische Universität Dresden",
            "Français (Elementary)",
            "Rewrote the ingestion pipeline in Rust with tokio",
        ] {
            assert!(text.contains(expected), "{how}: {expected:?} not in the PDF text:\n{text}");
        }
        assert!(!text.to_lowercase().contains("kubernetes"), "{how}");
        assert_eq!(text.matches('\u{c}').count(), 2, "{how}: two pages");
    }
    // The PDF says what the Markdown says (which is traceable to the profile), nothing more.
    let md = cv.to_markdown();
    for word in extract_text(&pdf).split(|c: char| c.is_whitespace() || c == '•') {
        assert!(md.contains(word), "{word:?} is in the PDF but not in the Markdown");
    }
}

#[test]
fn a_long_cv_breaks_across_pages_and_keeps_every_line() {
    let mut profile = profile();
    let template = profile.resume.work[2].clone();
    for i in 0..14 {
        profile.resume.work.push(Work {
            name: Some(format!("Firma Nummer {i}")),
            highlights: (0..5)
                .map(|h| format!("Highlight {h} of firm {i}: shipped a Rust service that is described at some length so that this line has to wrap onto a second line in the PDF"))
                .collect(),
            ..template.clone()
        });
    }
    let cv = tailor_cv(&profile, &rust_job(), None);
    let pdf = cv.to_pdf();
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages} pages");
    for (how, text) in pdf_texts(&pdf) {
        for i in 0..14 {
            assert!(text.contains(&format!("Firma Nummer {i}")), "{how}: firm {i} lost");
        }
        assert!(text.contains("Highlight 4 of firm 13"), "{how}: the last highlight is lost");
        // Form feeds end pages.
        assert_eq!(text.matches('\u{c}').count(), pages, "{how}");
    }
}

#[test]
fn the_cover_letter_cites_the_role_the_matched_skills_and_the_best_work_entry() {
    let letter = cover_letter(&profile(), &rust_job(), None);
    let md = letter.to_markdown();
    for expected in [
        "# Jörg Müller",
        "Dear Hiring Team at Beispiel Reisen AG,",
        "Senior Rust Backend Engineer (m/w/d) position at Beispiel Reisen AG",
        "As a Senior Backend Engineer,",
        "My experience with Rust, PostgreSQL, Docker and Python",
        "Senior Backend Engineer at Fernweh Analytics (since 2021-03)",
        "Rewrote the ingestion pipeline in Rust with tokio",
        "Kind regards,",
        "joerg.mueller@example.org",
        "+49 30 1234567",
    ] {
        assert!(md.contains(expected), "{expected:?} not in:\n{md}");
    }
    assert!(!md.to_lowercase().contains("kubernetes"));
    assert!(md.trim_end().ends_with("+49 30 1234567"), "signed with name, email, phone:\n{md}");

    let pdf = letter.to_pdf();
    assert!(pdf.starts_with(b"%PDF-") && contains(&pdf, b"/FontFile2"));
    assert_eq!(page_count(&pdf), 1);
    for (how, text) in pdf_texts(&pdf) {
        assert!(text.contains("Jörg Müller") && text.contains("Beispiel Reisen AG"), "{how}: {text}");
    }
}

#[test]
fn documents_are_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let cv = tailor_cv(&profile(), &rust_job(), None);
    let paths = write_documents(dir.path(), "cv-job-42", &cv).unwrap();
    assert_eq!(paths.markdown, dir.path().join("cv-job-42.md"));
    assert_eq!(paths.pdf, dir.path().join("cv-job-42.pdf"));
    assert_eq!(std::fs::read_to_string(&paths.markdown).unwrap(), cv.to_markdown());
    assert!(std::fs::read(&paths.pdf).unwrap().starts_with(b"%PDF-"));

    // Overwriting replaces the files whole and leaves nothing else behind.
    let letter = cover_letter(&profile(), &rust_job(), None);
    write_documents(dir.path(), "cv-job-42", &letter).unwrap();
    assert_eq!(std::fs::read_to_string(&paths.markdown).unwrap(), letter.to_markdown());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["cv-job-42.md", "cv-job-42.pdf"]);

    // A name that would escape the directory is refused.
    for bad in ["", "../cv", "a/b", ".hidden"] {
        let err = write_documents(dir.path(), bad, &cv).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bad:?}");
    }
    // A directory that cannot be written: an error, and no temp file anywhere.
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    assert!(write_documents(&file, "cv", &cv).is_err());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn short_skill_names_only_match_as_written() {
    let mut profile = profile();
    profile.resume.skills.push(jobhunter_jobs::profile::Skill {
        name: "Go".into(),
        level: None,
        keywords: vec!["R".into()],
    });
    let mut job = rust_job();
    job.description.push_str(" We go live weekly and r&d matters.");
    let cv = tailor_cv(&profile, &job, None);
    assert!(!cv.key_skills.iter().any(|k| k == "Go" || k == "R"), "{:?}", cv.key_skills);

    job.description.push_str(" Our services are written in Go.");
    let cv = tailor_cv(&profile, &job, None);
    assert!(cv.key_skills.iter().any(|k| k == "Go"), "{:?}", cv.key_skills);
}

#[test]
fn a_minimal_profile_gives_a_minimal_cv() {
    let profile = Profile::from_json(r#"{"basics": {"name": "Zoë Ähnlich"}}"#).unwrap();
    let cv = tailor_cv(&profile, &rust_job(), None);
    assert_eq!(cv.to_markdown(), "# Zoë Ähnlich\n");
    assert!(cv.key_skills.is_empty() && cv.experience.is_empty());
    let pdf = cv.to_pdf();
    assert_eq!(page_count(&pdf), 1);
    let letter = cover_letter(&profile, &JobFacts { title: "Engineer".into(), ..JobFacts::default() }, None);
    let md = letter.to_markdown();
    assert!(md.contains("Dear Hiring Team,") && md.contains("the Engineer position."), "{md}");
    assert!(md.trim_end().ends_with("Zoë Ähnlich"), "{md}");
    assert!(letter.to_pdf().starts_with(b"%PDF-"));
}

#[test]
fn job_facts_come_from_a_stored_job() {
    let now = chrono::Utc::now();
    let record = jobhunter_jobs::store::JobRecord {
        id: "j1".into(),
        title: "Rust Engineer".into(),
        company: "Acme".into(),
        location: None,
        locations: vec![],
        workplace: Some(jobhunter_jobs::posting::Workplace::Remote),
        remote: Some(true),
        employment_type: None,
        salary: None,
        url: None,
        apply_url: None,
        apply_email: None,
        posted_at: None,
        first_seen: now,
        last_seen: now,
        found_on: vec![],
        description: "Rust and tokio.".into(),
        tags: vec!["backend".into()],
        skills: vec!["rust".into()],
        language: Some("en".into()),
        processed: true,
        warnings: vec![],
        closed_at: None,
        reposted_from: None,
        earlier_posting: None,
        old: false,
        open_days: 0,
    };
    let facts = JobFacts::from(&record);
    assert_eq!(facts.title, "Rust Engineer");
    assert_eq!(facts.skills, ["rust", "backend"]);
    let cv = tailor_cv(&profile(), &facts, None);
    assert_eq!(cv.key_skills[..2], ["Rust", "tokio"]);
}
