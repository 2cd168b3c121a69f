//! Role fit: the family of a job title (data engineering, frontend, management, ...) in English
//! and German, the families of the profile (its search titles, label and latest positions), and
//! how well they fit, with a plain reason. One shared keyword cannot carry a posting from
//! another family: a frontend role scores low for a data engineer whatever words it shares.
//! Pure: no I/O.
//!
//! A generic "Software Engineer" / "Softwareentwickler" names no family (`None`) unless a
//! qualifier does ("Software Engineer, Frontend"; "Java Developer" → Backend, a language mostly
//! used server-side; "React Developer" → Frontend; both kinds → Full stack).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::seniority::latest_work;
use crate::profile::Profile;

/// A family of roles.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleFamily {
    DataEngineering,
    DataScience,
    Analytics,
    Frontend,
    Backend,
    Fullstack,
    Mobile,
    #[serde(rename = "devops")]
    DevOps,
    Security,
    Qa,
    Embedded,
    Management,
    Product,
    Design,
    Marketing,
    Sales,
    Finance,
    Hr,
    Support,
    /// A recognised role outside the families above (nursing, driving, data entry, ...).
    Other,
}

/// One rule: whole-word phrases, and parts found inside German compounds ("frontendentwickler").
#[derive(Deserialize)]
struct Rule {
    family: RoleFamily,
    phrases: Vec<String>,
    parts: Vec<String>,
}

/// How a family reads in a reason.
#[derive(Deserialize)]
struct Words {
    /// As a kind of role ("a frontend role").
    role: String,
    /// As what the user does ("you are a data engineer").
    person: String,
    /// The skills the family's work itself is (canonical names of the skills vocabulary).
    #[serde(default)]
    practice: Vec<String>,
}

/// The vocabulary in `data/role_families.json`.
#[derive(Deserialize)]
struct Vocabulary {
    /// Tried in order; the first that matches wins, so the narrower ones come first ("product
    /// designer" is design, "react native" is mobile, "data platform engineer" is data
    /// engineering).
    rules: Vec<Rule>,
    /// Words that make a title a developer's, for the language qualifiers.
    developer_words: Vec<String>,
    /// Languages and frameworks mostly used server-side.
    backend_words: Vec<String>,
    /// Languages and frameworks of the browser.
    frontend_words: Vec<String>,
    /// Pairs of families close enough that moving between them is common (symmetric).
    adjacent: Vec<(RoleFamily, RoleFamily)>,
    families: HashMap<RoleFamily, Words>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/role_families.json"))
            .expect("data/role_families.json is valid (checked by the tests)")
    })
}

/// The title lowercased, every character other than a letter, digit, `#` or `+` a space, and
/// padded with spaces so a phrase is found as " phrase " (see [`has_phrase`]).
fn normalize(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 2);
    out.push(' ');
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '#' || c == '+' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether `phrase` is in `text` (as [`normalize`] made it) between spaces: the same as
/// `text.contains(&format!(" {phrase} "))`, without building the needle or a searcher.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let (hay, p) = (text.as_bytes(), phrase.as_bytes());
    !p.is_empty()
        && hay.len() > p.len() + 1
        && (1..hay.len() - p.len())
            .any(|i| hay[i - 1] == b' ' && hay[i + p.len()] == b' ' && hay[i..].starts_with(p))
}

/// Whether `part` is anywhere in `text` (no searcher built: titles are short).
fn has_part(text: &str, part: &str) -> bool {
    let (hay, p) = (text.as_bytes(), part.as_bytes());
    !p.is_empty() && hay.windows(p.len()).any(|w| w == p)
}

/// Every rule phrase with the first rule naming it, and the most words a phrase has; built once.
fn phrase_index() -> &'static (HashMap<&'static str, usize>, usize) {
    static INDEX: OnceLock<(HashMap<&'static str, usize>, usize)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        let mut longest = 1;
        for (i, rule) in vocabulary().rules.iter().enumerate() {
            for phrase in &rule.phrases {
                index.entry(phrase.as_str()).or_insert(i);
                longest = longest.max(phrase.split(' ').count());
            }
        }
        (index, longest)
    })
}

