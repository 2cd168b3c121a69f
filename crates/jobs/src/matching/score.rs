//! The scorer: a [`Matcher`] prepares the profile once (its skills by canonical name, role
//! families, level and years, languages) and scores each job on its own with
//! [`Matcher::score_one`], combining the parts of the sibling modules as the parent module's
//! doc describes. Pure: no I/O, no clock (`today` is given to [`Matcher::new_at`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::certification;
use super::facts::PostingFacts;
use super::role::{self, RoleFamily};
use super::seniority::{self, Level};
use super::skills::vocabulary;
use super::{language, place, salary_fit};
use super::{Explanation, MatchComponent, MatchComponents, MatchInput, Penalty};
use crate::profile::{Preferences, Profile};
use crate::text::words;

/// The skills part when the job names no skill the vocabulary knows: a little under a fit.
const NO_SKILLS_NAMED: f64 = 0.9;
/// Each further required skill missing (after the first, a gap) while less than half are.
const FURTHER_MISSING: f64 = 0.08;
/// Each nice-to-have skill missing, up to [`NICE_MAX`] in all: a strong match stays strong.
const NICE_MISSING: f64 = 0.02;
const NICE_MAX: f64 = 0.06;
/// How much the profile's level of a skill it has counts: a keyword-only skill (0.85) takes
/// `LEVEL_WEIGHT × 0.15` off.
const LEVEL_WEIGHT: f64 = 0.3;
/// How much a skill of the practice of the person's field counts (see `role::practice`).
const PRACTICE_LEVEL: f64 = 0.85;
/// The factor per must-have skill of the profile the job does not mention: a nudge, since
/// postings seldom list everything they use.
const MISSING_MUST_HAVE: f64 = 0.95;
/// The factor for a seniority level the user left out, named in the title.
const EXCLUDED_SENIORITY: f64 = 0.5;

