//! The scorer: a [`Matcher`] prepares the profile once (its skills by canonical name, role
//! families, level and years, languages) and scores each job on its own with
//! [`Matcher::score_one`], combining the parts of the sibling modules as the parent module's
//! doc describes. Pure: no I/O, no clock (`today` is given to [`Matcher::new_at`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::requirements::requirements;
use super::role::{self, RoleFamily};
use super::seniority::{self, Level};
use super::skills::vocabulary;
use super::{language, place, salary_fit};
use super::{Explanation, MatchComponent, MatchComponents, MatchInput, Penalty};
use crate::profile::{Preferences, Profile};
use crate::text::words;

/// Weights of the components in `core` (they sum to 1). Started at skills .40, role .20,
/// seniority .15, place .10, salary .07, language .08 and tuned on the labelled set
/// (`cargo bench -p jobhunter-jobs --bench ranking`): salary and place count more, since a
/// person rules a job out on them; nice-to-have skills count less (a missing one keeps a strong
/// match strong).
const W_SKILLS: f64 = 0.35;
const W_ROLE: f64 = 0.20;
const W_SENIORITY: f64 = 0.12;
const W_PLACE: f64 = 0.13;
const W_SALARY: f64 = 0.12;
const W_LANGUAGE: f64 = 0.08;
/// `score = core × min(1, GATE_BASE + gate)`.
const GATE_BASE: f64 = 0.25;
/// How much a nice-to-have skill weighs against a required one.
const NICE_WEIGHT: f64 = 0.15;
/// The skills part when the job names no skill the vocabulary knows.
const NO_SKILLS_NAMED: f64 = 0.6;
/// Per must-have skill of the profile the job does not mention.
const MISSING_MUST_HAVE: f64 = 0.15;
/// A seniority level the user left out, named in the title.
const EXCLUDED_SENIORITY: f64 = 0.3;

/// The profile, prepared once for many jobs.
pub struct Matcher {
    /// Canonical skill name -> how much having it counts (by level, 0..1).
    skills: HashMap<&'static str, f64>,
    /// Profile terms the vocabulary does not know, lower-case, in profile order: matched as
    /// phrases in the job's text (listed, not scored).
    other_terms: Vec<String>,
    /// Must-haves as typed (trimmed, lower-case) with their canonical name when known.
    must_haves: Vec<(String, Option<&'static str>)>,
    families: Vec<RoleFamily>,
    level: Level,
    years: Option<f64>,
    preferences: Preferences,
    languages: Vec<String>,
    excluded_companies: Vec<String>,
    excluded_title_words: Vec<String>,
    /// Lower-case, as typed.
    excluded_seniority: Vec<String>,
}

impl Matcher {
    /// The profile as of today (UTC). Prefer [`Matcher::new_at`] with the app clock's date.
    pub fn new(profile: &Profile) -> Self {
        Self::new_at(profile, chrono::Utc::now().date_naive())
    }

