//! The user's profile: a JSON Resume document (basics, work, education, skills with keywords,
//! languages, projects) plus search preferences. Everything the CV says comes from here, so
//! a bad file is rejected with the path of the bad field (`work[2].startDate: not a date`).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{Error, Result};

/// A JSON Resume date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct ResumeDate(pub String);

impl<'de> Deserialize<'de> for ResumeDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if is_resume_date(&s) {
            Ok(Self(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, got {s:?})"
            )))
        }
    }
}

fn is_resume_date(s: &str) -> bool {
    match s.len() {
        4 => s.parse::<u16>().is_ok(),
        7 => chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok(),
        10 => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Location {
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country_code: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SocialProfile {
    pub network: Option<String>,
    pub username: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Basics {
    pub name: String,
    pub label: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub location: Option<Location>,
    pub profiles: Vec<SocialProfile>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Work {
    pub name: Option<String>,
    pub position: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub start_date: Option<ResumeDate>,
    pub end_date: Option<ResumeDate>,
    pub summary: Option<String>,
    pub highlights: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Education {
    pub institution: Option<String>,
    pub url: Option<String>,
    pub area: Option<String>,
    pub study_type: Option<String>,
    pub start_date: Option<ResumeDate>,
    pub end_date: Option<ResumeDate>,
    pub score: Option<String>,
    pub courses: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Skill {
    pub name: String,
    pub level: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Language {
    pub language: String,
    pub fluency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    pub name: String,
    pub description: Option<String>,
    pub highlights: Vec<String>,
    pub keywords: Vec<String>,
    pub start_date: Option<ResumeDate>,
    pub end_date: Option<ResumeDate>,
    pub url: Option<String>,
}

/// The JSON Resume document (the fields JobHunter uses; unknown ones are kept out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Resume {
    pub basics: Basics,
    pub work: Vec<Work>,
    pub education: Vec<Education>,
    pub skills: Vec<Skill>,
    pub languages: Vec<Language>,
    pub projects: Vec<Project>,
}

/// What the user is looking for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    /// Search phrases: a string (one phrase) or a list.
    #[serde(deserialize_with = "crate::keywords::deserialize")]
    #[schemars(schema_with = "crate::keywords::schema")]
    pub keywords: Vec<String>,
    pub locations: Vec<String>,
    pub remote_ok: bool,
    /// Yearly, in `salary_currency` when given.
    pub min_salary: Option<f64>,
    pub salary_currency: Option<String>,
    pub excluded_companies: Vec<String>,
    pub excluded_title_words: Vec<String>,
    pub must_have_skills: Vec<String>,
}

/// A profile: the JSON Resume plus search preferences. In a file, `preferences` is an optional
/// object beside the resume's sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    pub resume: Resume,
    #[serde(default)]
    pub preferences: Preferences,
}

impl Profile {
    /// Parses and validates a profile document; errors name the path of the bad field.
    pub fn from_json(text: &str) -> Result<Self> {
        let mut doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::Invalid(format!("not valid JSON: {e}")))?;
        let Some(object) = doc.as_object_mut() else {
            return Err(Error::Invalid(
                "expected a JSON Resume object ({\"basics\": ..., \"work\": ...})".into(),
            ));
        };
        let preferences = object.remove("preferences").unwrap_or_default();
        let resume: Resume = typed(&doc, "")?;
        let preferences: Preferences =
            if preferences.is_null() { Preferences::default() } else { typed(&preferences, "preferences.")? };
        let profile = Profile { resume, preferences };
        profile.validate()?;
        Ok(profile)
    }

    /// The document form: the resume's sections with `preferences` beside them.
    pub fn to_document(&self) -> serde_json::Value {
        let mut doc = serde_json::to_value(&self.resume).unwrap_or_default();
        if let Some(object) = doc.as_object_mut() {
            object.insert("preferences".into(), serde_json::to_value(&self.preferences).unwrap_or_default());
        }
        doc
    }

    fn validate(&self) -> Result<()> {
        if self.resume.basics.name.trim().is_empty() {
            return Err(Error::Invalid("basics.name: required (the name printed on the CV)".into()));
        }
        if let Some(email) = &self.resume.basics.email {
            if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
                return Err(Error::Invalid(format!("basics.email: not an email address ({email:?})")));
            }
        }
        for (i, w) in self.resume.work.iter().enumerate() {
            if let (Some(start), Some(end)) = (&w.start_date, &w.end_date) {
                if end < start {
                    return Err(Error::Invalid(format!(
                        "work[{i}].endDate: before startDate ({} < {})",
                        end.0, start.0
                    )));
                }
            }
        }
        for (i, s) in self.resume.skills.iter().enumerate() {
            if s.name.trim().is_empty() && s.keywords.is_empty() {
                return Err(Error::Invalid(format!("skills[{i}].name: required")));
            }
        }
        if let Some(min) = self.preferences.min_salary {
            if !(min.is_finite() && min >= 0.0) {
                return Err(Error::Invalid(format!(
                    "preferences.min_salary: must be a positive number, got {min}"
                )));
            }
        }
        Ok(())
    }

    /// Every skill name and keyword, lower-cased and de-duplicated, in profile order.
    pub fn skill_terms(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let names = self.resume.skills.iter().flat_map(|s| std::iter::once(&s.name).chain(&s.keywords));
        let projects = self.resume.projects.iter().flat_map(|p| &p.keywords);
        for term in names.chain(projects) {
            let t = term.trim().to_lowercase();
            if !t.is_empty() && seen.insert(t.clone()) {
                out.push(t);
            }
        }
        out
    }
}

/// Deserializes `value`, naming the bad field's path (under `prefix`) on failure.
fn typed<T: serde::de::DeserializeOwned>(value: &serde_json::Value, prefix: &str) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match path.as_str() {
            "." if prefix.is_empty() => Error::Invalid(inner.to_string()),
            "." => Error::Invalid(format!("{}: {inner}", prefix.trim_end_matches('.'))),
            _ => Error::Invalid(format!("{prefix}{path}: {inner}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "basics": {"name": "Ada Lovelace", "email": "ada@example.org", "label": "Backend engineer"},
        "work": [
            {"name": "Analytical Engines", "position": "Engineer", "startDate": "2020-01", "endDate": "2023-06",
             "highlights": ["Built a Rust job scheduler"]},
            {"name": "Notes Inc", "position": "Intern", "startDate": "2019"}
        ],
        "skills": [{"name": "Rust", "level": "Expert", "keywords": ["tokio", "sqlx"]}, {"name": "SQL"}],
        "languages": [{"language": "English", "fluency": "Native"}],
        "preferences": {"keywords": ["rust"], "remote_ok": true, "min_salary": 70000, "must_have_skills": ["rust"]}
    }"#;

    #[test]
    fn parses_a_json_resume_with_preferences() {
        let p = Profile::from_json(GOOD).unwrap();
        assert_eq!(p.resume.basics.name, "Ada Lovelace");
        assert_eq!(p.resume.work[0].start_date, Some(ResumeDate("2020-01".into())));
        assert!(p.preferences.remote_ok);
        assert_eq!(p.skill_terms(), ["rust", "tokio", "sqlx", "sql"]);
    }

    #[test]
    fn preference_keywords_may_be_one_phrase() {
        let one = GOOD
            .replace(r#""keywords": ["rust"], "remote_ok""#, r#""keywords": "Data Engineer", "remote_ok""#);
        assert_eq!(Profile::from_json(&one).unwrap().preferences.keywords, ["Data Engineer"]);
        let bad = GOOD.replace(r#""keywords": ["rust"], "remote_ok""#, r#""keywords": 42, "remote_ok""#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert!(err.contains("preferences.keywords"), "{err}");
    }

    #[test]
    fn bad_fields_are_named_by_path() {
        let bad = GOOD.replace(r#""startDate": "2019""#, r#""startDate": "last spring""#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert!(err.starts_with("work[1].startDate: not a date"), "{err}");

        let bad = GOOD.replace(r#""min_salary": 70000"#, r#""min_salary": "lots""#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert!(err.starts_with("preferences.min_salary: invalid type"), "{err}");

        let bad = GOOD.replace(r#""endDate": "2023-06""#, r#""endDate": "2018-01""#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert_eq!(err, "work[0].endDate: before startDate (2018-01 < 2020-01)");

        let err = Profile::from_json(r#"{"basics": {}}"#).unwrap_err().to_string();
        assert!(err.starts_with("basics.name: required"), "{err}");

        let err = Profile::from_json("{not json").unwrap_err().to_string();
        assert!(err.starts_with("not valid JSON: key must be a string"), "{err}");

        let bad = GOOD.replace(r#""2020-01""#, r#""2020-13""#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert!(err.starts_with("work[0].startDate: not a date"), "{err}");
    }
}
