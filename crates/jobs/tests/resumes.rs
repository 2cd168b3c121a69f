//! Real-shaped JSON Resume files (`tests/fixtures/resumes/`) import without losing data: the
//! current schema (v1.0.0, every section) round-trips exactly, the older one (`company`,
//! `website`, `picture`, `gpa`) keeps its employers and links under the current keys, and
//! everything that was renamed or is outside the schema is listed as a warning.

use jobhunter_jobs::profile::{Profile, ProfileWarning, ResumeDate};
use jobhunter_testkit::fixtures_dir;
use serde_json::{json, Value};

fn text(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("resumes").join(name)).unwrap()
}

fn warning(field: &str, message: &str) -> ProfileWarning {
    ProfileWarning { field: field.into(), message: message.into() }
}

fn older(old: &str, new: &str) -> ProfileWarning {
    warning(old, &format!("older JSON Resume key, read as {new}"))
}

fn unknown(field: &str) -> ProfileWarning {
    warning(field, "not part of JSON Resume; kept as it is")
}

#[test]
fn the_current_schema_round_trips_every_section_without_warnings() {
    let original: Value = serde_json::from_str(&text("current.json")).unwrap();
    let (profile, warnings) = Profile::from_json_with_warnings(&text("current.json")).unwrap();
    assert_eq!(warnings, []);
    assert_eq!(profile.to_document(), original);
    for section in [
        "basics",
        "work",
        "volunteer",
        "education",
        "awards",
        "certificates",
        "publications",
        "skills",
        "languages",
        "interests",
        "references",
        "projects",
        "meta",
        "preferences",
    ] {
        assert_eq!(profile.to_document()[section], original[section], "{section}");
    }
}

#[test]
fn the_current_schema_fills_the_typed_view() {
    let r = Profile::from_json(&text("current.json")).unwrap().resume;
    assert_eq!(r.basics.image.as_deref(), Some("https://img.example.org/mira.jpg"));
    assert_eq!(r.basics.url.as_deref(), Some("https://mira.example.org"));
    let employers: Vec<_> = r.work.iter().map(|w| w.name.as_deref().unwrap()).collect();
    assert_eq!(employers, ["Fjordline Data AB", "Kalla Kod HB"]);
    assert_eq!(r.work[0].description.as_deref(), Some("Logistics analytics for Nordic shipping companies"));
    assert_eq!(r.work[1].end_date, Some(ResumeDate("2021-02".into())));
    assert_eq!(r.volunteer[0].organization.as_deref(), Some("Kodklubben Södermalm"));
    assert_eq!(r.volunteer[0].url.as_deref(), Some("https://kodklubben.example.org"));
    assert_eq!(r.education[0].score.as_deref(), Some("4.6"));
    assert_eq!(r.awards[0].awarder.as_deref(), Some("Fjordline Data AB"));
    assert_eq!(r.awards[0].date.as_deref(), Some("2023-12-01"));
    assert_eq!(r.certificates[0].issuer.as_deref(), Some("Example Cloud Foundation"));
    assert_eq!(r.publications[0].url.as_deref(), Some("https://nsj.example.org/fast-builds"));
    assert_eq!(r.publications[0].release_date.as_deref(), Some("2022-10-01"));
    assert_eq!(r.interests[0].keywords, ["dinghies", "navigation"]);
    assert_eq!(r.references[0].name.as_deref(), Some("Jonas Berg"));
    assert_eq!(r.projects[0].roles, ["Maintainer"]);
    assert_eq!(r.projects[0].kind.as_deref(), Some("application"));
    assert_eq!(r.meta.as_ref().unwrap()["theme"], "elegant");
}

#[test]
fn the_older_schema_keeps_employers_and_links_under_the_current_keys() {
    let profile = Profile::from_json(&text("older.json")).unwrap();
    let r = &profile.resume;
    let employers: Vec<_> = r.work.iter().map(|w| w.name.as_deref().unwrap()).collect();
    assert_eq!(employers, ["Wisła Payments Sp. z o.o.", "Tatra Soft"]);
    assert_eq!(r.work[0].url.as_deref(), Some("https://wislapay.example.com"));
    assert_eq!(r.work[1].url.as_deref(), Some("https://tatrasoft.example.com"));
    assert_eq!(r.basics.url.as_deref(), Some("https://wrona.example.net"));
    assert_eq!(r.basics.image.as_deref(), Some("https://img.example.org/tw.png"));
    assert_eq!(r.education[0].score.as_deref(), Some("4.2"));
    assert_eq!(r.volunteer[0].url.as_deref(), Some("https://schronisko.example.org"));
    assert_eq!(r.publications[0].url.as_deref(), Some("https://blog.example.net/idempotent"));
    assert_eq!(r.awards[0].awarder.as_deref(), Some("Kraków Dev Days"));
    assert_eq!(r.interests[0].name.as_deref(), Some("Mountaineering"));
    assert_eq!(r.references[0].name.as_deref(), Some("Anna Nowak"));

    // The document keeps everything, older keys renamed, unknown keys where they were.
    let doc = profile.to_document();
    assert_eq!(doc["work"][0]["name"], "Wisła Payments Sp. z o.o.");
    assert_eq!(doc["work"][0].get("company"), None);
    assert_eq!(doc["work"][0].get("website"), None);
    assert_eq!(doc["basics"]["image"], "https://img.example.org/tw.png");
    assert_eq!(doc["basics"].get("picture"), None);
    assert_eq!(doc["basics"]["favoriteColor"], "green");
    assert_eq!(doc["work"][1]["teamSize"], 6);
    assert_eq!(doc["hobbies"], json!(["chess"]));
    assert_eq!(doc["education"][0]["score"], "4.2");
}

