//! Where each line of a tailored CV comes from: for every line the CV prints, the profile facts
//! it is made of, each named by its JSON Resume path (`work[1].highlights[2]`,
//! `skills[3].name`, `basics.summary`), with the fact's text read back from the profile at that
//! path and a label in plain words ("Your job at Acme, highlight 3", "Your skills: Rust").
//!
//! The CV generator records the paths while it lays out the CV ([`TailoredCv::sourced_lines`]);
//! this module resolves them against the profile, so a path that does not lead to a profile
//! fact is visible as a fact without text (and the grounding test fails on it). Stored beside
//! the CV's files as `<name>.sources.json` ([`sources_path`]) and shown next to the preview.
//!
//! Pure: no I/O, no clock.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::profile::Profile;

use super::TailoredCv;

/// One profile fact a CV line uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SourceFact {
    /// The JSON Resume path of the fact: `work[1].highlights[2]`, `basics.summary`.
    pub field: String,
    /// The fact's text as the profile has it; `None` if the path leads to no text (a bug).
    pub text: Option<String>,
    /// The field in plain words: "Your job at Acme, highlight 3".
    pub label: String,
}

/// One printed line of the CV and the facts it is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SourcedLine {
    /// The CV section heading the line is under (`None` above the first heading).
    pub section: Option<String>,
    /// The line as printed (without Markdown marks).
    pub text: String,
    pub facts: Vec<SourceFact>,
}

/// Every fact-bearing line of one CV, in the CV's order (fixed headings are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CvSources {
    pub lines: Vec<SourcedLine>,
}

impl CvSources {
    /// The facts whose path leads to no text in the profile (empty for a grounded CV).
    pub fn unresolved(&self) -> Vec<&SourceFact> {
        self.lines.iter().flat_map(|l| &l.facts).filter(|f| f.text.is_none()).collect()
    }
}

/// Where the sources of the document at `document` are kept: `cv-acme-1234.pdf` (or `.md`) →
/// `cv-acme-1234.sources.json` in the same folder.
pub fn sources_path(document: &Path) -> PathBuf {
    document.with_extension("sources.json")
}

/// The sources of `cv`, which [`super::tailor_cv`] made from `profile`.
pub fn cv_sources(cv: &TailoredCv, profile: &Profile) -> CvSources {
    let resume = serde_json::to_value(&profile.resume).unwrap_or_default();
    let mut section = None;
    let mut lines = Vec::new();
    for (block, fields) in cv.sourced_lines() {
        if fields.is_empty() {
            if block.style == super::pdf::Style::Heading {
                section = Some(block.text.clone());
            }
            continue;
        }
        let facts = fields
            .iter()
            .map(|field| SourceFact {
                field: field.clone(),
                text: resolve(&resume, field).map(|t| t.trim().to_owned()),
                label: describe(&resume, field),
            })
            .collect();
        lines.push(SourcedLine { section: section.clone(), text: block.text.trim().to_owned(), facts });
    }
    CvSources { lines }
}

/// `work[1].highlights[2]` → `["work", 1, "highlights", 2]` as JSON pointer steps.
fn steps(field: &str) -> Vec<String> {
    field.split(['.', '[']).map(|s| s.trim_end_matches(']').to_owned()).filter(|s| !s.is_empty()).collect()
}

/// The text at `field` in the resume's JSON form (strings only).
fn resolve(resume: &Value, field: &str) -> Option<String> {
    let pointer: String = steps(field).iter().map(|s| format!("/{s}")).collect();
    resume.pointer(&pointer)?.as_str().map(str::to_owned)
}