/// The first rule with a phrase among the words of `text` (as [`normalize`] made it): each run
/// of up to the longest phrase's words is looked up once, as a slice of `text`.
fn first_phrase_rule(text: &str) -> Option<usize> {
    let (index, longest) = phrase_index();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        match (b == b' ', start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let mut best: Option<usize> = None;
    for i in 0..spans.len() {
        for j in i..spans.len().min(i + longest) {
            if let Some(&rule) = index.get(&text[spans[i].0..spans[j].1]) {
                best = Some(best.map_or(rule, |b| b.min(rule)));
            }
        }
    }
    best
}

/// The family of a job title ("Frontend-Entwickler" → Frontend, "SRE" → DevOps, "Head of
/// Data" → DataEngineering); `None` when the title does not say ("Software Engineer").
pub fn family_of_title(title: &str) -> Option<RoleFamily> {
    let text = normalize(title);
    let compact: String = text.split_whitespace().collect();
    let has_word = |words: &[String]| words.iter().any(|w| has_phrase(&text, w));
    let vocabulary = vocabulary();
    // The first rule whose phrase or compound part is in the title: phrases through the index,
    // parts only in the rules before the first phrase found.
    let by_phrase = first_phrase_rule(&text);
    let by_part = vocabulary.rules[..by_phrase.unwrap_or(vocabulary.rules.len())]
        .iter()
        .position(|rule| rule.parts.iter().any(|p| has_part(&compact, p)));
    if let Some(rule) = by_part.or(by_phrase) {
        return Some(vocabulary.rules[rule].family);
    }
    // No family word: a developer title may still be qualified by its languages.
    let developer = vocabulary.developer_words.iter().any(|w| has_part(&text, w));
    let frontend = developer && has_word(&vocabulary.frontend_words);
    let backend = developer && has_word(&vocabulary.backend_words);
    match (frontend, backend) {
        (true, true) => Some(RoleFamily::Fullstack),
        (true, false) => Some(RoleFamily::Frontend),
        (false, true) => Some(RoleFamily::Backend),
        // A bare "data" ("Head of Data", "Data Lead") is taken as data engineering.
        (false, false) => {
            (has_phrase(&text, "data") || has_phrase(&text, "daten")).then_some(RoleFamily::DataEngineering)
        }
    }
}

/// The profile's families, the strongest first: its search titles (`preferences.keywords`)
/// weigh 3, its label and latest position 2, the position before 1.
pub fn profile_families(profile: &Profile) -> Vec<RoleFamily> {
    let mut weights: Vec<(RoleFamily, u32)> = Vec::new();
    let mut add = |title: &str, weight: u32| {
        if let Some(family) = family_of_title(title) {
            match weights.iter_mut().find(|(f, _)| *f == family) {
                Some((_, w)) => *w += weight,
                None => weights.push((family, weight)),
            }
        }
    };
    for keyword in &profile.preferences.keywords {
        add(keyword, 3);
    }
    if let Some(label) = profile.resume.basics.label.as_deref() {
        add(label, 2);
    }
    for (work, weight) in latest_work(&profile.resume.work).into_iter().zip([2, 1]) {
        if let Some(position) = work.position.as_deref() {
            add(position, weight);
        }
    }
    weights.sort_by_key(|&(_, w)| std::cmp::Reverse(w));
    weights.into_iter().map(|(f, _)| f).collect()
}

/// Whether two families are next to each other (`adjacent` in the vocabulary; symmetric).
pub fn adjacent(a: RoleFamily, b: RoleFamily) -> bool {
    vocabulary().adjacent.iter().any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
}

/// The family as a kind of role ("a frontend role").
pub fn role_words(family: RoleFamily) -> &'static str {
    vocabulary().families.get(&family).map_or("a role", |w| w.role.as_str())
}

