//! The preferences of "What you're looking for" as the matcher applies them: workplace and
//! countries in the place part, the minimum salary per interval in the salary part (each with a
//! plain reason), seniority levels left out as a penalty, and older documents (only
//! `remote_ok`) still loading and scoring.

use jobhunter_jobs::matching::{Explanation, MatchComponents, MatchInput, Matcher};
use jobhunter_jobs::posting::{Salary, SalaryInterval, SalarySource, Workplace};
use jobhunter_jobs::profile::{Profile, WorkplacePreference};

fn profile(preferences: &str) -> Profile {
    Profile::from_json(&format!(
        r#"{{"basics": {{"name": "Ada", "label": "Backend Engineer"}},
            "skills": [{{"name": "Rust", "level": "Expert"}}],
            "preferences": {preferences}}}"#
    ))
    .unwrap()
}

const SKILLS: &[String] = &[];

fn job<'a>(title: &'a str, location: &'a str, workplace: Option<Workplace>) -> MatchInput<'a> {
    MatchInput {
        id: title,
        title,
        company: "Acme",
        description: "Rust services.",
        location: Some(location),
        remote: workplace.map(|w| w == Workplace::Remote),
        workplace,
        locations: &[],
        skills: SKILLS,
        salary: None,
        language: None,
        facts: None,
    }
}

fn yearly(amount: f64) -> Salary {
    Salary {
        min: None,
        max: Some(amount),
        currency: Some("EUR".into()),
        interval: Some(SalaryInterval::Year),
        source: SalarySource::Stated,
        source_text: None,
    }
}

fn parts(e: &Explanation) -> &MatchComponents {
    e.components.as_ref().expect("a fresh explanation has its parts")
}

fn reasons(e: &Explanation) -> Vec<&str> {
    e.penalties.iter().map(|p| p.reason.as_str()).collect()
}

