//! Text hygiene for posting descriptions (issue #11): double-encoded UTF-8 repaired, control
//! characters dropped, a tag cut off by truncation dropped instead of leaking as words, and the
//! skill extractor reading text (not markup) on word boundaries, with "rest" only as REST.

use jobhunter_jobs::process::extract_skills;
use jobhunter_jobs::sources::SourceSpec;
use jobhunter_jobs::text::{clean_text, html_to_text, repair_mojibake, strip_control};

#[test]
fn remoteok_double_encoded_utf8_is_repaired() {
    // RemoteOK's JSON says `we\u00e2\u0080\u0099re`: UTF-8 bytes read as Latin-1.
    let body = r#"[{"legal": "notice"}, {"id": "1", "position": "Rust Engineer", "company": "Acme",
        "description": "<p>we\u00e2\u0080\u0099re hiring \u00e2\u0080\u0093 caf\u00c3\u00a9 \u00f0\u009f\u009a\u0080</p>"}]"#;
    let page = SourceSpec::parse("remoteok").unwrap().parse_page(body).unwrap();
    assert_eq!(page.postings[0].description_text, "we’re hiring – café 🚀");

    // The same bytes read as Windows-1252 ("weâ€™re"), and mixed with correct text.
    assert_eq!(html_to_text("weâ€™re here"), "we’re here");
    assert_eq!(repair_mojibake("Köln: weâ€™re “here” – Ã¼ber"), "Köln: we’re “here” – über");
}

#[test]
fn correct_text_is_not_touched_by_the_repair() {
    for text in ["Köln, Straße, café – we’re “here”", "Ã alone", "naïve résumé", "Zürich ÄÖÜ äöü ß", "plain"]
    {
        assert_eq!(repair_mojibake(text), text);
        assert_eq!(clean_text(text), text);
    }
    // A lead character without its continuation bytes stays as it is.
    assert_eq!(repair_mojibake("â€ then nothing"), "â€ then nothing");
}

#[test]
fn control_characters_are_stripped_but_newlines_and_tabs_kept() {
    assert_eq!(strip_control("a\u{0}b\u{7}c\u{1b}[0m\td\r\ne\u{7f}f\u{85}g"), "abc[0m\td\nefg");
    assert_eq!(html_to_text("<p>Rust\u{0}\u{8} engineer\u{1}</p><p>Berlin</p>"), "Rust engineer\nBerlin");
}

#[test]
fn a_tag_cut_off_at_the_end_does_not_leak() {
    assert_eq!(html_to_text("<p>Design tools.</p> <span class=\"figma-icon"), "Design tools.");
    assert_eq!(html_to_text("Apply here: <a href=\"https://jobs.example.test/apply?id=1"), "Apply here:");
    assert_eq!(html_to_text("<b>Apply</b> today</sp"), "Apply today");
    assert_eq!(html_to_text("Cut <img src = 'x"), "Cut");
    // Angle brackets that are text stay text.
    assert_eq!(html_to_text("salary < 80k and <3 for rust"), "salary < 80k and <3 for rust");
    assert_eq!(html_to_text("<<<a"), "<<<a");
    assert_eq!(html_to_text("if a <b then"), "if a <b then");
}

#[test]
fn skills_come_from_text_not_markup() {
    let description = "<p>Our design team works closely with you.</p><span class=\"figma-icon";
    assert!(!extract_skills(&html_to_text(description)).contains(&"figma".to_string()));
    // Markup handed to the extractor directly is read as text too.
    assert!(extract_skills(description).is_empty(), "{:?}", extract_skills(description));
    let tagged = "<span class=\"figma-icon\">Design</span> with <b>Rust</b>";
    assert_eq!(extract_skills(tagged), ["rust"]);
    assert_eq!(extract_skills("You design in Figma."), ["figma"]);
}

#[test]
fn rest_is_the_acronym_only_and_skills_never_match_inside_words() {
    assert!(extract_skills("You will lead the rest of the team").is_empty());
    assert!(extract_skills("Rest assured, we rest on weekends").is_empty());
    assert_eq!(extract_skills("We build REST services"), ["rest"]);
    assert_eq!(extract_skills("RESTful services in Go"), ["go", "rest"]);
    assert_eq!(extract_skills("a rest API for partners"), ["rest"]);
    // Never inside a longer word.
    assert!(extract_skills("A restaurant, trusted by gophers; sqlalchemy and scalability").is_empty());
    assert_eq!(extract_skills("JavaScript and CI/CD"), ["javascript", "ci/cd"]);
}