/// The skills a person of `family` has by doing its work ("ETL" for a data engineer), even
/// when their profile does not list them.
pub fn practice(family: RoleFamily) -> &'static [String] {
    vocabulary().families.get(&family).map_or(&[], |w| w.practice.as_slice())
}

/// The family as what the user does ("you are a data engineer").
pub fn person_words(family: RoleFamily) -> &'static str {
    vocabulary().families.get(&family).map_or("you work in another field", |w| w.person.as_str())
}

/// How well a posting's family fits the profile's, 0..1, with a plain reason: 1.0 for one of
/// the profile's families, a mismatch next to one, ruled out for another family, 0.85 when
/// either is unknown (the parent module's bands).
/// `Other` is not a family of its own: Other against Other counts as unknown.
pub fn fit(profile: &[RoleFamily], posting: Option<RoleFamily>) -> (f64, String) {
    use RoleFamily::Other;
    let Some(posting) = posting else { return (UNKNOWN, "role not clear from the title".to_owned()) };
    let Some(&primary) = profile.iter().find(|&&f| f != Other).or(profile.first()) else {
        return (UNKNOWN, "your own role is not clear from your profile".to_owned());
    };
    if posting == Other && primary == Other {
        return (UNKNOWN, "role not clear from the title".to_owned());
    }
    let role = role_words(posting);
    if profile.contains(&posting) {
        return (1.0, format!("{role}, your field"));
    }
    if let Some(&near) = profile.iter().find(|&&f| adjacent(f, posting)) {
        return (super::MISMATCH, format!("{role}, close to your field; {}", person_words(near)));
    }
    (super::RULED_OUT, format!("{role}; {}", person_words(primary)))
}

/// Either side's role is not known: a little under a fit.
const UNKNOWN: f64 = 0.85;

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules as first written: every phrase searched as " phrase " in the title.
    fn family_by_search(title: &str) -> Option<RoleFamily> {
        let text = normalize(title);
        let compact: String = text.split_whitespace().collect();
        vocabulary()
            .rules
            .iter()
            .find(|r| {
                r.phrases.iter().any(|p| text.contains(&format!(" {p} ")))
                    || r.parts.iter().any(|p| compact.contains(p.as_str()))
            })
            .map(|r| r.family)
    }

    #[test]
    fn the_phrase_index_finds_what_a_search_finds() {
        for title in [
            "Senior Data Engineer (m/w/d)",
            "Head of Data",
            "React Native Developer",
            "SRE / DevOps",
            "Frontend-Entwickler:in",
            "Data Platform Engineer",
            "Product Designer",
            "Lkw-Fahrer (m/w/d)",
            "Scrum Master",
            "Teamleiter Softwareentwicklung",
            "Accountant (m/f/d) Group Reporting",
            "Office Manager",
            "Machine Learning Engineer",
            "Software Engineer",
            "Künstliche Intelligenz Lead",
        ] {
            let rules_found = family_by_search(title);
            if rules_found.is_some() {
                assert_eq!(family_of_title(title), rules_found, "{title}");
            }
        }
    }

    #[test]
    fn the_vocabulary_loads_and_names_every_family() {
        let vocabulary = vocabulary();
        assert!(!vocabulary.rules.is_empty());
        assert_eq!(vocabulary.families.len(), 20, "role and person words for every family");
        let skills = super::super::skills::vocabulary();
        for (family, words) in &vocabulary.families {
            for skill in &words.practice {
                assert_eq!(skills.canonical(skill), Some(skill.as_str()), "{family:?}: {skill}");
            }
        }
        assert!(adjacent(RoleFamily::Frontend, RoleFamily::Fullstack));
        assert!(adjacent(RoleFamily::Fullstack, RoleFamily::Frontend));
        assert!(!adjacent(RoleFamily::Frontend, RoleFamily::DataEngineering));
    }
}