#[test]
fn new_keys_load_trimmed_and_old_documents_still_load() {
    let p = profile(
        r#"{"remote_ok": true, "workplace": "hybrid_ok", "work_countries": [" DE ", "Austria", ""],
            "min_salary": 5000, "salary_interval": "month", "languages": ["English ", "German"],
            "excluded_seniority": ["intern", " head of "]}"#,
    );
    let prefs = &p.preferences;
    assert_eq!(prefs.workplace, Some(WorkplacePreference::HybridOk));
    assert_eq!(prefs.work_countries, ["DE", "Austria"]);
    assert_eq!(prefs.salary_interval, Some(SalaryInterval::Month));
    assert_eq!(prefs.yearly_min_salary(), Some(60_000.0));
    assert_eq!(prefs.languages, ["English", "German"]);
    assert_eq!(prefs.excluded_seniority, ["intern", "head of"]);

    let err = Profile::from_json(r#"{"basics": {"name": "Ada"}, "preferences": {"workplace": "sometimes"}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("preferences.workplace: unknown variant `sometimes`"), "{err}");

    // An older document: `remote_ok` only. Anything goes, remote jobs fit the place.
    for remote_ok in [true, false] {
        let old = profile(&format!(r#"{{"remote_ok": {remote_ok}, "min_salary": 70000}}"#));
        let prefs = &old.preferences;
        assert_eq!(prefs.workplace, None);
        assert_eq!(prefs.workplace_preference(), WorkplacePreference::OnsiteOk);
        assert_eq!(prefs.accepts_remote(), remote_ok);
        assert_eq!(prefs.yearly_min_salary(), Some(70_000.0));
        assert!(prefs.work_countries.is_empty() && prefs.excluded_seniority.is_empty());
    }
}

#[test]
fn old_documents_still_score_with_place_and_salary_parts() {
    let old = profile(
        r#"{"keywords": ["rust"], "locations": ["Berlin"], "remote_ok": true, "min_salary": 80000, "salary_currency": "EUR"}"#,
    );
    let low = yearly(40_000.0);
    let mut onsite = job("Rust Engineer", "Munich, Germany", Some(Workplace::Onsite));
    onsite.salary = Some(&low);
    let remote = job("Rust Engineer", "Remote", Some(Workplace::Remote));
    let hybrid = job("Rust Engineer", "Berlin", Some(Workplace::Hybrid));
    let out = Matcher::new(&old).score_all(&[onsite, remote, hybrid]);
    assert!(out.iter().all(|e| e.penalties.is_empty()), "place and salary are parts, not penalties: {out:?}");
    let salary = &parts(&out[0]).salary;
    assert!(salary.score < 0.5 && salary.reason.contains("40,000"), "{salary:?}");
    assert!(parts(&out[0]).place.score < 1.0, "{:?}", parts(&out[0]).place);
    assert_eq!([parts(&out[1]).place.score, parts(&out[2]).place.score], [1.0, 1.0]);
    assert!(out[2].score > out[0].score);
}

#[test]
fn workplace_preference_lowers_the_place_part() {
    let jobs = [
        job("Rust Engineer", "Berlin", Some(Workplace::Onsite)),
        job("Rust Engineer", "Berlin", Some(Workplace::Hybrid)),
        job("Rust Engineer", "Berlin", Some(Workplace::Remote)),
    ];
    let remote_only =
        Matcher::new(&profile(r#"{"workplace": "remote_only", "locations": ["Berlin"]}"#)).score_all(&jobs);
    let place: Vec<&str> = remote_only.iter().map(|e| parts(e).place.reason.as_str()).collect();
    assert!(place[0].contains("you want remote only") && place[0].starts_with("on site"), "{place:?}");
    assert!(place[1].contains("you want remote only") && place[1].starts_with("hybrid"), "{place:?}");
    assert_eq!(parts(&remote_only[2]).place.score, 1.0, "remote fits every workplace choice");
    assert!(remote_only[2].score > remote_only[1].score && remote_only[1].score > remote_only[0].score);

    let hybrid_ok =
        Matcher::new(&profile(r#"{"workplace": "hybrid_ok", "locations": ["Berlin"]}"#)).score_all(&jobs);
    assert!(parts(&hybrid_ok[0]).place.reason.contains("you want remote or hybrid"));
    assert_eq!([parts(&hybrid_ok[1]).place.score, parts(&hybrid_ok[2]).place.score], [1.0, 1.0]);

    let anything =
        Matcher::new(&profile(r#"{"workplace": "onsite_ok", "locations": ["Berlin"]}"#)).score_all(&jobs);
    assert!(anything.iter().all(|e| parts(e).place.score == 1.0), "{anything:?}");
}

#[test]
fn minimum_salary_is_compared_per_year() {
    let offered = yearly(50_000.0);
    let mut job = job("Rust Engineer", "Berlin", None);
    job.salary = Some(&offered);
    // 30 an hour is 62,400 a year: 50,000 is below it.
    let hourly = Matcher::new(&profile(r#"{"min_salary": 30, "salary_interval": "hour"}"#));
    let out = hourly.score_all(std::slice::from_ref(&job));
    let salary = &parts(&out[0]).salary;
    assert!(salary.score < 1.0 && salary.reason.contains("62,400"), "{salary:?}");
    // 4,000 a month is 48,000 a year: 50,000 is enough.
    let monthly = Matcher::new(&profile(r#"{"min_salary": 4000, "salary_interval": "month"}"#));
    assert_eq!(parts(&monthly.score_all(std::slice::from_ref(&job))[0]).salary.score, 1.0);
    // No interval: yearly.
    let yearly = Matcher::new(&profile(r#"{"min_salary": 4000}"#));
    assert_eq!(parts(&yearly.score_all(&[job])[0]).salary.score, 1.0);
}

#[test]
fn seniority_levels_left_out_are_whole_words_in_the_title() {
    let m = Matcher::new(&profile(r#"{"excluded_seniority": ["Intern", "head of", "principal"]}"#));
    let jobs = [
        job("Rust Intern (m/w/d)", "Berlin", None),
        job("Head of Engineering", "Berlin", None),
        job("PRINCIPAL Rust Engineer", "Berlin", None),
        job("Internal Tools Engineer", "Berlin", None),
        job("International Head Office Engineer", "Berlin", None),
    ];
    let out = m.score_all(&jobs);
    assert_eq!(reasons(&out[0]), ["'intern' in the title, a level you left out"]);
    assert_eq!(reasons(&out[1]), ["'head of' in the title, a level you left out"]);
    assert_eq!(reasons(&out[2]), ["'principal' in the title, a level you left out"]);
    assert!(reasons(&out[3]).is_empty() && reasons(&out[4]).is_empty(), "{out:?}");
    assert!(out[0].excluded.is_none(), "a penalty, not an exclusion");
    assert!(out[3].score > out[0].score);
}

#[test]
fn jobs_outside_the_work_countries_fit_the_place_less() {
    let m = Matcher::new(&profile(r#"{"work_countries": ["DE", "Österreich"]}"#));
    let jobs = [
        job("Rust Engineer", "Berlin, Deutschland", Some(Workplace::Onsite)),
        job("Rust Engineer", "Vienna, Austria", None),
        job("Rust Engineer", "Zürich, Switzerland", Some(Workplace::Hybrid)),
        job("Rust Engineer", "London, UK", Some(Workplace::Onsite)),
    ];
    let out = m.score_all(&jobs);
    let place: Vec<f64> = out.iter().map(|e| parts(e).place.score).collect();
    assert!(place[0] > place[2] && place[1] > place[3], "{out:?}");
    assert!(parts(&out[2]).place.reason.contains("you may work in"), "{:?}", parts(&out[2]).place);
    assert!(out.iter().all(|e| e.penalties.is_empty()), "a part, not a penalty");
}