    /// The profile as of `today` (experience is counted from its work dates up to it).
    pub fn new_at(profile: &Profile, today: NaiveDate) -> Self {
        let vocabulary = vocabulary();
        let mut skills: HashMap<&'static str, f64> = HashMap::new();
        let mut other_terms: Vec<String> = Vec::new();
        let mut add = |term: &str, w: f64| {
            let term = term.trim();
            if term.is_empty() {
                return;
            }
            match vocabulary.canonical(term) {
                Some(c) => {
                    let e = skills.entry(c).or_insert(0.0);
                    *e = e.max(w);
                }
                None => {
                    let lower = term.to_lowercase();
                    if !other_terms.contains(&lower) {
                        other_terms.push(lower);
                    }
                }
            }
        };
        for skill in &profile.resume.skills {
            let level = skill.level.as_deref().unwrap_or_default().to_lowercase();
            let strong = ["expert", "advanced", "master", "senior"].iter().any(|l| level.contains(l));
            add(&skill.name, if strong { 1.0 } else { 0.9 });
            for k in &skill.keywords {
                add(k, 0.85);
            }
        }
        for project in &profile.resume.projects {
            for k in &project.keywords {
                add(k, 0.8);
            }
        }
        let mut must_haves = Vec::new();
        for m in &profile.preferences.must_have_skills {
            add(m, 1.0);
            let lower = m.trim().to_lowercase();
            if !lower.is_empty() {
                must_haves.push((lower, vocabulary.canonical(m)));
            }
        }
        let years = seniority::experience_years(&profile.resume.work, today);
        let mut languages = profile.preferences.languages.clone();
        languages.extend(profile.resume.languages.iter().map(|l| l.language.clone()));
        let lower_list = |list: &[String]| -> Vec<String> {
            list.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect()
        };
        Self {
            skills,
            other_terms,
            must_haves,
            families: role::profile_families(profile),
            level: seniority::profile_level(profile, years),
            years,
            preferences: profile.preferences.clone(),
            languages,
            excluded_companies: lower_list(&profile.preferences.excluded_companies),
            excluded_title_words: lower_list(&profile.preferences.excluded_title_words),
            excluded_seniority: lower_list(&profile.preferences.excluded_seniority),
        }
    }

