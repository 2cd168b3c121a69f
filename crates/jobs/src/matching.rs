//! Explainable matching of jobs against a profile. The score is deterministic and every part
//! of it is stated in the explanation: skills matched (weighted by importance), must-haves
//! missing, keyword relevance (BM25 over the batch being matched), place and salary fit, and
//! penalties; a hard exclusion (company or title word) makes the score 0. The newer
//! preferences (workplace, countries, seniority levels left out) are penalties with a plain
//! reason; an older profile (only `remote_ok`) gets none of them and scores as before.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::countries::{self, Country};
use crate::posting::Workplace;
use crate::profile::{Profile, WorkplacePreference};
use crate::text::words;

/// What a job is matched on (a stored job or a fresh posting).
#[derive(Debug, Clone)]
pub struct MatchInput<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub company: &'a str,
    pub description: &'a str,
    pub location: Option<&'a str>,
    pub remote: Option<bool>,
    /// Where the work is done, when known.
    pub workplace: Option<Workplace>,
    /// Skills extracted from the posting.
    pub skills: &'a [String],
    /// Yearly salary upper figure, when known.
    pub yearly_salary: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Penalty {
    pub reason: String,
    pub amount: f64,
}

/// The score of one job with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Explanation {
    pub score: f64,
    pub matched_skills: Vec<String>,
    /// Must-have skills of the profile the job does not mention.
    pub missing_skills: Vec<String>,
    pub penalties: Vec<Penalty>,
    /// The weighted parts, each 0..1: skills, relevance, place, salary.
    pub components: Components,
    /// Set when a hard exclusion applied (score 0).
    pub excluded: Option<String>,
    /// Set when an LLM re-ranked this job (optional, off by default): the model's opinion and
    /// how it was blended into `score`, or why it was not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<LlmRerank>,
}

/// An LLM's opinion of one match: `score = (1 - weight) * deterministic + weight * llm score`
/// when the model answered usably; otherwise `note` says why and the deterministic score stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LlmRerank {
    pub model: String,
    /// The deterministic score before blending.
    pub deterministic_score: f64,
    /// How much the model's score counts (0..1).
    pub weight: f64,
    /// The model's score in 0..1, when usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The model's one-line reason, when usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the model's answer was not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Components {
    pub skills: f64,
    pub relevance: f64,
    pub place: f64,
    pub salary: f64,
}

const W_SKILLS: f64 = 0.45;
const W_RELEVANCE: f64 = 0.30;
const W_PLACE: f64 = 0.15;
const W_SALARY: f64 = 0.10;
const MISSING_MUST_HAVE: f64 = 0.15;
/// A job on site or hybrid when the user wants less of that.
const WORKPLACE_MISMATCH: f64 = 0.15;
/// A seniority level the user left out, named in the title.
const EXCLUDED_SENIORITY: f64 = 0.3;
/// A job in a country outside the user's list.
const OUTSIDE_COUNTRIES: f64 = 0.1;

/// The profile, prepared once for many jobs.
pub struct Matcher {
    /// Skill term -> importance weight.
    skills: Vec<(String, f64)>,
    must_haves: Vec<String>,
    query: Vec<String>,
    locations: Vec<String>,
    remote_ok: bool,
    workplace: WorkplacePreference,
    /// Yearly.
    min_salary: Option<f64>,
    excluded_companies: Vec<String>,
    excluded_title_words: Vec<String>,
    /// Lower-case, as typed.
    excluded_seniority: Vec<String>,
    /// The countries of `work_countries` the table knows.
    work_countries: Vec<&'static Country>,
    /// Entries of `work_countries` the table does not know, lower-case: a location naming
    /// one of them is inside the list.
    other_work_countries: Vec<String>,
}

