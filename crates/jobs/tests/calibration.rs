//! Calibration of the score (issue 14): a posting that meets every stated requirement and
//! preference scores at least 0.85; one from another role family, or two seniority levels
//! away, scores under 0.50; the gap is named (required skills first); and a job's score does
//! not depend on the other jobs scored with it.

use chrono::NaiveDate;
use jobhunter_jobs::matching::{MatchInput, Matcher};
use jobhunter_jobs::posting::{Salary, SalaryInterval, SalarySource, Workplace};
use jobhunter_jobs::profile::Profile;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// A mid-level backend engineer (five years) with Rust, PostgreSQL, Kafka and AWS, who may
/// work in three EU countries and wants remote or hybrid work.
fn profile() -> Profile {
    Profile::from_json(
        r#"{
        "basics": {"name": "Ada", "label": "Backend Engineer"},
        "work": [{"name": "Acme", "position": "Backend Engineer", "startDate": "2021-11"}],
        "skills": [{"name": "Rust", "level": "Expert"}, {"name": "PostgreSQL", "level": "Advanced"},
                   {"name": "Kafka", "level": "Advanced"}, {"name": "AWS", "level": "Advanced"},
                   {"name": "Tokio", "level": "Advanced"}],
        "languages": [{"language": "English", "fluency": "Fluent"}],
        "preferences": {"keywords": ["Backend Engineer"], "locations": ["Berlin"], "remote_ok": true,
                        "workplace": "hybrid_ok", "work_countries": ["DE", "AT", "NL"], "min_salary": 70000,
                        "salary_currency": "EUR", "languages": ["English"]}
    }"#,
    )
    .unwrap()
}

fn eur_year(max: f64) -> Salary {
    Salary {
        min: Some(max - 10_000.0),
        max: Some(max),
        currency: Some("EUR".into()),
        interval: Some(SalaryInterval::Year),
        source: SalarySource::Stated,
        source_text: None,
    }
}

struct Posting {
    title: &'static str,
    description: &'static str,
    location: &'static str,
    workplace: Workplace,
    salary: Option<Salary>,
    locations: Vec<String>,
}

impl Posting {
    fn new(
        title: &'static str,
        description: &'static str,
        location: &'static str,
        workplace: Workplace,
    ) -> Self {
        Self { title, description, location, workplace, salary: Some(eur_year(90_000.0)), locations: vec![] }
    }

    fn input(&self) -> MatchInput<'_> {
        MatchInput {
            id: self.title,
            title: self.title,
            company: "Acme",
            description: self.description,
            location: Some(self.location),
            locations: &self.locations,
            remote: Some(self.workplace == Workplace::Remote),
            workplace: Some(self.workplace),
            skills: &[],
            salary: self.salary.as_ref(),
            language: None,
            facts: None,
        }
    }
}

const EXACT: &str = "We build the event platform of a travel company and are hiring a backend \
engineer to own its core services.\n\nWhat you will do\n- Design and run services that process \
millions of events a day\n- Work with the team on reliability and performance\n\nRequirements\n\
- Rust\n- PostgreSQL\n- Kafka\n- AWS\n\nWe work in English. Remote anywhere in the EU.";

#[test]
fn a_posting_meeting_every_requirement_and_preference_scores_at_least_085() {
    let m = Matcher::new_at(&profile(), today());
    let posting = Posting::new("Backend Engineer (Remote, EU)", EXACT, "Remote, EU", Workplace::Remote);
    let e = m.score_one(&posting.input());
    assert!(e.score >= 0.85, "{e:#?}");
    assert_eq!(e.matched_skills, ["Rust", "PostgreSQL", "Kafka", "AWS"]);
    assert!(e.missing_skills.is_empty() && e.unmet_must_haves.is_empty() && e.penalties.is_empty(), "{e:#?}");
    let parts = e.components.as_ref().unwrap();
    assert_eq!(parts.skills.score, 1.0, "{parts:#?}");
    assert_eq!(parts.skills.reason, "all 4 required skills");
    assert_eq!(parts.role.score, 1.0, "{parts:#?}");
    assert_eq!(parts.place.score, 1.0, "{parts:#?}");
    assert_eq!(parts.salary.score, 1.0, "{parts:#?}");
}

