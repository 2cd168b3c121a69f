//! The preferences of "What you're looking for" as the matcher applies them: workplace,
//! countries, minimum salary per interval and seniority levels left out, each a penalty with a
//! plain reason, and older documents (only `remote_ok`) loading and scoring as before.

use jobhunter_jobs::matching::{Explanation, MatchInput, Matcher};
use jobhunter_jobs::posting::{SalaryInterval, Workplace};
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
        skills: SKILLS,
        yearly_salary: None,
    }
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
fn old_documents_score_as_before() {
    // The numbers the matcher gave these jobs before the new preferences existed.
    let old =
        profile(r#"{"keywords": ["rust"], "locations": ["Berlin"], "remote_ok": true, "min_salary": 80000}"#);
    let mut onsite = job("Rust Engineer", "Munich, Germany", Some(Workplace::Onsite));
    onsite.yearly_salary = Some(40_000.0);
    let remote = job("Junior Rust Engineer", "Lisbon, Portugal", Some(Workplace::Remote));
    let hybrid = job("Head of Rust", "Berlin", Some(Workplace::Hybrid));
    let out = Matcher::new(&old).score_all(&[onsite, remote, hybrid]);
    assert_eq!(reasons(&out[0]), ["salary below minimum (40000 < 80000 per year)"]);
    assert!(reasons(&out[1]).is_empty() && reasons(&out[2]).is_empty(), "{out:?}");
    assert_eq!([out[0].components.place, out[1].components.place, out[2].components.place], [0.2, 1.0, 1.0]);

    // `remote_ok: false`: a remote job elsewhere does not fit the place, still no penalty.
    let old = profile(r#"{"locations": ["Berlin"]}"#);
    let out =
        Matcher::new(&old).score_all(&[job("Rust Engineer", "Lisbon, Portugal", Some(Workplace::Remote))]);
    assert_eq!(out[0].components.place, 0.2);
    assert!(out[0].penalties.is_empty());
}

#[test]
fn workplace_preference_penalizes_on_site_and_hybrid() {
    let jobs = [
        job("Rust Engineer", "Berlin", Some(Workplace::Onsite)),
        job("Rust Engineer", "Berlin", Some(Workplace::Hybrid)),
        job("Rust Engineer", "Berlin", Some(Workplace::Remote)),
        job("Rust Engineer", "Berlin", None),
    ];
    let remote_only = Matcher::new(&profile(r#"{"workplace": "remote_only"}"#)).score_all(&jobs);
    assert_eq!(reasons(&remote_only[0]), ["on site, you want remote only"]);
    assert_eq!(reasons(&remote_only[1]), ["hybrid, you want remote only"]);
    assert!(reasons(&remote_only[2]).is_empty());
    assert!(reasons(&remote_only[3]).is_empty(), "unknown workplace: no penalty");
    assert!(remote_only[2].score > remote_only[1].score);
    assert_eq!(remote_only[2].components.place, 1.0, "remote fits every workplace choice");

    let hybrid_ok = Matcher::new(&profile(r#"{"workplace": "hybrid_ok"}"#)).score_all(&jobs);
    assert_eq!(reasons(&hybrid_ok[0]), ["on site, you want remote or hybrid"]);
    assert!(hybrid_ok[1..].iter().all(|e| e.penalties.is_empty()));

    let anything = Matcher::new(&profile(r#"{"workplace": "onsite_ok"}"#)).score_all(&jobs);
    assert!(anything.iter().all(|e| e.penalties.is_empty()));
}

#[test]
fn minimum_salary_is_compared_per_year() {
    let mut job = job("Rust Engineer", "Berlin", None);
    job.yearly_salary = Some(50_000.0);
    // 30 an hour is 62,400 a year: 50,000 is below it.
    let hourly = Matcher::new(&profile(r#"{"min_salary": 30, "salary_interval": "hour"}"#));
    let out = hourly.score_all(std::slice::from_ref(&job));
    assert_eq!(reasons(&out[0]), ["salary below minimum (50000 < 62400 per year)"]);
    // 4,000 a month is 48,000 a year: 50,000 is enough.
    let monthly = Matcher::new(&profile(r#"{"min_salary": 4000, "salary_interval": "month"}"#));
    let out = monthly.score_all(std::slice::from_ref(&job));
    assert!(out[0].penalties.is_empty());
    assert_eq!(out[0].components.salary, 1.0);
    // No interval: yearly, as before.
    let yearly = Matcher::new(&profile(r#"{"min_salary": 4000}"#));
    assert!(yearly.score_all(&[job])[0].penalties.is_empty());
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
fn jobs_outside_the_work_countries_get_a_small_penalty() {
    let m = Matcher::new(&profile(r#"{"work_countries": ["DE", "Österreich", "Japan"]}"#));
    let jobs = [
        job("Rust Engineer", "Berlin, Deutschland", Some(Workplace::Onsite)),
        job("Rust Engineer", "Vienna, Austria", None),
        job("Rust Engineer", "Zürich, Switzerland", Some(Workplace::Hybrid)),
        job("Rust Engineer", "London, UK", Some(Workplace::Onsite)),
        job("Rust Engineer", "Zürich, Switzerland", Some(Workplace::Remote)),
        job("Rust Engineer", "Zürich", Some(Workplace::Onsite)),
        job("Rust Engineer", "Tokyo, Japan", Some(Workplace::Onsite)),
        job("Rust Engineer", "San Francisco, CA", Some(Workplace::Onsite)),
    ];
    let out = m.score_all(&jobs);
    let r: Vec<Vec<&str>> = out.iter().map(reasons).collect();
    assert!(r[0].is_empty() && r[1].is_empty(), "{r:?}");
    assert_eq!(r[2], ["in Switzerland, outside the countries you may work in"]);
    assert_eq!(r[3], ["in United Kingdom, outside the countries you may work in"]);
    assert!(r[4].is_empty(), "remote jobs are not placed in a country");
    assert!(r[5].is_empty(), "no country named: nothing guessed");
    assert!(r[6].is_empty(), "an entry the table does not know still matches the location's words");
    assert!(r[7].is_empty(), "CA is California as much as Canada");
    assert_eq!(out[2].penalties[0].amount, 0.1);
}