impl Matcher {
    pub fn new(profile: &Profile) -> Self {
        let mut weights: HashMap<String, f64> = HashMap::new();
        let mut order = Vec::new();
        let mut add = |term: &str, w: f64| {
            let t = term.trim().to_lowercase();
            if t.is_empty() {
                return;
            }
            let e = weights.entry(t.clone()).or_insert_with(|| {
                order.push(t.clone());
                0.0
            });
            *e = e.max(w);
        };
        for skill in &profile.resume.skills {
            let level = skill.level.as_deref().unwrap_or_default().to_lowercase();
            let w = if ["expert", "advanced", "master", "senior"].iter().any(|l| level.contains(l)) {
                1.0
            } else {
                0.7
            };
            add(&skill.name, w);
            for k in &skill.keywords {
                add(k, w * 0.8);
            }
        }
        for project in &profile.resume.projects {
            for k in &project.keywords {
                add(k, 0.5);
            }
        }
        let must_haves: Vec<String> =
            profile.preferences.must_have_skills.iter().map(|s| s.trim().to_lowercase()).collect();
        for m in &must_haves {
            add(m, 1.0);
        }
        let mut query: Vec<String> = profile.preferences.keywords.iter().flat_map(|k| words(k)).collect();
        if let Some(label) = &profile.resume.basics.label {
            query.extend(words(label));
        }
        query.sort();
        query.dedup();
        let mut work_countries = Vec::new();
        let mut other_work_countries = Vec::new();
        for entry in &profile.preferences.work_countries {
            let known = countries::parse_entry(entry);
            if known.is_empty() {
                other_work_countries.push(entry.trim().to_lowercase());
            }
            work_countries.extend(known);
        }
        Self {
            skills: order.into_iter().map(|t| (t.clone(), weights[&t])).collect(),
            must_haves,
            query,
            locations: profile.preferences.locations.iter().map(|l| l.to_lowercase()).collect(),
            remote_ok: profile.preferences.accepts_remote(),
            workplace: profile.preferences.workplace_preference(),
            min_salary: profile.preferences.yearly_min_salary(),
            excluded_companies: profile
                .preferences
                .excluded_companies
                .iter()
                .map(|c| c.to_lowercase())
                .collect(),
            excluded_title_words: profile
                .preferences
                .excluded_title_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            excluded_seniority: profile
                .preferences
                .excluded_seniority
                .iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
            work_countries,
            other_work_countries,
        }
    }

