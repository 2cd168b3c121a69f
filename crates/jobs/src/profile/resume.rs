//! The typed view of a JSON Resume document (schema v1.0.0, every section). Unknown keys are
//! ignored here; the whole document, unknown keys included, is kept beside it by
//! [`Profile`](super::Profile).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

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
    /// A URL or path of a picture (older files: `picture`).
    pub image: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Older files: `website`.
    pub url: Option<String>,
    pub summary: Option<String>,
    pub location: Option<Location>,
    pub profiles: Vec<SocialProfile>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Work {
    /// The employer (older files: `company`).
    pub name: Option<String>,
    pub position: Option<String>,
    pub location: Option<String>,
    /// What the employer does.
    pub description: Option<String>,
    /// Older files: `website`.
    pub url: Option<String>,
    pub start_date: Option<ResumeDate>,
    pub end_date: Option<ResumeDate>,
    pub summary: Option<String>,
    pub highlights: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Volunteer {
    pub organization: Option<String>,
    pub position: Option<String>,
    /// Older files: `website`.
    pub url: Option<String>,
    /// As written: the newer sections are kept, not judged ("Spring 2019" stays).
    pub start_date: Option<String>,
    pub end_date: Option<String>,
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
    /// Older files: `gpa`.
    pub score: Option<String>,
    pub courses: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Award {
    pub title: Option<String>,
    /// As written ("November 2014" stays).
    pub date: Option<String>,
    pub awarder: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Certificate {
    pub name: Option<String>,
    /// As written.
    pub date: Option<String>,
    pub url: Option<String>,
    pub issuer: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Publication {
    pub name: Option<String>,
    pub publisher: Option<String>,
    /// As written.
    pub release_date: Option<String>,
    /// Older files: `website`.
    pub url: Option<String>,
    pub summary: Option<String>,
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
#[serde(default)]
pub struct Interest {
    pub name: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Reference {
    pub name: Option<String>,
    pub reference: Option<String>,
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
    pub roles: Vec<String>,
    pub entity: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// The JSON Resume document, typed. Keys outside the schema are not here; the imported
/// document ([`Profile::document`](super::Profile::document)) keeps them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Resume {
    pub basics: Basics,
    pub work: Vec<Work>,
    pub volunteer: Vec<Volunteer>,
    pub education: Vec<Education>,
    pub awards: Vec<Award>,
    pub certificates: Vec<Certificate>,
    pub publications: Vec<Publication>,
    pub skills: Vec<Skill>,
    pub languages: Vec<Language>,
    pub interests: Vec<Interest>,
    pub references: Vec<Reference>,
    pub projects: Vec<Project>,
    /// Free-form (`canonical`, `version`, `lastModified`, a theme's settings, ...).
    pub meta: Option<serde_json::Value>,
}