fn text_at(resume: &Value, pointer: &str) -> Option<String> {
    resume
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// `field` in words, for a job seeker.
fn describe(resume: &Value, field: &str) -> String {
    let s = steps(field);
    let part = |i: usize| s.get(i).map(String::as_str).unwrap_or("");
    let index = |i: usize| part(i).parse::<usize>().ok();
    let nth = |i: usize| index(i).map_or(0, |n| n + 1);
    match part(0) {
        "basics" => match (part(1), part(2)) {
            ("name", _) => "Your name".into(),
            ("label", _) => "Your headline".into(),
            ("summary", _) => "Your summary".into(),
            ("email", _) => "Your email address".into(),
            ("phone", _) => "Your phone number".into(),
            ("url", _) => "Your web site".into(),
            ("location", "city") => "Your city".into(),
            ("location", _) => "Your country".into(),
            ("profiles", _) => {
                let network = text_at(resume, &format!("/basics/profiles/{}/network", part(2)));
                network.map_or("Your online profile".into(), |n| format!("Your online profile ({n})"))
            }
            _ => "Your details".into(),
        },
        "work" => {
            let at = format!("/work/{}", part(1));
            let owner =
                match (text_at(resume, &format!("{at}/name")), text_at(resume, &format!("{at}/position"))) {
                    (Some(company), _) => format!("Your job at {company}"),
                    (None, Some(position)) => format!("Your job as {position}"),
                    (None, None) => format!("Your job {}", nth(1)),
                };
            let what = match part(2) {
                "name" => "employer".into(),
                "position" => "job title".into(),
                "startDate" => "start date".into(),
                "endDate" => "end date".into(),
                "location" => "place".into(),
                "summary" => "summary".into(),
                "highlights" => format!("highlight {}", nth(3)),
                other => other.to_owned(),
            };
            format!("{owner}, {what}")
        }
        "projects" => {
            let name = text_at(resume, &format!("/projects/{}/name", part(1)));
            let owner = name.map_or(format!("Your project {}", nth(1)), |n| format!("Your project {n}"));
            let what = match part(2) {
                "name" => "name".into(),
                "description" => "description".into(),
                "url" => "link".into(),
                "startDate" => "start date".into(),
                "endDate" => "end date".into(),
                "highlights" => format!("highlight {}", nth(3)),
                "keywords" => format!("skill {}", text_at(resume, &pointer_of(&s)).unwrap_or_default()),
                other => other.to_owned(),
            };
            format!("{owner}, {what}")
        }
        "education" => {
            let at = format!("/education/{}", part(1));
            let owner = text_at(resume, &format!("{at}/institution"))
                .map_or(format!("Your education {}", nth(1)), |i| format!("Your education at {i}"));
            let what = match part(2) {
                "institution" => "school".into(),
                "studyType" => "degree".into(),
                "area" => "subject".into(),
                "startDate" => "start date".into(),
                "endDate" => "end date".into(),
                "courses" => format!("course {}", nth(3)),
                other => other.to_owned(),
            };
            format!("{owner}, {what}")
        }
        "skills" => {
            let group = text_at(resume, &format!("/skills/{}/name", part(1))).unwrap_or_default();
            match part(2) {
                "keywords" => {
                    let keyword = text_at(resume, &pointer_of(&s)).unwrap_or_default();
                    format!("Your skills: {keyword} (under {group})")
                }
                "level" => format!("Your skills: {group}, level"),
                _ => format!("Your skills: {group}"),
            }
        }
        "languages" => {
            let language = text_at(resume, &format!("/languages/{}/language", part(1))).unwrap_or_default();
            match part(2) {
                "fluency" => format!("Your languages: {language}, how well"),
                _ => format!("Your languages: {language}"),
            }
        }
        _ => format!("Your profile ({field})"),
    }
}

fn pointer_of(steps: &[String]) -> String {
    steps.iter().map(|s| format!("/{s}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resume() -> Value {
        serde_json::json!({
            "basics": {"name": "Ada", "profiles": [{"network": "GitHub", "url": "https://x"}]},
            "work": [{"name": "Acme", "position": "Engineer", "highlights": ["a", "b", "c"]},
                     {"position": "Cook"}],
            "skills": [{"name": "Backend", "keywords": ["Rust", "Tokio"]}],
            "projects": [{"name": "jh", "keywords": ["SQLite"]}],
            "education": [{"institution": "TUM", "courses": ["DB"]}],
            "languages": [{"language": "German", "fluency": "Native"}]
        })
    }

    #[test]
    fn fields_resolve_to_the_profile_text() {
        let r = resume();
        assert_eq!(resolve(&r, "work[0].highlights[2]").as_deref(), Some("c"));
        assert_eq!(resolve(&r, "skills[0].keywords[1]").as_deref(), Some("Tokio"));
        assert_eq!(resolve(&r, "basics.name").as_deref(), Some("Ada"));
        assert_eq!(resolve(&r, "work[5].name"), None);
        assert_eq!(resolve(&r, "work[0]"), None, "an object is not a fact's text");
    }

    #[test]
    fn fields_in_plain_words() {
        let r = resume();
        assert_eq!(describe(&r, "work[0].highlights[2]"), "Your job at Acme, highlight 3");
        assert_eq!(describe(&r, "work[1].position"), "Your job as Cook, job title");
        assert_eq!(describe(&r, "skills[0].name"), "Your skills: Backend");
        assert_eq!(describe(&r, "skills[0].keywords[0]"), "Your skills: Rust (under Backend)");
        assert_eq!(describe(&r, "projects[0].keywords[0]"), "Your project jh, skill SQLite");
        assert_eq!(describe(&r, "education[0].courses[0]"), "Your education at TUM, course 1");
        assert_eq!(describe(&r, "languages[0].fluency"), "Your languages: German, how well");
        assert_eq!(describe(&r, "basics.profiles[0].url"), "Your online profile (GitHub)");
        assert_eq!(describe(&r, "basics.summary"), "Your summary");
    }

    #[test]
    fn sources_sit_beside_the_document() {
        assert_eq!(sources_path(Path::new("/d/cv-acme-12.pdf")), PathBuf::from("/d/cv-acme-12.sources.json"));
        assert_eq!(sources_path(Path::new("/d/cv-acme-12.md")), PathBuf::from("/d/cv-acme-12.sources.json"));
    }
}
