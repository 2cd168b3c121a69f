//! Checks a CV's Markdown against the profile, independently of how the CV was made: it reads
//! the headings, paragraphs and bullets back and asks, for every employer, job title, skill and
//! date, whether the profile has it. A line the generator invented (a fake employer, a skill the
//! profile lacks, a changed date) is reported as [`Ungrounded`].
//!
//! The rules follow the CV layout of [`super::tailor_cv`]: `### Position — Employer` starts a job
//! whose date line and bullets must be that job's; the key skills and the skill groups must be
//! profile skill terms; every other line must be profile text joined by the CV's separators.
//! Pure: no I/O.

use std::collections::HashSet;

use crate::profile::{Profile, ResumeDate, Work};

use super::{
    CV_HEADINGS, HEADING_EDUCATION, HEADING_EXPERIENCE, HEADING_KEY_SKILLS, HEADING_LANGUAGES,
    HEADING_PROJECTS, HEADING_SKILLS, HEADING_SUMMARY,
};

/// Separators the CV joins profile strings with on one line.
const SEPARATORS: [&str; 7] = [" · ", " — ", " – ", ", ", ": ", " (", ")"];

/// A CV line that the profile does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ungrounded {
    /// The section heading it is under ("" above the first one).
    pub section: String,
    pub line: String,
    /// What is not in the profile: "employer", "job title", "skill", "date", "school", "text"…
    pub what: &'static str,
}

/// Every line of `markdown` (a CV from [`super::tailor_cv`]) that is not grounded in `profile`.
pub fn check_cv_markdown(markdown: &str, profile: &Profile) -> Vec<Ungrounded> {
    let r = &profile.resume;
    let opt = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let day = |d: &Option<ResumeDate>| d.as_ref().map(|d| d.0.clone()).unwrap_or_default();
    let skill_terms: HashSet<String> = r
        .skills
        .iter()
        .flat_map(|s| std::iter::once(&s.name).chain(&s.keywords))
        .chain(r.projects.iter().flat_map(|p| &p.keywords))
        .map(|t| t.trim().to_owned())
        .collect();
    let b = &r.basics;
    let mut basics: Vec<String> = vec![b.name.trim().to_owned(), opt(&b.label), opt(&b.email), opt(&b.phone)];
    basics.push(opt(&b.url));
    if let Some(l) = &b.location {
        basics.extend([opt(&l.city), opt(&l.country_code)]);
    }
    basics.extend(b.profiles.iter().map(|p| opt(&p.url)));
    let languages: Vec<String> =
        r.languages.iter().flat_map(|l| [l.language.trim().to_owned(), opt(&l.fluency)]).collect();

    let mut out = Vec::new();
    let mut section = String::new();
    // The job (or project, or education entry) the lines below a `###` heading belong to.
    let mut entry: Option<Vec<String>> = None;
    let mut entry_dates: Vec<String> = Vec::new();
    let mut entry_places: Vec<String> = Vec::new();
    for raw in markdown.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut flag = |line: &str, what: &'static str| {
            out.push(Ungrounded { section: section.clone(), line: line.to_owned(), what });
        };
        if let Some(h) = raw.strip_prefix("## ") {
            if !CV_HEADINGS.contains(&h) {
                flag(raw, "section");
            }
            section = h.to_owned();
            entry = None;
            continue;
        }
        if let Some(name) = raw.strip_prefix("# ") {
            if name != b.name.trim() {
                flag(raw, "name");
            }
            continue;
        }
        let (heading, text) = match raw.strip_prefix("### ") {
            Some(t) => (true, t),
            None => (false, raw.strip_prefix("- ").unwrap_or(raw)),
        };
        match section.as_str() {
            "" => {
                if !is_join(text, &basics) {
                    flag(raw, "contact detail");
                }
            }
            HEADING_SUMMARY => {
                if !opt(&b.summary).lines().any(|l| l.trim() == text) {
                    flag(raw, "text");
                }
            }
            HEADING_KEY_SKILLS => {
                if text.split(" · ").any(|s| !skill_terms.contains(s)) {
                    flag(raw, "skill");
                }
            }
            HEADING_SKILLS => {
                let ok = r.skills.iter().any(|s| {
                    let mut pieces: Vec<String> = s.keywords.iter().map(|k| k.trim().to_owned()).collect();
                    pieces.extend([s.name.trim().to_owned(), opt(&s.level)]);
                    text.starts_with(s.name.trim()) && is_join(text, &pieces)
                });
                if !ok {
                    flag(raw, "skill");
                }
            }
            HEADING_LANGUAGES => {
                if !is_join(text, &languages) {
                    flag(raw, "language");
                }
            }
            HEADING_EXPERIENCE | HEADING_PROJECTS | HEADING_EDUCATION if heading => {
                let found = match section.as_str() {
                    HEADING_EXPERIENCE => find_job(&r.work, text).map(|w| {
                        let mut texts = w.highlights.clone();
                        texts.extend([opt(&w.summary)]);
                        (texts, vec![day(&w.start_date), day(&w.end_date)], vec![opt(&w.location)])
                    }),
                    HEADING_PROJECTS => r.projects.iter().find(|p| p.name.trim() == text).map(|p| {
                        let mut texts = p.highlights.clone();
                        texts.extend([opt(&p.description)]);
                        (texts, vec![day(&p.start_date), day(&p.end_date)], vec![opt(&p.url)])
                    }),
                    _ => r
                        .education
                        .iter()
                        .find(|e| is_join(text, &[opt(&e.study_type), opt(&e.area), opt(&e.institution)]))
                        .map(|e| (e.courses.clone(), vec![day(&e.start_date), day(&e.end_date)], vec![])),
                };
                match found {
                    Some((texts, dates, places)) => {
                        entry = Some(texts.iter().map(|t| t.trim().to_owned()).collect());
                        entry_dates = dates;
                        entry_places = places;
                    }
                    None => {
                        entry = None;
                        let what = match section.as_str() {
                            HEADING_EXPERIENCE => job_fault(&r.work, text),
                            HEADING_PROJECTS => "project",
                            _ => "school",
                        };
                        flag(raw, what);
                    }
                }
            }
            HEADING_EXPERIENCE | HEADING_PROJECTS | HEADING_EDUCATION => {
                let Some(texts) = &entry else {
                    flag(raw, "text outside a known entry");
                    continue;
                };
                let own = texts.iter().any(|t| t == text) || is_join(text, texts);
                let place = |p: &str| entry_places.iter().any(|x| x == p);
                let dated = text.split(" · ").all(|p| !dates_in(p).is_empty() || place(p));
                if own || place(text) {
                    continue;
                }
                if !dates_in(text).is_empty() && dated {
                    // The date line: every date is the entry's, the rest its place or link.
                    if dates_in(text).iter().any(|d| !entry_dates.contains(d)) {
                        flag(raw, "date");
                    }
                } else {
                    flag(raw, "text");
                }
            }
            _ => flag(raw, "text"),
        }
    }
    out
}

