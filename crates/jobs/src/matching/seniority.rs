//! Seniority fit: the level a posting asks for (from its title, or a clear phrase in its text),
//! the years of experience it asks for, the profile's level and years (from its titles and work
//! dates), and how well they fit, with a plain reason. Pure: no I/O, no clock (`today` is passed).
//!
//! Levels are compared by rank, where Staff (senior individual contributor) and Lead (leads a
//! team) are parallel tracks of the same rank: a senior engineer moving to either is one step.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::profile::{Profile, Work};

/// A seniority level, lowest first.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Intern, working student (Werkstudent), Praktikant, trainee, apprentice, thesis.
    Intern,
    /// Junior, entry level, graduate, Berufseinsteiger.
    Junior,
    Mid,
    Senior,
    /// Staff or principal (senior individual contributor track).
    Staff,
    /// Lead, team lead, tech lead, a manager of people.
    Lead,
    /// Head of, director, VP, C-level, founder.
    Head,
}

impl Level {
    /// Steps used to compare levels (Staff and Lead share one).
    pub fn rank(self) -> u8 {
        match self {
            Level::Intern => 0,
            Level::Junior => 1,
            Level::Mid => 2,
            Level::Senior => 3,
            Level::Staff | Level::Lead => 4,
            Level::Head => 5,
        }
    }

    /// How the level reads in a reason ("Senior role").
    pub fn name(self) -> &'static str {
        match self {
            Level::Intern => "Intern",
            Level::Junior => "Junior",
            Level::Mid => "Mid-level",
            Level::Senior => "Senior",
            Level::Staff => "Staff",
            Level::Lead => "Lead",
            Level::Head => "Head of",
        }
    }
}

/// The vocabulary in `data/seniority.json` (see its `about`).
#[derive(Deserialize)]
struct Vocabulary {
    words: HashMap<Level, Vec<String>>,
    prefixes: HashMap<Level, Vec<String>>,
    not_prefixes: Vec<String>,
    engineering_words: Vec<String>,
    not_lead_before: Vec<String>,
    role_managers: Vec<String>,
    description_phrases: HashMap<Level, Vec<String>>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/seniority.json"))
            .expect("data/seniority.json is valid (checked by the tests)")
    })
}

fn listed(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The level of a job title ("Sr. Data Engineer" → Senior, "Werkstudent Data" → Intern,
/// "Engineering Manager" → Lead, "Product Manager" → none). An intern word wins over any other
/// (an internship in a senior team is an internship); otherwise the highest level named wins.
pub fn title_level(title: &str) -> Option<Level> {
    let vocabulary = vocabulary();
    let tokens: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    let engineering =
        tokens.iter().any(|t| vocabulary.engineering_words.iter().any(|w| t.contains(w.as_str())));
    let mut found: Vec<Level> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(String::as_str).unwrap_or("");
        let prev = if i > 0 { tokens[i - 1].as_str() } else { "" };
        if let Some(level) = token_level(vocabulary, t, prev, next, engineering) {
            found.push(level);
        }
    }
    if found.contains(&Level::Intern) {
        return Some(Level::Intern);
    }
    found.into_iter().max()
}

fn token_level(v: &Vocabulary, t: &str, prev: &str, next: &str, engineering: bool) -> Option<Level> {
    match t {
        "working" if next == "student" => return Some(Level::Intern),
        "vice" if next == "president" => return Some(Level::Head),
        "staff" => return engineering.then_some(Level::Staff),
        "lead" | "leads" => return (!listed(&v.not_lead_before, next)).then_some(Level::Lead),
        "manager" | "managerin" => return (!listed(&v.role_managers, prev)).then_some(Level::Lead),
        _ => {}
    }
    if let Some((&level, _)) = v.words.iter().find(|(_, words)| listed(words, t)) {
        return Some(level);
    }
    if v.not_prefixes.iter().any(|p| t.starts_with(p.as_str())) {
        return None;
    }
    v.prefixes.iter().find(|(_, ps)| ps.iter().any(|p| t.starts_with(p.as_str()))).map(|(&level, _)| level)
}

/// The level a posting asks for: its title first; the description only for clear phrases
/// ("this internship", "entry-level position", "Personalverantwortung").
pub fn posting_level(title: &str, description: &str) -> Option<Level> {
    title_level(title).or_else(|| {
        let text = description.to_lowercase();
        let phrases = &vocabulary().description_phrases;
        // Lowest level first, so the result does not depend on the map's order.
        let mut found: Vec<Level> = phrases
            .iter()
            .filter(|(_, list)| list.iter().any(|p| text.contains(p.as_str())))
            .map(|(&level, _)| level)
            .collect();
        found.sort();
        found.first().copied()
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Num(u32),
    /// A lower-case word, borrowed from the lower-cased text (no allocation per word).
    Word(&'a str),
    Plus,
    Dash,
    Stop,
}

/// The tokens of `lower` (already lower-cased once by the caller), in one pass over its bytes'
/// characters.
fn tokenize(lower: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = lower.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if let Some(mut n) = c.to_digit(10) {
            while let Some(d) = chars.peek().and_then(|&(_, d)| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d);
                chars.next();
            }
            // A decimal part ("2.5 years") is dropped, not read as a new figure.
            let rest = &lower[chars.peek().map_or(lower.len(), |&(i, _)| i)..];
            let mut rest_chars = rest.chars();
            if matches!(rest_chars.next(), Some('.' | ','))
                && rest_chars.next().is_some_and(|d| d.is_ascii_digit())
            {
                chars.next();
                while chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit()) {
                    chars.next();
                }
            }
            out.push(Tok::Num(n));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_alphabetic()) {
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Word(&lower[start..end]));
        } else if c == '+' {
            out.push(Tok::Plus);
        } else if matches!(c, '-' | '–' | '—') {
            out.push(Tok::Dash);
        } else if matches!(c, '.' | '!' | '?' | ';' | '\n' | '•') {
            out.push(Tok::Stop);
        }
    }
    out
}

