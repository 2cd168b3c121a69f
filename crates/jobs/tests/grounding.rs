//! Grounded CVs: every skill, employer, job title and date in a generated CV's Markdown is in
//! the profile, and every printed line names the profile facts it came from.
//!
//! Runs the CV generator over `tests/fixtures/profile.json` and the ten CVs in
//! `tests/fixtures/cvs/*.json` (turned into JSON Resume documents) against a few postings,
//! parses the Markdown back (headings, paragraphs, bullets) and checks it two ways: the
//! library's [`check_cv_markdown`] and the explicit look-ups below. A CV with an injected fake
//! line (an invented employer, skill, date or bullet) must fail the check.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jobhunter_jobs::documents::{
    check_cv_markdown, cv_sources, sources_path, tailor_cv, JobFacts, CV_HEADINGS, HEADING_EXPERIENCE,
    HEADING_KEY_SKILLS, HEADING_SKILLS,
};
use jobhunter_jobs::profile::Profile;
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A CV fixture (`name`, `work[].company/start/end/bullets`, skills as a list or groups) as a
/// JSON Resume document.
fn json_resume(cv: &Value) -> Value {
    let s = |k: &str| cv.get(k).cloned().unwrap_or(Value::Null);
    let work: Vec<Value> = cv["work"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            json!({"name": w["company"], "position": w["position"], "location": w["location"],
                   "startDate": w["start"], "endDate": w["end"], "highlights": w["bullets"]})
        })
        .collect();
    let education: Vec<Value> = cv["education"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!({"institution": e["institution"], "studyType": e["degree"],
                        "startDate": e["start"], "endDate": e["end"]})
        })
        .collect();
    let skills: Vec<Value> = match &cv["skills"] {
        Value::Object(groups) => {
            groups.iter().map(|(name, k)| json!({"name": name, "keywords": k})).collect()
        }
        Value::Array(names) => names.iter().map(|n| json!({"name": n})).collect(),
        _ => vec![],
    };
    let profiles: Vec<Value> =
        cv["links"].as_array().map(|l| l.iter().map(|u| json!({"url": u})).collect()).unwrap_or_default();
    json!({
        "basics": {"name": s("name"), "label": s("label"), "email": s("email"), "phone": s("phone"),
                   "summary": s("summary"), "location": {"city": s("location")}, "profiles": profiles},
        "work": work, "education": education, "skills": skills, "languages": s("languages"),
    })
}

/// The fixture profile and the ten CVs, by name.
fn profiles() -> Vec<(String, Profile)> {
    let mut out = vec![(
        "profile.json".to_owned(),
        Profile::from_json(&std::fs::read_to_string(fixtures().join("profile.json")).unwrap()).unwrap(),
    )];
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("cvs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let cv: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let profile =
            Profile::from_json(&json_resume(&cv).to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, profile));
    }
    assert_eq!(out.len(), 11, "the profile and ten CV fixtures");
    out
}

fn postings() -> Vec<JobFacts> {
    let job = |title: &str, company: &str, description: &str, skills: &[&str]| JobFacts {
        title: title.into(),
        company: company.into(),
        description: description.into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        job(
            "Senior Rust Backend Engineer (m/w/d)",
            "Beispiel Reisen AG",
            "You know Rust, tokio, Kafka and PostgreSQL; Kubernetes, Terraform and AWS are a plus.",
            &["rust", "postgresql", "kubernetes", "go"],
        ),
        job(
            "Frontend Developer",
            "Pixelwerk",
            "React, TypeScript, CSS and Figma; design systems and Storybook. Python is a bonus.",
            &["react", "typescript", "figma"],
        ),
        job(
            "Pflegefachkraft Intensivstation",
            "Klinikum Nord",
            "Beatmungsmanagement, ECMO, Triage. Deutsch fließend. Excel und SAP für die Dokumentation.",
            &["ECMO", "SAP TM", "Excel"],
        ),
        job(
            "Account Executive",
            "Cloudy Inc",
            "Salesforce, MEDDICC, forecasting and IFRS basics.",
            &["salesforce"],
        ),
    ]
}

