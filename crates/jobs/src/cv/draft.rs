//! The JSON Resume draft built from a CV's sections: basics, work, education, skills and
//! languages. It exists to keep the rule of the import in one place: every value is text found
//! in the document (dates only rewritten as `YYYY-MM`), a field not found is left out, and each
//! gap the user should fill is a warning rather than a guess.

use serde_json::{json, Map, Value};

use super::basics::{self, clean};
use super::entries::{self, Entry};
use super::lists::{language, skills, split_list};
use super::sections::{SectionKind, Sections};
use crate::profile::ProfileWarning;

fn warn(warnings: &mut Vec<ProfileWarning>, field: impl Into<String>, message: impl Into<String>) {
    warnings.push(ProfileWarning { field: field.into(), message: message.into() });
}

/// The draft of `sections`, and what it could not find.
pub fn build(sections: &Sections) -> (Value, Vec<ProfileWarning>) {
    let mut warnings = Vec::new();
    let all: Vec<String> = sections
        .header
        .iter()
        .chain(sections.sections.iter().flat_map(|s| s.lines.iter()))
        .cloned()
        .collect();
    let mut basics = basics::read(&sections.header, &all);
    if !basics.contains_key("name") {
        warn(&mut warnings, "basics.name", "no name found at the top of the CV; enter it by hand");
    }
    if !basics.contains_key("email") {
        warn(&mut warnings, "basics.email", "no email address found");
    }
    let summary = prose(&sections.lines_of(SectionKind::Summary));
    if !summary.is_empty() {
        basics.insert("summary".into(), json!(summary));
    }
    for s in &sections.sections {
        let field = format!("sections.{}", s.heading);
        match s.kind {
            SectionKind::Other => {
                warn(&mut warnings, field, format!("section '{}' not understood; not imported", s.heading))
            }
            SectionKind::Projects | SectionKind::Certifications => {
                warn(&mut warnings, field, format!("section '{}' is not imported; add it by hand", s.heading))
            }
            _ => {}
        }
    }
    let work = work(&sections.lines_of(SectionKind::Experience), &mut warnings);
    if work.is_empty() {
        warn(
            &mut warnings,
            "work",
            "no work experience found (a section headed Experience or Berufserfahrung)",
        );
    }
    let education = education(&sections.lines_of(SectionKind::Education), &mut warnings);
    let (skills, mut languages) = skills(&sections.lines_of(SectionKind::Skills));
    if skills.is_empty() {
        warn(&mut warnings, "skills", "no skills found (a section headed Skills or Kenntnisse)");
    }
    for line in sections.lines_of(SectionKind::Languages) {
        languages.extend(split_list(&clean(&line)).iter().filter_map(|item| language(item)));
    }
    let resume = json!({
        "basics": Value::Object(basics),
        "work": work,
        "education": education,
        "skills": skills,
        "languages": languages,
    });
    (resume, warnings)
}

fn prose(lines: &[String]) -> String {
    lines.iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Puts the range's dates on `obj`; reports a missing start and drops an end before the start.
fn dates(obj: &mut Map<String, Value>, entry: &Entry, field: &str, warnings: &mut Vec<ProfileWarning>) {
    let Some(range) = &entry.range else {
        warn(warnings, format!("{field}.startDate"), "no dates found for this entry");
        return;
    };
    // A single date on an education entry is when it ended (the degree's year).
    let (start, end) = match (&range.start, &range.end, range.present) {
        (Some(s), None, false) if field.starts_with("education") => (None, Some(s.clone())),
        (s, e, _) => (s.clone(), e.clone()),
    };
    if let Some(start) = &start {
        obj.insert("startDate".into(), json!(start));
    }
    match (&start, end) {
        (Some(s), Some(e)) if e[..4] < s[..4] || (e.len() == s.len() && e < *s) => {
            warn(warnings, format!("{field}.endDate"), format!("end {e} is before start {s}; left out"));
        }
        (_, Some(e)) => {
            obj.insert("endDate".into(), json!(e));
        }
        _ => {}
    }
    if start.is_none() && !field.starts_with("education") {
        warn(warnings, format!("{field}.startDate"), "no start date found for this entry");
    }
}

fn work(lines: &[String], warnings: &mut Vec<ProfileWarning>) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in entries::group(lines) {
        let field = format!("work[{}]", out.len());
        let (position, company, location) = entries::position_and_company(&entry.titles);
        let mut obj = Map::new();
        match company {
            Some(c) => {
                obj.insert("name".into(), json!(c));
            }
            None => warn(warnings, format!("{field}.name"), "no employer found for this entry"),
        }
        if let Some(p) = position {
            obj.insert("position".into(), json!(p));
        }
        if let Some(l) = location {
            obj.insert("location".into(), json!(l));
        }
        dates(&mut obj, &entry, &field, warnings);
        if !entry.prose.is_empty() {
            obj.insert("summary".into(), json!(entry.prose.join(" ")));
        }
        obj.insert("highlights".into(), json!(entry.bullets));
        out.push(Value::Object(obj));
    }
    out
}

