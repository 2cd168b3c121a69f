//! How relevant a profile fact is to the job: the job's keywords (named skills, skills found in
//! its text, significant title words) and the scores the CV orders skills, work entries,
//! projects and highlights by. Nothing here adds text to a document.

use std::collections::HashSet;

use crate::matching::Explanation;
use crate::process::extract_skills;
use crate::profile::{Profile, ResumeDate};
use crate::text::words;

use super::JobFacts;

/// The job's keywords, each as a word sequence, and its text as words.
pub(super) struct JobTerms {
    /// Lower-cased keywords (skills, tags, matched skills, vocabulary skills in the text,
    /// profile skills in the text, significant title words), as word sequences.
    keywords: Vec<Vec<String>>,
    /// Skills the posting names explicitly or the matcher matched (lower case).
    named: HashSet<String>,
    title: Vec<String>,
    text: Vec<String>,
    /// The title and description split into words with their case kept, for very short
    /// skill names ("Go", "R", "C") that would otherwise match ordinary words.
    cased: HashSet<String>,
}

const TITLE_NOISE: &[&str] =
    &["and", "the", "for", "with", "m/w/d", "w/m/d", "f/m/d", "m", "w", "d", "f", "in"];

impl JobTerms {
    pub(super) fn new(profile: &Profile, job: &JobFacts, explanation: Option<&Explanation>) -> Self {
        let title: Vec<String> = words(&job.title).collect();
        let text: Vec<String> = words(&job.title).chain(words(&job.description)).collect();
        let mut named: HashSet<String> = job.skills.iter().map(|s| s.trim().to_lowercase()).collect();
        if let Some(e) = explanation {
            named.extend(e.matched_skills.iter().map(|s| s.trim().to_lowercase()));
        }
        named.remove("");
        let mut seen = HashSet::new();
        let mut keywords = Vec::new();
        let mut add = |term: &str| {
            let w: Vec<String> = words(term).collect();
            if !w.is_empty() && seen.insert(w.clone()) {
                keywords.push(w);
            }
        };
        for s in &named {
            add(s);
        }
        for s in extract_skills(&format!("{}\n{}", job.title, job.description)) {
            add(&s);
        }
        let cased: HashSet<String> = format!("{}\n{}", job.title, job.description)
            .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let r = &profile.resume;
        let profile_terms = r
            .skills
            .iter()
            .flat_map(|s| std::iter::once(&s.name).chain(&s.keywords))
            .chain(r.projects.iter().flat_map(|p| &p.keywords));
        for t in profile_terms {
            let w: Vec<String> = words(t).collect();
            if plausible(&named, &cased, t, &w) && count_phrase(&text, &w) > 0 {
                add(t);
            }
        }
        for w in &title {
            if w.chars().count() > 2 && !TITLE_NOISE.contains(&w.as_str()) {
                add(w);
            }
        }
        Self { keywords, named, title, text, cased }
    }

    /// How relevant a profile skill term is to the job (0 = not at all).
    pub(super) fn skill_score(&self, term: &str) -> usize {
        let w: Vec<String> = words(term).collect();
        if w.is_empty() {
            return 0;
        }
        if !plausible(&self.named, &self.cased, term, &w) {
            return 0;
        }
        let named = if self.named.contains(&term.trim().to_lowercase()) || self.named.contains(&w.join(" ")) {
            10
        } else {
            0
        };
        named + 3 * count_phrase(&self.title, &w) + count_phrase(&self.text, &w)
    }

    /// How many distinct job keywords `texts` mention.
    pub(super) fn mentions(&self, texts: &[&str]) -> usize {
        let tokens: Vec<String> =
            texts.iter().flat_map(|t| words(t).chain(std::iter::once(String::new()))).collect();
        self.keywords.iter().filter(|k| count_phrase(&tokens, k) > 0).count()
    }
}

/// Whether a profile term may be matched against the job's words: terms of one or two letters
/// ("Go", "R", "C") must appear as written, or be named by the posting, so that ordinary words
/// ("go live") do not count.
fn plausible(named: &HashSet<String>, cased: &HashSet<String>, term: &str, w: &[String]) -> bool {
    let t = term.trim();
    w.len() > 1 || t.chars().count() > 2 || named.contains(&t.to_lowercase()) || cased.contains(t)
}

/// Occurrences of the word sequence `phrase` in `tokens`.
fn count_phrase(tokens: &[String], phrase: &[String]) -> usize {
    if phrase.is_empty() || phrase.len() > tokens.len() {
        return 0;
    }
    tokens.windows(phrase.len()).filter(|w| *w == phrase).count()
}

pub(super) fn date(d: &Option<ResumeDate>) -> Option<String> {
    d.as_ref().map(|d| d.0.clone())
}

pub(super) fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Most recent first: ongoing entries, then by end date, then by start date.
pub(super) fn recency_key(end: &Option<ResumeDate>, start: &Option<ResumeDate>) -> (bool, String, String) {
    (
        end.is_none() && start.is_some(),
        end.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
        start.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
    )
}

/// Reorders `items` so the ones mentioning more job keywords come first (stable); each kept
/// item with its index in `items` (empty items are left out).
pub(super) fn by_mentions(terms: &JobTerms, items: &[String]) -> Vec<(usize, String)> {
    let mut scored: Vec<(usize, usize, &String)> = items
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.trim().is_empty())
        .map(|(i, h)| (terms.mentions(&[h.as_str()]), i, h))
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, i, h)| (i, h.trim().to_owned())).collect()
}