#[test]
fn another_role_family_or_two_levels_away_scores_under_050() {
    let m = Matcher::new_at(&profile(), today());
    let frontend = Posting::new(
        "Frontend Developer (Remote, EU)",
        "Our web shop needs a frontend developer.\n\nRequirements\n- React\n- TypeScript\n- CSS\n\
         - Some exposure to Rust or Kafka on the backend\n\nWe work in English. Remote in the EU.",
        "Remote, EU",
        Workplace::Remote,
    );
    let intern = Posting::new("Backend Engineering Intern", EXACT, "Remote, EU", Workplace::Remote);
    let head = Posting::new("Head of Backend Engineering", EXACT, "Remote, EU", Workplace::Remote);
    for p in [&frontend, &intern, &head] {
        let e = m.score_one(&p.input());
        assert!(e.score < 0.50, "{}: {e:#?}", p.title);
    }
}

#[test]
fn the_gap_is_named_required_skills_first() {
    let m = Matcher::new_at(&profile(), today());
    let posting = Posting::new(
        "Backend Engineer",
        "We run our platform on our own hardware.\n\nRequirements\n- Rust and Tokio\n- PostgreSQL\n\
         - Kubernetes\n- gRPC\n\nNice to have\n- Terraform\n\nHybrid in Berlin, English at work.",
        "Berlin, Germany",
        Workplace::Hybrid,
    );
    let e = m.score_one(&posting.input());
    assert_eq!(e.missing_skills, ["Kubernetes", "gRPC", "Terraform"], "{e:#?}");
    assert_eq!(e.matched_skills, ["Rust", "Tokio", "PostgreSQL"]);
    assert!(e.unmet_must_haves.is_empty(), "today's old meaning has its own field");
    let skills = &e.components.as_ref().unwrap().skills;
    assert_eq!(skills.reason, "3 of 5 required skills, 0 of 1 nice-to-have");
    assert!(skills.score < 0.7, "{skills:?}");
}

#[test]
fn a_jobs_score_is_the_same_alone_and_in_any_batch() {
    let m = Matcher::new_at(&profile(), today());
    let a = Posting::new("Backend Engineer (Remote, EU)", EXACT, "Remote, EU", Workplace::Remote);
    let b = Posting::new(
        "Rust Engineer",
        "Rust, Rust and more Rust. Tokio and PostgreSQL.",
        "Berlin",
        Workplace::Onsite,
    );
    let c = Posting::new(
        "Data Engineer",
        "Spark and Airflow pipelines on AWS with Kafka.",
        "Munich",
        Workplace::Hybrid,
    );
    let alone = m.score_one(&a.input());
    let batch = m.score_all(&[b.input(), a.input(), c.input()]);
    assert_eq!(batch[1], alone);
    assert_eq!(m.score_all(&[a.input()])[0], alone);
    assert_eq!(m.score_all(&[c.input(), a.input()])[1], alone);
}

#[test]
fn experience_is_counted_up_to_the_day_given() {
    // Five years on 2026-12-01 (mid-level); a senior role asking 8+ years is beyond it, and the
    // same profile eight years later reads it as its level.
    let posting = Posting::new(
        "Senior Backend Engineer",
        "Requirements\n- 8+ years of experience in backend development\n- Rust\n- PostgreSQL\n\
         - Kafka\n- AWS\n\nWe work in English. Hybrid in Berlin.",
        "Berlin",
        Workplace::Hybrid,
    );
    let now = Matcher::new_at(&profile(), today()).score_one(&posting.input());
    let later = Matcher::new_at(&profile(), NaiveDate::from_ymd_opt(2031, 12, 1).unwrap())
        .score_one(&posting.input());
    assert!(later.score > now.score, "{now:#?}\n{later:#?}");
}
