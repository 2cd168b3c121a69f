//! `jobhunter profile import` with a CV that is not JSON: a text CV read into a draft on
//! --dry-run (nothing stored) and stored without it; a broken .docx refused in plain words.

mod common;

use common::{error_message, ok_json, run};

const CV: &str = "Jane Doe
Backend Engineer
jane@example.com | +49 170 1234567

Experience
Senior Engineer — Acme GmbH
03/2021 – present
- Built the billing service

Skills
Rust, Go, SQL
";

#[test]
fn text_cv_dry_run_prints_the_draft_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("jane.txt");
    std::fs::write(&cv, CV).unwrap();
    let args = ["profile", "import", cv.to_str().unwrap(), "--dry-run", "--json"];
    let out = ok_json(dir.path(), &args);
    assert_eq!(out["resume"]["basics"]["name"], "Jane Doe");
    assert_eq!(out["resume"]["basics"]["email"], "jane@example.com");
    assert_eq!(out["resume"]["basics"]["phone"], "+49 170 1234567");
    assert_eq!(out["resume"]["work"][0]["name"], "Acme GmbH");
    assert_eq!(out["resume"]["work"][0]["startDate"], "2021-03");
    assert_eq!(out["resume"]["skills"][2]["name"], "SQL");
    for w in out["warnings"].as_array().expect("warnings") {
        assert!(w["field"].is_string() && w["message"].is_string(), "{w}");
    }
    // Nothing stored: `profile show` has no profile yet.
    let show = ["profile", "show", "--json"];
    assert!(error_message(&show, &run(dir.path(), &show)).contains("no profile yet"));

    // Without --dry-run the draft is stored as the profile.
    let args = ["profile", "import", cv.to_str().unwrap(), "--json"];
    let stored = ok_json(dir.path(), &args);
    assert_eq!(stored["name"], "Jane Doe");
    assert!(stored["profile_id"].is_string());
    let shown = ok_json(dir.path(), &show);
    assert_eq!(shown["profile"]["work"][0]["position"], "Senior Engineer");
}

#[test]
fn broken_docx_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.docx");
    std::fs::write(&cv, b"this is not a zip file at all").unwrap();
    let args = ["profile", "import", cv.to_str().unwrap(), "--dry-run", "--json"];
    let message = error_message(&args, &run(dir.path(), &args));
    assert_eq!(message, "cv.docx could not be read as a Word document: it is not a .docx (zip) file");
}