    /// Why the job's workplace does not suit the user, when it does not.
    fn workplace_mismatch(&self, job: &MatchInput<'_>) -> Option<&'static str> {
        let workplace =
            job.workplace.or(if job.remote == Some(true) { Some(Workplace::Remote) } else { None });
        match (self.workplace, workplace?) {
            (WorkplacePreference::RemoteOnly, Workplace::Onsite) => Some("on site, you want remote only"),
            (WorkplacePreference::RemoteOnly, Workplace::Hybrid) => Some("hybrid, you want remote only"),
            (WorkplacePreference::HybridOk, Workplace::Onsite) => Some("on site, you want remote or hybrid"),
            _ => None,
        }
    }

    /// The country a (not fully remote) job is in when it is outside the user's countries.
    fn outside_countries(&self, job: &MatchInput<'_>) -> Option<&'static Country> {
        if self.work_countries.is_empty() && self.other_work_countries.is_empty() {
            return None;
        }
        if job.workplace == Some(Workplace::Remote) || job.remote == Some(true) {
            return None;
        }
        let location = job.location?;
        let named = countries::named_in(location);
        let inside = named.iter().any(|c| self.work_countries.contains(c)) || {
            let lower = location.to_lowercase();
            self.other_work_countries.iter().any(|o| crate::text::contains_word(&lower, o))
        };
        if inside {
            None
        } else {
            named.first().copied()
        }
    }

    /// Scores a batch; relevance (BM25) uses the batch's document frequencies, so the same
    /// batch always gets the same scores.
    pub fn score_all(&self, jobs: &[MatchInput<'_>]) -> Vec<Explanation> {
        let docs: Vec<Doc> = jobs.iter().map(|j| Doc::new(j, &self.query)).collect();
        let n = docs.len().max(1) as f64;
        let avg_len = (docs.iter().map(|d| d.len).sum::<usize>() as f64 / n).max(1.0);
        let df: HashMap<&str, usize> = self
            .query
            .iter()
            .map(|q| (q.as_str(), docs.iter().filter(|d| d.tf.contains_key(q.as_str())).count()))
            .collect();
        jobs.iter().zip(&docs).map(|(job, doc)| self.score(job, doc, n, avg_len, &df)).collect()
    }

    fn score(
        &self,
        job: &MatchInput<'_>,
        doc: &Doc,
        n: f64,
        avg_len: f64,
        df: &HashMap<&str, usize>,
    ) -> Explanation {
        let company = job.company.to_lowercase();
        let title_words: HashSet<String> = words(job.title).collect();
        let excluded = self
            .excluded_companies
            .iter()
            .find(|c| company.contains(c.as_str()))
            .map(|c| format!("excluded company '{c}'"))
            .or_else(|| {
                self.excluded_title_words
                    .iter()
                    .find(|w| words(w).all(|w| title_words.contains(&w)))
                    .map(|w| format!("excluded title word '{w}'"))
            });

        // Skills: the job's skills the profile has, weighted; terms outside the extractor's
        // vocabulary count when the posting's words contain them.
        let job_skills: HashSet<&str> = job.skills.iter().map(String::as_str).collect();
        let mut matched = Vec::new();
        let mut matched_weight = 0.0;
        for (term, w) in &self.skills {
            if job_skills.contains(term.as_str()) || doc.contains_phrase(term) {
                matched.push(term.clone());
                matched_weight += w;
            }
        }
        let wanted = job.skills.len().max(3) as f64;
        let skills = (matched_weight / wanted).min(1.0);
        let missing: Vec<String> = self
            .must_haves
            .iter()
            .filter(|m| !job_skills.contains(m.as_str()) && !doc.contains_phrase(m))
            .cloned()
            .collect();

        // Relevance: BM25 (k1 = 1.2, b = 0.75), squashed to 0..1; title hits count double.
        let mut bm25 = 0.0;
        for q in &self.query {
            let tf = *doc.tf.get(q.as_str()).unwrap_or(&0) as f64;
            if tf == 0.0 {
                continue;
            }
            let d = *df.get(q.as_str()).unwrap_or(&0) as f64;
            let idf = ((n - d + 0.5) / (d + 0.5) + 1.0).ln();
            bm25 += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * doc.len as f64 / avg_len));
        }
        let relevance = if self.query.is_empty() { 0.5 } else { bm25 / (bm25 + 2.0) };

        let location = job.location.unwrap_or_default().to_lowercase();
        let remote_fits = job.remote == Some(true) && self.remote_ok;
        let place_fits = self.locations.iter().any(|l| !l.is_empty() && location.contains(l.as_str()));
        let place = if remote_fits || place_fits {
            1.0
        } else if self.locations.is_empty() && !self.remote_ok {
            0.7
        } else if location.is_empty() && job.remote.is_none() {
            0.5
        } else {
            0.2
        };

        let mut penalties = Vec::new();
        let salary = match (self.min_salary, job.yearly_salary) {
            (Some(min), Some(offered)) if offered < min => {
                penalties.push(Penalty {
                    reason: format!("salary below minimum ({offered:.0} < {min:.0} per year)"),
                    amount: 0.1,
                });
                (offered / min).clamp(0.0, 1.0)
            }
            (Some(_), Some(_)) => 1.0,
            (Some(_), None) => 0.6,
            (None, _) => 0.8,
        };
        for m in &missing {
            penalties.push(Penalty {
                reason: format!("missing must-have skill '{m}'"),
                amount: MISSING_MUST_HAVE,
            });
        }
        if let Some(reason) = self.workplace_mismatch(job) {
            penalties.push(Penalty { reason: reason.into(), amount: WORKPLACE_MISMATCH });
        }
        if !self.excluded_seniority.is_empty() {
            let mut title = String::from(" ");
            push_normalized(&mut title, job.title);
            for level in &self.excluded_seniority {
                let mut needle = String::from(" ");
                if push_normalized(&mut needle, level) > 0 && title.contains(&needle) {
                    penalties.push(Penalty {
                        reason: format!("'{level}' in the title, a level you left out"),
                        amount: EXCLUDED_SENIORITY,
                    });
                }
            }
        }
        if let Some(country) = self.outside_countries(job) {
            penalties.push(Penalty {
                reason: format!("in {}, outside the countries you may work in", country.name),
                amount: OUTSIDE_COUNTRIES,
            });
        }
        let components = Components { skills, relevance, place, salary };
        let raw = W_SKILLS * skills + W_RELEVANCE * relevance + W_PLACE * place + W_SALARY * salary
            - penalties.iter().map(|p| p.amount).sum::<f64>();
        let score = if excluded.is_some() { 0.0 } else { (raw.clamp(0.0, 1.0) * 1000.0).round() / 1000.0 };
        Explanation {
            score,
            matched_skills: matched,
            missing_skills: missing,
            penalties,
            components,
            excluded,
            llm: None,
        }
    }
}

/// One job's text, normalized once: lower-case words separated by single spaces, with a space
/// at each end, so a word or phrase test is a substring search for " term ". Query-term
/// counts are kept for BM25 (title words count twice: the title says what the job is).
struct Doc {
    tf: HashMap<String, usize>,
    text: String,
    len: usize,
}

impl Doc {
    fn new(job: &MatchInput<'_>, query: &[String]) -> Self {
        let mut text = String::with_capacity(job.title.len() + job.description.len() + 4);
        text.push(' ');
        let title_words = push_normalized(&mut text, job.title);
        let description_words = push_normalized(&mut text, job.description);
        let mut tf = HashMap::new();
        for (i, word) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
            if let Some(q) = query.iter().find(|q| q.as_str() == word) {
                *tf.entry(q.clone()).or_default() += if i < title_words { 2 } else { 1 };
            }
        }
        Self { tf, text, len: 2 * title_words + description_words }
    }