#[test]
fn the_older_schema_lists_every_renamed_and_unknown_key() {
    let (_, warnings) = Profile::from_json_with_warnings(&text("older.json")).unwrap();
    assert_eq!(
        warnings,
        [
            older("basics.website", "basics.url"),
            older("basics.picture", "basics.image"),
            unknown("basics.favoriteColor"),
            older("education[0].gpa", "education[0].score"),
            unknown("hobbies"),
            older("publications[0].website", "publications[0].url"),
            older("volunteer[0].website", "volunteer[0].url"),
            older("work[0].company", "work[0].name"),
            older("work[0].website", "work[0].url"),
            older("work[1].company", "work[1].name"),
            older("work[1].website", "work[1].url"),
            unknown("work[1].teamSize"),
        ]
    );
    let json = serde_json::to_value(&warnings[7]).unwrap();
    assert_eq!(
        json,
        json!({"field": "work[0].company", "message": "older JSON Resume key, read as work[0].name"})
    );
}

#[test]
fn a_stored_document_reads_back_the_same_with_only_the_unknown_keys_listed() {
    let first = Profile::from_json(&text("older.json")).unwrap();
    let stored = first.to_document().to_string();
    let (again, warnings) = Profile::from_json_with_warnings(&stored).unwrap();
    assert_eq!(again, first);
    assert_eq!(again.to_document(), first.to_document());
    assert_eq!(warnings, [unknown("basics.favoriteColor"), unknown("hobbies"), unknown("work[1].teamSize")]);
}

#[test]
fn a_current_key_wins_over_an_older_one_given_beside_it() {
    let text = r#"{"basics": {"name": "Kim Example"},
        "work": [{"name": "Current Name Ltd", "company": "Old Name Ltd"}]}"#;
    let (p, warnings) = Profile::from_json_with_warnings(text).unwrap();
    assert_eq!(p.resume.work[0].name.as_deref(), Some("Current Name Ltd"));
    assert_eq!(p.to_document()["work"][0]["company"], "Old Name Ltd");
    assert_eq!(
        warnings,
        [warning(
            "work[0].company",
            "older JSON Resume key; work[0].name is given too and is used, this one is kept as it is"
        )]
    );
}

#[test]
fn unknown_keys_in_resume_sections_are_kept_but_unknown_preferences_are_refused() {
    let text = r#"{"basics": {"name": "Kim Example", "location": {"city": "Oslo", "planet": "Earth"},
        "profiles": [{"network": "X", "followers": 3}]},
        "skills": [{"name": "Rust", "years": 4}], "meta": {"theme": "even"}, "$schema": "x"}"#;
    let (p, warnings) = Profile::from_json_with_warnings(text).unwrap();
    assert_eq!(p.resume.skills[0].name, "Rust");
    assert_eq!(p.to_document()["skills"][0]["years"], 4);
    assert_eq!(
        warnings,
        [
            unknown("basics.location.planet"),
            unknown("basics.profiles[0].followers"),
            unknown("skills[0].years")
        ]
    );

    let text = r#"{"basics": {"name": "Kim Example"}, "preferences": {"remote_ok": true, "salary": 5}}"#;
    let err = Profile::from_json(text).unwrap_err().to_string();
    assert!(err.starts_with("preferences.salary: unknown field `salary`"), "{err}");
}

#[test]
fn dates_in_the_newer_sections_are_kept_as_written() {
    let loose = text("current.json").replace(r#""date": "2023-12-01""#, r#""date": "last winter""#);
    let profile = Profile::from_json(&loose).expect("a loosely dated award is kept, not refused");
    assert_eq!(profile.resume.awards[0].date.as_deref(), Some("last winter"));
    // A wrong type is still an error naming the path.
    let bad = text("current.json").replace(r#""date": "2023-12-01""#, r#""date": 2023"#);
    let err = Profile::from_json(&bad).unwrap_err().to_string();
    assert!(err.starts_with("awards[0].date"), "{err}");
}