fn number_word(w: &str) -> Option<u32> {
    const WORDS: &[(&[&str], u32)] = &[
        (&["one", "ein", "eine", "einen", "einem"], 1),
        (&["two", "zwei"], 2),
        (&["three", "drei"], 3),
        (&["four", "vier"], 4),
        (&["five", "fünf"], 5),
        (&["six", "sechs"], 6),
        (&["seven", "sieben"], 7),
        (&["eight", "acht"], 8),
        (&["nine", "neun"], 9),
        (&["ten", "zehn"], 10),
    ];
    WORDS.iter().find(|(ws, _)| ws.contains(&w)).map(|&(_, n)| n)
}

fn as_number(t: Option<&Tok>) -> Option<u32> {
    match t? {
        Tok::Num(n) => Some(*n),
        Tok::Word(w) => number_word(w),
        _ => None,
    }
}

fn is_word(t: Option<&Tok>, words: &[&str]) -> bool {
    matches!(t, Some(Tok::Word(w)) if words.contains(w))
}

/// Words before a figure that make it a requirement ("at least 3", "around 5", "rund 4").
const QUALIFIERS: &[&str] = &[
    "least",
    "minimum",
    "mindestens",
    "min",
    "around",
    "about",
    "approximately",
    "roughly",
    "circa",
    "rund",
    "etwa",
];