    /// Scores each job on its own: the same job gets the same score in any batch.
    pub fn score_all(&self, jobs: &[MatchInput<'_>]) -> Vec<Explanation> {
        jobs.iter().map(|j| self.score_one(j)).collect()
    }

    /// One job's score with its reasons.
    pub fn score_one(&self, job: &MatchInput<'_>) -> Explanation {
        let excluded = self.exclusion(job);
        let text = Normalized::new(job.title, job.description);

        let skills = self.skills_part(job, &text);
        let (role_score, role_reason) = role::fit(&self.families, role::family_of_title(job.title));
        let (seniority_score, seniority_reason) = seniority::fit(
            self.level,
            self.years,
            seniority::posting_level(job.title, job.description),
            seniority::years_asked(job.description),
        );
        let (place_score, place_reason) = place::fit(
            &self.preferences,
            place::PlaceJob {
                title: job.title,
                description: job.description,
                location: job.location,
                locations: job.locations,
                workplace: job.workplace,
                remote: job.remote,
            },
        );
        let p = &self.preferences;
        let (salary_score, salary_reason) = salary_fit::fit_in(
            p.min_salary,
            p.salary_currency.as_deref(),
            p.salary_interval,
            job.salary,
            Some(job.description),
        );
        let written_in = job.language.or_else(|| language::detect(job.description));
        let (language_score, language_reason) =
            language::fit(&self.languages, written_in, &language::required_languages(job.description));

        let part = |score: f64, reason: String| MatchComponent { score: round3(score), reason };
        let components = MatchComponents {
            skills: part(skills.score, skills.reason),
            role: part(role_score, role_reason),
            seniority: part(seniority_score, seniority_reason),
            place: part(place_score, place_reason),
            salary: part(salary_score, salary_reason),
            language: part(language_score, language_reason),
        };

        let mut penalties = Vec::new();
        for m in &skills.unmet_must_haves {
            penalties.push(Penalty {
                reason: format!("missing must-have skill '{m}'"),
                amount: MISSING_MUST_HAVE,
            });
        }
        for level in &self.excluded_seniority {
            let mut needle = String::from(" ");
            if push_normalized(&mut needle, level) > 0 && text.title.contains(&needle) {
                penalties.push(Penalty {
                    reason: format!("'{level}' in the title, a level you left out"),
                    amount: EXCLUDED_SENIORITY,
                });
            }
        }
        let score = if excluded.is_some() { 0.0 } else { combine(&components, &penalties) };
        Explanation {
            score,
            matched_skills: skills.matched,
            missing_skills: skills.missing,
            unmet_must_haves: skills.unmet_must_haves,
            penalties,
            components: Some(components),
            excluded,
            llm: None,
        }
    }

    /// A hard exclusion: an excluded company, or an excluded word in the title.
    fn exclusion(&self, job: &MatchInput<'_>) -> Option<String> {
        let company = job.company.to_lowercase();
        if let Some(c) = self.excluded_companies.iter().find(|c| company.contains(c.as_str())) {
            return Some(format!("excluded company '{c}'"));
        }
        let title_words: Vec<String> = words(job.title).collect();
        self.excluded_title_words
            .iter()
            .find(|w| words(w).all(|w| title_words.contains(&w)))
            .map(|w| format!("excluded title word '{w}'"))
    }

    /// Coverage of the job's required and nice-to-have skills by the profile's.
    fn skills_part(&self, job: &MatchInput<'_>, text: &Normalized) -> SkillsPart {
        let vocabulary = vocabulary();
        let mut reqs = requirements(job.title, job.description, &[]);
        // Skills the board listed (tags) that the text does not name count as required.
        for s in job.skills.iter().filter_map(|s| vocabulary.canonical(s)) {
            if !reqs.required.contains(&s) && !reqs.nice_to_have.contains(&s) {
                reqs.required.push(s);
            }
        }
        let mut matched = Vec::new();
        let (mut missing_required, mut missing_nice) = (Vec::new(), Vec::new());
        let (mut total, mut got) = (0.0, 0.0);
        let (mut req_got, mut nice_got) = (0usize, 0usize);
        for (list, weight, is_required) in
            [(&reqs.required, 1.0, true), (&reqs.nice_to_have, NICE_WEIGHT, false)]
        {
            for &skill in list.iter() {
                total += weight;
                match self.skills.get(skill) {
                    Some(have) => {
                        got += weight * have;
                        matched.push(skill.to_owned());
                        if is_required {
                            req_got += 1;
                        } else {
                            nice_got += 1;
                        }
                    }
                    None if is_required => missing_required.push(skill.to_owned()),
                    None => missing_nice.push(skill.to_owned()),
                }
            }
        }
        for term in &self.other_terms {
            if text.contains_phrase(term) && !matched.contains(term) {
                matched.push(term.clone());
            }
        }
        let unmet_must_haves = self
            .must_haves
            .iter()
            .filter(|(term, canonical)| {
                let named =
                    canonical.is_some_and(|c| reqs.required.contains(&c) || reqs.nice_to_have.contains(&c));
                !named && !text.contains_phrase(term)
            })
            .map(|(term, _)| term.clone())
            .collect();
        let (score, reason) = if total == 0.0 {
            (NO_SKILLS_NAMED, "no skills named".to_owned())
        } else {
            let (nr, nn) = (reqs.required.len(), reqs.nice_to_have.len());
            let mut reason = if nr > 0 && req_got == nr {
                format!("all {nr} required skills")
            } else if nr > 0 {
                format!("{req_got} of {nr} required skills")
            } else {
                "no required skills named".to_owned()
            };
            if nn > 0 {
                reason += &format!(", {nice_got} of {nn} nice-to-have");
            }
            (got / total, reason)
        };
        missing_required.extend(missing_nice);
        SkillsPart { score, reason, matched, missing: missing_required, unmet_must_haves }
    }
}

/// `core × min(1, GATE_BASE + gate) − penalties`, clamped to 0..1, three decimals.
fn combine(c: &MatchComponents, penalties: &[Penalty]) -> f64 {
    let core = W_SKILLS * c.skills.score
        + W_ROLE * c.role.score
        + W_SENIORITY * c.seniority.score
        + W_PLACE * c.place.score
        + W_SALARY * c.salary.score
        + W_LANGUAGE * c.language.score;
    let gate = c.role.score.min(c.seniority.score).min(c.place.score).min(c.language.score);
    let raw = core * (GATE_BASE + gate).min(1.0) - penalties.iter().map(|p| p.amount).sum::<f64>();
    round3(raw.clamp(0.0, 1.0))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

struct SkillsPart {
    score: f64,
    reason: String,
    matched: Vec<String>,
    missing: Vec<String>,
    unmet_must_haves: Vec<String>,
}

/// A job's title and text, normalized once: lower-case words separated by single spaces, with
/// a space at each end, so a word or phrase test is a substring search for " term ".
struct Normalized {
    title: String,
    text: String,
}

impl Normalized {
    fn new(title: &str, description: &str) -> Self {
        let mut t = String::from(" ");
        push_normalized(&mut t, title);
        let mut text = String::with_capacity(title.len() + description.len() + 4);
        text.push_str(&t);
        push_normalized(&mut text, description);
        Self { title: t, text }
    }

    fn contains_phrase(&self, term: &str) -> bool {
        let mut needle = String::with_capacity(term.len() + 2);
        needle.push(' ');
        push_normalized(&mut needle, term) > 0 && self.text.contains(&needle)
    }
}

/// Appends the words of `text` (as `crate::text::words` splits them) lower-cased, each
/// followed by a space; returns how many.
fn push_normalized(out: &mut String, text: &str) -> usize {
    let mut count = 0;
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#' || c == '.')) {
        let word = word.trim_matches('.');
        if word.is_empty() {
            continue;
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
        out.push(' ');
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        let profile = Profile::from_json(
            r#"{"basics": {"name": "Ada", "label": "Backend Engineer"},
                "skills": [{"name": "Rust", "level": "Expert", "keywords": ["Tokio"]}, {"name": "Postgres"}],
                "preferences": {"must_have_skills": ["rust", "sqlx"], "excluded_companies": ["Evil Corp"],
                                "excluded_title_words": ["intern"]}}"#,
        )
        .unwrap();
        Matcher::new_at(&profile, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
    }

    fn job<'a>(title: &'a str, company: &'a str, description: &'a str) -> MatchInput<'a> {
        MatchInput {
            id: title,
            title,
            company,
            description,
            location: None,
            locations: &[],
            remote: None,
            workplace: None,
            skills: &[],
            salary: None,
            language: None,
        }
    }