/// The job whose position and employer make `heading` ("Position — Employer", or one of them).
fn find_job<'a>(work: &'a [Work], heading: &str) -> Option<&'a Work> {
    let t = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    work.iter().find(|w| {
        let (p, c) = (t(&w.position), t(&w.name));
        let full = [p.as_str(), c.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — ");
        !full.is_empty() && full == heading
    })
}

/// Why a job heading matches no job: an invented employer, or an invented title.
fn job_fault(work: &[Work], heading: &str) -> &'static str {
    let employers: HashSet<&str> = work.iter().filter_map(|w| w.name.as_deref().map(str::trim)).collect();
    match heading.rsplit_once(" — ") {
        Some((_, employer)) if !employers.contains(employer) => "employer",
        Some(_) => "job title",
        None => "employer or job title",
    }
}

/// The dates in `text`: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (years 1900–2099) standing alone.
pub(super) fn dates_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| {
            let parts: Vec<&str> = w.split('-').collect();
            let year = parts[0].len() == 4 && (parts[0].starts_with("19") || parts[0].starts_with("20"));
            year && parts.len() <= 3 && parts[1..].iter().all(|p| p.len() == 2)
        })
        .map(str::to_owned)
        .collect()
}

/// Whether `text` is made of `pieces` (non-empty ones) joined by the CV's separators, with no
/// two pieces touching.
fn is_join(text: &str, pieces: &[String]) -> bool {
    let pieces: Vec<&str> = pieces.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if text.is_empty() || pieces.is_empty() {
        return false;
    }
    // reach[i] = (after a piece, after a separator) reachable at byte i.
    let mut reach = vec![(false, false); text.len() + 1];
    reach[0].1 = true;
    for i in 0..text.len() {
        let (after_piece, after_sep) = reach[i];
        if !(after_piece || after_sep) || !text.is_char_boundary(i) {
            continue;
        }
        let rest = &text[i..];
        if after_sep {
            for p in pieces.iter().filter(|p| rest.starts_with(**p)) {
                reach[i + p.len()].0 = true;
            }
        }
        for s in SEPARATORS.iter().filter(|s| rest.starts_with(**s)) {
            reach[i + s.len()].1 = true;
        }
    }
    reach[text.len()].0 || (reach[text.len()].1 && text.ends_with(')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_dates() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_join("German (Native) · English", &p(&["German", "Native", "English"])));
        assert!(is_join("Excel (A, B), SAP", &p(&["Excel (A, B)", "SAP"])));
        assert!(!is_join("GermanEnglish", &p(&["German", "English"])));
        assert!(!is_join("German · Klingon", &p(&["German"])));
        assert_eq!(dates_in("2019-01 – 2021-02 · Berlin"), ["2019-01", "2021-02"]);
        assert_eq!(dates_in("2021 –"), ["2021"]);
        assert!(dates_in("cut p99 latency from 480 ms").is_empty());
    }
}