/// The years of experience a posting asks for: "5+ years", "at least 3 years", "3-5 years"
/// (→ 3, the lower bound), "mindestens 3 Jahre", "3+ Jahre Berufserfahrung". A figure counts
/// when experience is named in the same sentence, or when it is clearly a requirement ("at
/// least", "around", "+", a range) followed by "of"/"in"/"as"; a company's own history ("we have 20
/// years of experience") does not. The largest figure asked is returned; figures above 15 are
/// ignored.
pub fn years_asked(description: &str) -> Option<u32> {
    let lower = description.to_lowercase();
    let toks = tokenize(&lower);
    let mut best: Option<u32> = None;
    for i in 0..toks.len() {
        let Some(low) = as_number(toks.get(i)) else { continue };
        // The upper end of a range ("3-5 years") was read with its lower end.
        let joiner = |t: Option<&Tok>| t == Some(&Tok::Dash) || is_word(t, &["to", "bis", "or", "oder"]);
        if i >= 2 && joiner(toks.get(i - 1)) && as_number(toks.get(i - 2)).is_some() {
            continue;
        }
        let mut j = i + 1;
        let mut strong = false;
        if toks.get(j) == Some(&Tok::Plus) {
            strong = true;
            j += 1;
        }
        if joiner(toks.get(j)) && as_number(toks.get(j + 1)).is_some() {
            strong = true;
            j += 2;
            if toks.get(j) == Some(&Tok::Plus) {
                j += 1;
            }
        }
        while is_word(toks.get(j), &["or", "more", "oder", "mehr", "plus"]) {
            strong = true;
            j += 1;
        }
        if !is_word(toks.get(j), &["years", "year", "yrs", "yr", "jahre", "jahren", "jahr", "jahres"]) {
            continue;
        }
        let end = j + 1;
        if toks.get(end) == Some(&Tok::Plus) {
            strong = true;
        }
        let before: Vec<&Tok> = toks[..i].iter().rev().take_while(|t| **t != Tok::Stop).take(8).collect();
        let after: Vec<&Tok> = toks[end..].iter().take_while(|t| **t != Tok::Stop).take(8).collect();
        let near = |words: &[&str], list: &[&Tok]| {
            list.iter().any(|t| matches!(t, Tok::Word(w) if words.iter().any(|k| w.contains(k))))
        };
        let own_history = before.iter().take(3).any(|t| {
            matches!(t, Tok::Word(w) if ["we", "our", "wir", "seit", "since", "founded"].contains(w)
                || w.starts_with("unser"))
        });
        if own_history || !(1..=15).contains(&low) {
            continue;
        }
        let experience = ["experien", "erfahrung", "berufs", "professional", "track"];
        let qualified = strong || near(QUALIFIERS, &before[..before.len().min(3)]);
        let follows =
            is_word(after.first().copied(), &["of", "in", "im", "as", "als", "working", "building"]);
        if near(&experience, &before) || near(&experience, &after) || (qualified && follows) {
            best = best.max(Some(low));
        }
    }
    best
}

/// Parses a résumé date as the first day of its span ("2019" → 1 January; "2019-03" → 1 March).
fn start_of(date: &str) -> Option<NaiveDate> {
    match date.len() {
        4 => NaiveDate::from_ymd_opt(date.parse().ok()?, 1, 1),
        7 => NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
    }
}

/// Parses a résumé end date as the day after the work ended: a month counts whole; a bare year
/// counts as ending mid-year (1 July), halfway between its first and last day.
fn end_of(date: &str) -> Option<NaiveDate> {
    match date.len() {
        4 => NaiveDate::from_ymd_opt(date.parse().ok()?, 7, 1),
        7 => {
            let first = start_of(date)?;
            let (y, m) =
                if first.month() == 12 { (first.year() + 1, 1) } else { (first.year(), first.month() + 1) };
            NaiveDate::from_ymd_opt(y, m, 1)
        }
        _ => start_of(date)?.checked_add_days(Days::new(1)),
    }
}