/// Every string in the profile (for dates that appear inside a profile text).
fn profile_strings(profile: &Profile) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(&profile.resume).unwrap(), &mut out);
    out
}

/// The dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) in a text.
fn dates(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| {
            let p: Vec<&str> = w.split('-').collect();
            p[0].len() == 4
                && (p[0].starts_with("19") || p[0].starts_with("20"))
                && p[1..].iter().all(|x| x.len() == 2)
        })
        .map(str::to_owned)
        .collect()
}

/// The explicit look-ups: every employer and title of a `###` job heading, every key skill and
/// skill group, and every date in the Markdown are in the profile.
fn assert_facts_in_profile(who: &str, markdown: &str, profile: &Profile) {
    let r = &profile.resume;
    let trimmed = |o: &Option<String>| o.as_deref().unwrap_or("").trim().to_owned();
    let employers: HashSet<String> = r.work.iter().map(|w| trimmed(&w.name)).collect();
    let titles: HashSet<String> = r.work.iter().map(|w| trimmed(&w.position)).collect();
    let skills: HashSet<String> = r
        .skills
        .iter()
        .flat_map(|s| std::iter::once(&s.name).chain(&s.keywords))
        .chain(r.projects.iter().flat_map(|p| &p.keywords))
        .map(|s| s.trim().to_owned())
        .collect();
    let strings = profile_strings(profile);
    let mut section = "";
    let mut jobs = 0;
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            assert!(CV_HEADINGS.contains(&h), "{who}: unknown section {h:?}");
            section = h;
        } else if let Some(head) = line.strip_prefix("### ").filter(|_| section == HEADING_EXPERIENCE) {
            let (title, employer) = head.rsplit_once(" — ").unwrap_or((head, ""));
            assert!(titles.contains(title), "{who}: job title {title:?} is not in the profile");
            assert!(employer.is_empty() || employers.contains(employer), "{who}: employer {employer:?}");
            jobs += 1;
        } else if section == HEADING_KEY_SKILLS && !line.is_empty() {
            for skill in line.split(" · ") {
                assert!(skills.contains(skill), "{who}: key skill {skill:?} is not in the profile");
            }
        } else if let Some(group) = line.strip_prefix("- ").filter(|_| section == HEADING_SKILLS) {
            // "Name (level): keyword, keyword": the line starts with a profile skill group.
            let named = r.skills.iter().map(|s| s.name.trim()).any(|n| {
                group == n
                    || group
                        .strip_prefix(n)
                        .is_some_and(|rest| rest.starts_with(" (") || rest.starts_with(": "))
            });
            assert!(named, "{who}: skill group {group:?} is not in the profile");
        }
        for date in dates(line) {
            assert!(strings.iter().any(|s| s.contains(&date)), "{who}: date {date} in {line:?}");
        }
    }
    assert_eq!(jobs, r.work.len(), "{who}: every job is on the CV");
}