    fn contains_phrase(&self, term: &str) -> bool {
        let mut needle = String::with_capacity(term.len() + 2);
        needle.push(' ');
        if push_normalized(&mut needle, term) == 0 {
            return false;
        }
        self.text.contains(&needle)
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

    fn profile() -> Profile {
        Profile::from_json(
            r#"{
            "basics": {"name": "Ada", "label": "Backend Engineer"},
            "skills": [{"name": "Rust", "level": "Expert", "keywords": ["Tokio", "SQLx"]}, {"name": "PostgreSQL"},
                       {"name": "Kubernetes", "level": "Beginner"}],
            "preferences": {"keywords": ["rust", "backend"], "locations": ["Berlin"], "remote_ok": true,
                            "min_salary": 80000, "must_have_skills": ["rust"],
                            "excluded_companies": ["Evil Corp"], "excluded_title_words": ["intern"]}
        }"#,
        )
        .unwrap()
    }

    fn job<'a>(
        id: &'a str,
        title: &'a str,
        company: &'a str,
        description: &'a str,
        skills: &'a [String],
    ) -> MatchInput<'a> {
        MatchInput {
            id,
            title,
            company,
            description,
            location: Some("Berlin"),
            remote: Some(false),
            workplace: None,
            skills,
            yearly_salary: Some(90_000.0),
        }
    }

    #[test]
    fn good_jobs_outscore_weak_ones_with_reasons() {
        let m = Matcher::new(&profile());
        let s1 = vec!["rust".to_string(), "tokio".to_string(), "postgresql".to_string()];
        let s2 = vec!["java".to_string(), "spring".to_string()];
        let jobs = [
            job("a", "Senior Rust Backend Engineer", "Acme", "Rust, Tokio and PostgreSQL services.", &s1),
            job("b", "Java Developer", "Globex", "Spring Boot and Java. Backend work.", &s2),
            job("c", "Rust Intern", "Acme", "Rust tokio postgresql", &s1),
            job("d", "Rust Engineer", "Evil Corp", "Rust tokio", &s1),
        ];
        let out = m.score_all(&jobs);
        assert!(out[0].score > 0.7, "{:?}", out[0]);
        assert!(out[1].score < 0.4, "{:?}", out[1]);
        assert_eq!(out[0].matched_skills, ["rust", "tokio", "postgresql"]);
        assert!(out[0].missing_skills.is_empty());
        assert_eq!(out[1].missing_skills, ["rust"]);
        assert!(out[1].penalties.iter().any(|p| p.reason == "missing must-have skill 'rust'"));
        assert_eq!((out[2].score, out[2].excluded.as_deref()), (0.0, Some("excluded title word 'intern'")));
        assert_eq!((out[3].score, out[3].excluded.as_deref()), (0.0, Some("excluded company 'evil corp'")));
        // Deterministic.
        assert_eq!(m.score_all(&jobs), out);
    }

    #[test]
    fn place_and_salary_fit() {
        let m = Matcher::new(&profile());
        let s = vec!["rust".to_string()];
        let mut remote = job("r", "Rust Engineer", "X", "Rust", &s);
        remote.location = Some("Lisbon");
        remote.remote = Some(true);
        let mut elsewhere = remote.clone();
        elsewhere.remote = Some(false);
        let mut cheap = job("c", "Rust Engineer", "X", "Rust", &s);
        cheap.yearly_salary = Some(40_000.0);
        let out = m.score_all(&[remote, elsewhere, cheap]);
        assert_eq!(out[0].components.place, 1.0);
        assert_eq!(out[1].components.place, 0.2);
        assert!(out[0].score > out[1].score);
        assert_eq!(out[2].components.salary, 0.5);
        assert!(out[2].penalties[0].reason.starts_with("salary below minimum"));
    }
}