/// Years of work experience: the union of the work entries' date ranges (an open end is
/// `today`; overlapping jobs are not counted twice; future parts are cut at `today`). `None`
/// when no entry has a usable start date.
pub fn experience_years(work: &[Work], today: NaiveDate) -> Option<f64> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = work
        .iter()
        .filter_map(|w| {
            let start = start_of(&w.start_date.as_ref()?.0)?;
            let end = match &w.end_date {
                Some(d) => end_of(&d.0)?.min(today),
                None => today,
            };
            Some((start, end))
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort();
    let mut days = 0i64;
    let mut current: Option<(NaiveDate, NaiveDate)> = None;
    for (start, end) in spans {
        match current {
            Some((s, e)) if start <= e => current = Some((s, e.max(end))),
            _ => {
                if let Some((s, e)) = current {
                    days += (e - s).num_days().max(0);
                }
                current = Some((start, end));
            }
        }
    }
    if let Some((s, e)) = current {
        days += (e - s).num_days().max(0);
    }
    Some(days as f64 / 365.25)
}

/// The level that years of experience suggest: under 3 Junior, under 6 Mid, else Senior.
pub fn level_from_years(years: f64) -> Level {
    match years {
        y if y < 3.0 => Level::Junior,
        y if y < 6.0 => Level::Mid,
        // Staff, lead and head-of are roles a title states, not years: years alone make a
        // senior at most.
        _ => Level::Senior,
    }
}

/// The work entries, latest first (by start date; entries without one last).
pub fn latest_work(work: &[Work]) -> Vec<&Work> {
    let mut sorted: Vec<&Work> = work.iter().collect();
    sorted.sort_by(|a, b| {
        let key = |w: &Work| w.start_date.as_ref().and_then(|d| start_of(&d.0));
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    sorted
}

/// The profile's level: a level word in its label ("Senior Data Engineer"), else in its latest
/// position, else from its years (see [`level_from_years`]); Mid when nothing is known.
pub fn profile_level(profile: &Profile, years: Option<f64>) -> Level {
    let label = profile.resume.basics.label.as_deref().and_then(title_level);
    let latest = || {
        latest_work(&profile.resume.work).first().and_then(|w| w.position.as_deref()).and_then(title_level)
    };
    label.or_else(latest).or_else(|| years.map(level_from_years)).unwrap_or(Level::Mid)
}

/// The years in words, naming both levels near a boundary ("mid to senior" at 6 years).
fn years_words(years: f64) -> &'static str {
    let near = |edge: f64| (years - edge).abs() < 1.0;
    match years {
        y if y < 2.0 => "junior",
        _ if near(3.0) => "junior to mid",
        y if y < 5.0 => "mid",
        _ if near(6.0) => "mid to senior",
        y if y < 9.0 => "senior",
        _ if near(10.0) => "senior to staff",
        _ => "staff",
    }
}

fn years_phrase(years: f64) -> String {
    match years.floor() as u32 {
        0 => "less than a year".to_owned(),
        1 => "1 year".to_owned(),
        n => format!("{n} years"),
    }
}

/// How well a posting's level fits the profile, 0..1, with a plain reason, in the parent
/// module's bands: 1.0 at the same level or when the posting states none; one level up is a
/// gap (a step up a person may take; none when the profile has the years it asks for), one
/// level down a mismatch (they would hesitate: it pays
/// and grows like the level below); two or more levels away rule the job out. Years asked
/// beyond the profile's count on their own: up to two more is a gap, more a mismatch falling
/// by 0.08 a year; the lower of the two answers is the fit.
pub fn fit(profile: Level, years: Option<f64>, posting: Option<Level>, asked: Option<u32>) -> (f64, String) {
    let (mut score, mut reason) = match posting {
        None => (1.0, "no level stated".to_owned()),
        Some(level) => {
            let gap = i16::from(level.rank()) - i16::from(profile.rank());
            let way = if gap > 0 { "above" } else { "below" };
            match gap {
                0 => (1.0, format!("{} role, your level", level.name())),
                1 => (super::GAP, format!("{} role, one level above you", level.name())),
                -1 => (super::MISMATCH, format!("{} role, one level below you", level.name())),
                2 | -2 => (super::RULED_OUT, format!("{} role, two levels {way} you", level.name())),
                _ => (0.05, format!("{} role, far {way} your level", level.name())),
            }
        }
    };
    // A step up whose years the profile has is within reach ("Senior, 5+ years" at 5 years).
    if let (Some(level), Some(a), Some(y)) = (posting, asked, years) {
        if level.rank() == profile.rank() + 1 && y.floor() >= f64::from(a) {
            return (1.0, format!("{} role; asks for {a} years, you have {}", level.name(), years_phrase(y)));
        }
    }
    let short = asked.zip(years).map(|(a, y)| f64::from(a) - y.floor()).filter(|&gap| gap > 0.0);
    match (short, years) {
        (Some(gap), Some(y)) => {
            let for_years =
                if gap <= 2.0 { super::GAP } else { (super::MISMATCH - 0.08 * (gap - 3.0)).max(0.2) };
            score = score.min(for_years);
            reason = format!("{reason}; asks for {} years, you have {}", asked.unwrap_or(0), years_phrase(y));
        }
        (None, Some(y)) if posting.is_some_and(|p| p.rank() == profile.rank()) => {
            let name = posting.unwrap_or(profile).name();
            reason = format!("{name} role; you have {} ({})", years_phrase(y), years_words(y));
        }
        _ => {}
    }
    (score, reason)
}