const DEGREES: &[&str] = &[
    "master of business administration",
    "bachelor of engineering",
    "master of engineering",
    "bachelor of science",
    "master of science",
    "bachelor of arts",
    "master of arts",
    "bachelor of laws",
    "master of laws",
    "dipl.-ing.",
    "dipl.-inf.",
    "dipl.-kfm.",
    "dipl.-kff.",
    "diplom-ingenieur",
    "diplom",
    "bachelor",
    "master",
    "b.sc.",
    "m.sc.",
    "b.eng.",
    "m.eng.",
    "b.a.",
    "m.a.",
    "bsc",
    "msc",
    "mba",
    "ph.d.",
    "phd",
    "dr.",
    "promotion",
    "doctorate",
    "abitur",
    "staatsexamen",
    "magister",
    "ausbildung",
    "fachabitur",
    "mittlere reife",
    "realschulabschluss",
    "diploma",
    "associate degree",
];

/// `(studyType, area)` from a degree line: "M.Sc. Computer Science", "Bachelor of Science in
/// Informatik", "Ausbildung zum Fachinformatiker".
fn degree(line: &str) -> Option<(String, Option<String>)> {
    let lower = line.to_lowercase();
    let found = DEGREES.iter().find(|d| {
        lower.starts_with(*d)
            && lower[d.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() || d.ends_with('.'))
    });
    let Some(d) = found else {
        return lower.contains(" in ").then(|| {
            let (t, a) = line.split_once(" in ").unwrap_or((line, ""));
            (t.trim().to_owned(), Some(a.trim().to_owned()).filter(|a| !a.is_empty()))
        });
    };
    let study = line[..d.len()].trim().to_owned();
    let mut rest = line[d.len()..].trim();
    for lead in ["in ", "of ", "im ", "zum ", "zur ", "der ", ",", ":", "–", "-", "("] {
        rest = rest.strip_prefix(lead).unwrap_or(rest).trim();
    }
    let rest = rest.trim_end_matches(')').trim();
    Some((study, Some(rest.to_owned()).filter(|r| !r.is_empty())))
}

fn education(lines: &[String], warnings: &mut Vec<ProfileWarning>) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in entries::group(lines).into_iter().filter(|e| !e.titles.is_empty()) {
        let field = format!("education[{}]", out.len());
        let mut parts: Vec<String> = Vec::new();
        for title in &entry.titles {
            let split: Vec<&str> =
                title.split([',', '|', '—', '–']).map(str::trim).filter(|p| !p.is_empty()).collect();
            let keep_whole = split.len() > 1
                && split.iter().all(|p| degree(p).is_none() && !entries::looks_like_company(p));
            if keep_whole || split.len() <= 1 {
                parts.push(title.clone());
            } else {
                parts.extend(split.iter().map(|s| s.to_string()));
            }
        }
        let mut obj = Map::new();
        let degree_at = parts.iter().position(|p| degree(p).is_some());
        if let Some(i) = degree_at {
            let (study, area) = degree(&parts[i]).unwrap_or_default();
            obj.insert("studyType".into(), json!(study));
            if let Some(area) = area {
                obj.insert("area".into(), json!(area));
            }
        }
        let institution = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != degree_at)
            .map(|(_, p)| p)
            .find(|p| entries::looks_like_company(p))
            .or_else(|| parts.iter().enumerate().find(|(i, _)| Some(*i) != degree_at).map(|(_, p)| p));
        match institution {
            Some(inst) => {
                obj.insert("institution".into(), json!(inst));
            }
            None => warn(warnings, format!("{field}.institution"), "no school or university found"),
        }
        if degree_at.is_none() {
            warn(warnings, format!("{field}.studyType"), "no degree found");
        }
        dates(&mut obj, &entry, &field, warnings);
        if !entry.bullets.is_empty() {
            obj.insert("courses".into(), json!(entry.bullets));
        }
        out.push(Value::Object(obj));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees() {
        assert_eq!(degree("M.Sc. Computer Science"), Some(("M.Sc.".into(), Some("Computer Science".into()))));
        assert_eq!(
            degree("Bachelor of Science in Informatik"),
            Some(("Bachelor of Science".into(), Some("Informatik".into())))
        );
        assert_eq!(degree("Abitur"), Some(("Abitur".into(), None)));
    }
}
