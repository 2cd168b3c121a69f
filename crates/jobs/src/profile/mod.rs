//! The user's profile: a JSON Resume document (every section of the schema) plus search
//! preferences. Everything the CV says comes from here, so a bad file is rejected with the path
//! of the bad field (`work[2].startDate: not a date`). Older JSON Resume keys are read as the
//! current ones and unknown résumé keys are kept, both reported as [`ProfileWarning`]s; unknown
//! preference keys are errors (they configure behaviour).

mod legacy;
mod resume;

pub use legacy::ProfileWarning;
pub use resume::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::posting::SalaryInterval;
use crate::{Error, Result};

/// What the user is looking for. Every key is optional, so older documents (with only
/// `remote_ok` for the workplace) still load and score as they did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    /// Search phrases: a string (one phrase) or a list.
    #[serde(deserialize_with = "crate::keywords::deserialize")]
    #[schemars(schema_with = "crate::keywords::schema")]
    pub keywords: Vec<String>,
    pub locations: Vec<String>,
    /// Older key: remote jobs are fine. Still read; see [`Preferences::accepts_remote`] and
    /// [`Preferences::workplace_preference`] for how it combines with `workplace`.
    pub remote_ok: bool,
    /// Where the user wants to work; `None` (older documents) means anything, on site included.
    pub workplace: Option<WorkplacePreference>,
    /// Countries where the user may work, as typed (ISO 3166 alpha-2 codes or names), trimmed.
    #[serde(deserialize_with = "trimmed_list")]
    pub work_countries: Vec<String>,
    /// In `salary_currency` when given, per `salary_interval` (a year when not given).
    pub min_salary: Option<f64>,
    pub salary_currency: Option<String>,
    /// The period `min_salary` is for; `None` means a year.
    pub salary_interval: Option<SalaryInterval>,
    /// Languages the user works in, as typed, trimmed (not scored yet).
    #[serde(deserialize_with = "trimmed_list")]
    pub languages: Vec<String>,
    pub excluded_companies: Vec<String>,
    pub excluded_title_words: Vec<String>,
    /// Seniority levels to leave out ("intern", "junior", "head of", "principal"), as typed,
    /// trimmed; matched as whole words in job titles.
    #[serde(deserialize_with = "trimmed_list")]
    pub excluded_seniority: Vec<String>,
    pub must_have_skills: Vec<String>,
}

/// Where the user wants to work, from the narrowest to the broadest. Every choice accepts
/// fully remote jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkplacePreference {
    /// Fully remote jobs only.
    RemoteOnly,
    /// Remote or hybrid; not fully on site.
    HybridOk,
    /// Anything, on site included.
    OnsiteOk,
}

impl Preferences {
    /// The workplace preference in effect. Without `workplace` (older documents) it is
    /// [`WorkplacePreference::OnsiteOk`] whatever `remote_ok` says: `remote_ok: true` only
    /// meant that remote jobs are fine too, never that on-site ones are not, and
    /// `remote_ok: false` never ruled a workplace out. So an older document gets no workplace
    /// penalties, as before.
    pub fn workplace_preference(&self) -> WorkplacePreference {
        self.workplace.unwrap_or(WorkplacePreference::OnsiteOk)
    }

    /// Whether a fully remote job fits the user's place: `remote_ok`, or any explicit
    /// `workplace` (each choice accepts remote work).
    pub fn accepts_remote(&self) -> bool {
        self.remote_ok || self.workplace.is_some()
    }

    /// `min_salary` per year (`salary_interval` times its periods in a working year).
    pub fn yearly_min_salary(&self) -> Option<f64> {
        self.min_salary.map(|m| m * self.salary_interval.unwrap_or(SalaryInterval::Year).per_year())
    }
}

/// A list of strings, each trimmed, empty ones dropped.
fn trimmed_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<String>, D::Error> {
    let list = Vec::<String>::deserialize(deserializer)?;
    Ok(list.into_iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
}

/// A profile: the JSON Resume plus search preferences. In a file, `preferences` is an optional
/// object beside the resume's sections. The typed view (`resume`, `preferences`) is read from
/// the imported document, which is kept whole (older keys renamed, unknown keys included).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    pub resume: Resume,
    #[serde(default)]
    pub preferences: Preferences,
    /// The document as imported; `Null` for a profile not read by [`Profile::from_json`].
    #[serde(skip)]
    #[schemars(skip)]
    document: serde_json::Value,
}

impl Profile {
    /// Parses and validates a profile document; errors name the path of the bad field.
    pub fn from_json(text: &str) -> Result<Self> {
        Self::from_json_with_warnings(text).map(|(profile, _)| profile)
    }

    /// [`Profile::from_json`], and what the import kept but should be looked at: older JSON
    /// Resume keys (read as the current ones) and keys outside the schema (kept as they are).
    pub fn from_json_with_warnings(text: &str) -> Result<(Self, Vec<ProfileWarning>)> {
        let mut doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::Invalid(format!("not valid JSON: {e}")))?;
        if !doc.is_object() {
            return Err(Error::Invalid(
                "expected a JSON Resume object ({\"basics\": ..., \"work\": ...})".into(),
            ));
        }
        let warnings = legacy::normalize(&mut doc);
        let mut sections = doc.clone();
        let preferences = sections.as_object_mut().and_then(|o| o.remove("preferences")).unwrap_or_default();
        let resume: Resume = typed(&sections, "")?;
        let preferences: Preferences =
            if preferences.is_null() { Preferences::default() } else { typed(&preferences, "preferences.")? };
        let profile = Profile { resume, preferences, document: doc };
        profile.validate()?;
        Ok((profile, warnings))
    }

    /// The imported document (older keys renamed), `Null` when the profile was built in code.
    pub fn document(&self) -> &serde_json::Value {
        &self.document
    }

    /// The document form: the imported document as it was read (every section, unknown keys
    /// included, older keys renamed), `preferences` beside the sections. A profile built in code
    /// is serialized from its typed fields.
    pub fn to_document(&self) -> serde_json::Value {
        if self.document.is_object() {
            return self.document.clone();
        }
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

    #[test]
    fn unknown_preference_keys_are_errors_but_unknown_resume_keys_are_kept() {
        let bad = GOOD.replace(r#""remote_ok": true"#, r#""remote_ok": true, "remote_only": true"#);
        let err = Profile::from_json(&bad).unwrap_err().to_string();
        assert!(err.starts_with("preferences.remote_only: unknown field"), "{err}");

        let odd =
            GOOD.replace(r#""label": "Backend engineer""#, r#""label": "Backend engineer", "pet": "cat""#);
        let (p, warnings) = Profile::from_json_with_warnings(&odd).unwrap();
        assert_eq!(p.to_document()["basics"]["pet"], "cat");
        assert_eq!(
            warnings,
            [ProfileWarning {
                field: "basics.pet".into(),
                message: "not part of JSON Resume; kept as it is".into()
            }]
        );
    }
}