/// The profile, prepared once for many jobs.
pub struct Matcher {
    /// Canonical skill name -> how much having it counts (by level, 0..1).
    skills: HashMap<&'static str, f64>,
    /// Profile terms the vocabulary does not know, lower-case, in profile order: matched as
    /// phrases in the job's text (listed, not scored).
    other_terms: Vec<String>,
    must_haves: Vec<MustHave>,
    families: Vec<RoleFamily>,
    level: Level,
    years: Option<f64>,
    preferences: Preferences,
    languages: Vec<String>,
    excluded_companies: Vec<String>,
    excluded_title_words: Vec<String>,
    /// Lower-case, as typed.
    excluded_seniority: Vec<String>,
    /// The profile's words, for the certifications a posting requires.
    words: std::collections::HashSet<String>,
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
            if lower.is_empty() {
                continue;
            }
            let canonical = vocabulary.canonical(m);
            // The profile's own words for it count too ("User research: user interviews").
            let same = |name: &str| {
                name.trim().eq_ignore_ascii_case(m.trim())
                    || vocabulary.canonical(name) == canonical && canonical.is_some()
            };
            let mut forms = vec![lower.clone()];
            for skill in profile.resume.skills.iter().filter(|s| same(&s.name)) {
                forms
                    .extend(skill.keywords.iter().map(|k| k.trim().to_lowercase()).filter(|k| !k.is_empty()));
            }
            must_haves.push(MustHave { term: lower, canonical, forms });
        }
        let families = role::profile_families(profile);
        // The practice of the person's own field counts as had, a little under a listed skill.
        for &family in &families {
            for skill in role::practice(family) {
                add(skill, PRACTICE_LEVEL);
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
            families,
            level: seniority::profile_level(profile, years),
            years,
            preferences: profile.preferences.clone(),
            languages,
            excluded_companies: lower_list(&profile.preferences.excluded_companies),
            excluded_title_words: lower_list(&profile.preferences.excluded_title_words),
            excluded_seniority: lower_list(&profile.preferences.excluded_seniority),
            words: certification::profile_words(profile),
        }
    }

    /// Scores each job on its own: the same job gets the same score in any batch.
    pub fn score_all(&self, jobs: &[MatchInput<'_>]) -> Vec<Explanation> {
        jobs.iter().map(|j| self.score_one(j)).collect()
    }

    /// One job's score with its reasons: its stored facts when `job.facts` holds current
    /// ones, else its text read now.
    pub fn score_one(&self, job: &MatchInput<'_>) -> Explanation {
        match job.facts {
            Some(facts) => self.score_read(job, facts),
            None => self.score_read(job, &PostingFacts::read(job)),
        }
    }

    /// One job's score from its facts (`job`'s description is not read again).
    pub fn score_read(&self, job: &MatchInput<'_>, facts: &PostingFacts) -> Explanation {
        let excluded = self.exclusion(job);
        let skills = self.skills_part(facts);
        let (role_score, role_reason) = role::fit(&self.families, facts.family);
        let (seniority_score, seniority_reason) =
            seniority::fit(self.level, self.years, facts.level, facts.years_asked);
        let (place_score, place_reason) = place::fit_read(
            &self.preferences,
            place::PlaceJob {
                title: job.title,
                description: job.description,
                location: job.location,
                locations: job.locations,
                workplace: job.workplace,
                remote: job.remote,
            },
            &facts.place_text(),
        );
        let p = &self.preferences;
        let (salary_score, salary_reason) = salary_fit::fit_with(
            p.min_salary,
            p.salary_currency.as_deref(),
            p.salary_interval,
            job.salary,
            || facts.salaries_per_year,
        );
        let written_in = job.language.or(facts.written_in.as_deref());
        let asked = language::LanguagesAsked {
            required: facts.languages_required.iter().filter_map(|c| language::static_code(c)).collect(),
            optional: facts.languages_welcome.iter().filter_map(|c| language::static_code(c)).collect(),
        };
        let (language_score, language_reason) = language::fit(&self.languages, written_in, &asked);

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
                amount: round3(1.0 - MISSING_MUST_HAVE),
            });
        }
        // A certification the posting requires that the profile does not name is one gap.
        for name in &facts.certifications {
            if !name.iter().any(|w| self.words.contains(w)) {
                penalties.push(Penalty {
                    reason: format!(
                        "asks for a certification you don't list ({})",
                        name.join(" ").to_uppercase()
                    ),
                    amount: round3(1.0 - super::GAP),
                });
            }
        }
        let title = normalized_title(job.title);
        for level in &self.excluded_seniority {
            let mut needle = String::from(" ");
            if push_normalized(&mut needle, level) > 0 && title.contains(&needle) {
                penalties.push(Penalty {
                    reason: format!("'{level}' in the title, a level you left out"),
                    amount: round3(1.0 - EXCLUDED_SENIORITY),
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
    fn skills_part(&self, facts: &PostingFacts) -> SkillsPart {
        let mut matched = Vec::new();
        let (mut missing_required, mut missing_nice) = (Vec::new(), Vec::new());
        let (mut levels, mut req_got, mut nice_got) = (Vec::new(), 0usize, 0usize);
        for (list, is_required) in [(&facts.required, true), (&facts.nice_to_have, false)] {
            for skill in list.iter() {
                match self.skills.get(skill.as_str()) {
                    Some(have) => {
                        levels.push(*have);
                        matched.push(skill.clone());
                        if is_required {
                            req_got += 1;
                        } else {
                            nice_got += 1;
                        }
                    }
                    None if is_required => missing_required.push(skill.clone()),
                    None => missing_nice.push(skill.clone()),
                }
            }
        }
        for term in &self.other_terms {
            if facts.has_words_of(term) && !matched.contains(term) {
                matched.push(term.clone());
            }
        }
        let unmet_must_haves = self
            .must_haves
            .iter()
            .filter(|m| {
                let named = m
                    .canonical
                    .is_some_and(|c| facts.required.iter().chain(&facts.nice_to_have).any(|s| s == c));
                !named && !m.forms.iter().any(|f| facts.has_words_of(f))
            })
            .map(|m| m.term.clone())
            .collect();
        let (nr, nn) = (facts.required.len(), facts.nice_to_have.len());
        let (score, reason) = if nr + nn == 0 {
            (NO_SKILLS_NAMED, "no skills named".to_owned())
        } else {
            let level = levels.iter().sum::<f64>() / levels.len().max(1) as f64;
            let score =
                skills_score(nr, nr - req_got, nn - nice_got, if levels.is_empty() { 1.0 } else { level });
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
            (score, reason)
        };
        missing_required.extend(missing_nice);
        SkillsPart { score, reason, matched, missing: missing_required, unmet_must_haves }
    }
}

/// The skills part in the parent module's bands: every required skill fits (a little less for
/// skills the profile has only as keywords, and for missing nice-to-haves); one missing is a
/// gap and each further one takes [`FURTHER_MISSING`] more while fewer than half are missing;
/// half or more missing is a mismatch, falling to a quarter when none is there.
fn skills_score(required: usize, missing_required: usize, missing_nice: usize, level: f64) -> f64 {
    let base = if missing_required == 0 {
        1.0
    } else if missing_required * 2 < required {
        super::GAP - FURTHER_MISSING * (missing_required - 1) as f64
    } else {
        let share = missing_required as f64 / required as f64;
        super::MISMATCH - 0.6 * (share - 0.5)
    };
    let nice = (NICE_MISSING * missing_nice as f64).min(NICE_MAX);
    (base - nice) * (1.0 - LEVEL_WEIGHT * (1.0 - level))
}

/// The product of the parts and of the penalties' factors, three decimals: each part is 1
/// when it fits, so a job's score is set by its gaps (see the parent module's bands).
fn combine(c: &MatchComponents, penalties: &[Penalty]) -> f64 {
    let parts = [&c.skills, &c.role, &c.seniority, &c.place, &c.salary, &c.language];
    let product = parts.iter().map(|p| p.score).product::<f64>();
    let factors = penalties.iter().map(|p| 1.0 - p.amount).product::<f64>();
    round3((product * factors).clamp(0.0, 1.0))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One of the profile's must-have skills.
struct MustHave {
    /// As typed, trimmed and lower-case.
    term: String,
    canonical: Option<&'static str>,
    /// The term and the profile's keywords for that skill: a posting naming any has it.
    forms: Vec<String>,
}

struct SkillsPart {
    score: f64,
    reason: String,
    matched: Vec<String>,
    missing: Vec<String>,
    unmet_must_haves: Vec<String>,
}

/// The title's lower-case words separated by single spaces, with a space at each end, so a
/// word or phrase test is a substring search for " term ".
fn normalized_title(title: &str) -> String {
    let mut t = String::from(" ");
    push_normalized(&mut t, title);
    t
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
            facts: None,
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
        assert_eq!(e.penalties, [Penalty { reason: "missing must-have skill 'sqlx'".into(), amount: 0.05 }]);
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