    #[test]
    fn hard_exclusions_score_zero_with_their_reason() {
        let m = matcher();
        let out = m.score_all(&[
            job("Rust Intern", "Acme", "Rust and Tokio."),
            job("Rust Engineer", "Evil Corp GmbH", "Rust and Tokio."),
        ]);
        assert_eq!((out[0].score, out[0].excluded.as_deref()), (0.0, Some("excluded title word 'intern'")));
        assert_eq!((out[1].score, out[1].excluded.as_deref()), (0.0, Some("excluded company 'evil corp'")));
        assert!(out[0].components.is_some(), "the parts are still explained");
    }

    #[test]
    fn synonyms_match_and_unmet_must_haves_are_penalised() {
        let m = matcher();
        let e = m.score_one(&job("Backend Engineer", "Acme", "Requirements\n- Rust\n- PostgreSQL\n- Tokio"));
        assert_eq!(e.matched_skills, ["Rust", "PostgreSQL", "Tokio"], "Postgres = PostgreSQL");
        assert_eq!(e.unmet_must_haves, ["sqlx"]);
        assert_eq!(e.penalties, [Penalty { reason: "missing must-have skill 'sqlx'".into(), amount: 0.15 }]);
        let other = m.score_one(&job("Backend Engineer", "Acme", "Requirements\n- Rust\n- SQLx"));
        assert!(other.unmet_must_haves.is_empty(), "{other:?}");
    }

    #[test]
    fn no_recognisable_skill_is_neutral() {
        let e = matcher().score_one(&job("Backend Engineer", "Acme", "Join our friendly team."));
        let skills = &e.components.unwrap().skills;
        assert_eq!((skills.score, skills.reason.as_str()), (NO_SKILLS_NAMED, "no skills named"));
    }
}