#[test]
fn every_generated_cv_is_grounded_in_its_profile() {
    let mut checked = 0;
    for (name, profile) in profiles() {
        for job in postings() {
            let who = format!("{name} for {:?}", job.title);
            let cv = tailor_cv(&profile, &job, None);
            let markdown = cv.to_markdown();
            let problems = check_cv_markdown(&markdown, &profile);
            assert!(problems.is_empty(), "{who}: {problems:#?}\n{markdown}");
            assert_facts_in_profile(&who, &markdown, &profile);

            // Every printed line (headings aside) has its sources, in order, and each source
            // is a profile fact whose text is on the line.
            let sources = cv_sources(&cv, &profile);
            assert!(sources.unresolved().is_empty(), "{who}: {:?}", sources.unresolved());
            let printed: Vec<&str> = markdown
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with("## "))
                .map(|l| l.trim_start_matches("# ").trim_start_matches("### ").trim_start_matches("- "))
                .collect();
            let sourced: Vec<&str> = sources.lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(printed, sourced, "{who}");
            for line in &sources.lines {
                assert!(!line.facts.is_empty(), "{who}: {line:?}");
                for fact in &line.facts {
                    let text = fact.text.as_deref().unwrap();
                    assert!(line.text.contains(text), "{who}: {fact:?} not in {:?}", line.text);
                    assert!(fact.label.starts_with("Your "), "{who}: {fact:?}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 44);
}

#[test]
fn sources_name_the_fields_in_words() {
    let (_, profile) = profiles().remove(0);
    let cv = tailor_cv(&profile, &postings()[0], None);
    let sources = cv_sources(&cv, &profile);
    let facts: Vec<_> = sources.lines.iter().flat_map(|l| &l.facts).collect();
    let find = |field: &str| facts.iter().find(|f| f.field == field).unwrap_or_else(|| panic!("{field}"));
    assert_eq!(find("basics.name").text.as_deref(), Some(profile.resume.basics.name.as_str()));
    assert_eq!(find("skills[1].name").label, "Your skills: Rust");
    let employer = profile.resume.work[1].name.clone().unwrap();
    assert_eq!(find("work[1].highlights[0]").label, format!("Your job at {employer}, highlight 1"));
    assert_eq!(find("work[1].name").label, format!("Your job at {employer}, employer"));
    let line = sources.lines.iter().find(|l| l.facts.iter().any(|f| f.field == "work[1].name")).unwrap();
    assert_eq!(line.section.as_deref(), Some(HEADING_EXPERIENCE));
    assert_eq!(sources_path(Path::new("/d/cv-a-1.pdf")), PathBuf::from("/d/cv-a-1.sources.json"));
}

/// The check must catch what a generator could invent.
#[test]
fn the_check_catches_injected_lines() {
    let (_, profile) = profiles().remove(0);
    let markdown = tailor_cv(&profile, &postings()[0], None).to_markdown();
    assert!(check_cv_markdown(&markdown, &profile).is_empty());
    let first_job = markdown.lines().find(|l| l.starts_with("### ")).unwrap().to_owned();
    let (title, employer) = first_job.trim_start_matches("### ").rsplit_once(" — ").unwrap();
    let cases = [
        ("employer", markdown.replace(&first_job, &format!("### {title} — Umbrella Corporation"))),
        ("job title", markdown.replace(&first_job, &format!("### Chief Technology Officer — {employer}"))),
        (
            "employer",
            markdown.replace(
                "## Projects",
                "### Staff Engineer — Initech\n\n2010-01 – 2012-12\n\n- Shipped TPS reports.\n\n## Projects",
            ),
        ),
        (
            "skill",
            markdown.replacen(
                &format!("## {HEADING_KEY_SKILLS}\n\n"),
                &format!("## {HEADING_KEY_SKILLS}\n\nCOBOL · "),
                1,
            ),
        ),
        ("text", markdown.replacen(&first_job, &format!("{first_job}\n\n- Led a team of 400 engineers."), 1)),
    ];
    for (what, faked) in cases {
        assert_ne!(faked, markdown, "the {what} case changed nothing");
        let problems = check_cv_markdown(&faked, &profile);
        assert!(problems.iter().any(|p| p.what == what), "{what} not caught: {problems:#?}");
    }
    // A changed date on the job's date line.
    let date_line = markdown.lines().skip_while(|l| *l != first_job).find(|l| !dates(l).is_empty()).unwrap();
    let faked = markdown.replacen(date_line, &date_line.replacen(&dates(date_line)[0], "2001-01", 1), 1);
    let problems = check_cv_markdown(&faked, &profile);
    assert!(problems.iter().any(|p| p.what == "date"), "{problems:#?}");
}
