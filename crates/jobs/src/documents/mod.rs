//! Application documents drafted from the profile for one job: a tailored CV and a cover
//! letter, each rendered as Markdown and as PDF (A4, selectable text, embedded fonts).
//!
//! Nothing here invents a fact. The CV only selects and reorders what the profile says:
//! every line of it is a profile string or a join of profile strings (plus fixed section
//! headings). Job keywords decide the order — skills the job asks for and the profile has
//! first, work entries mentioning the job's keywords first, their matching highlights first —
//! but a keyword the profile does not have never reaches the document. The cover letter is a
//! fixed English template filled with the job's title and company and profile facts only.
//!
//! Pure: no database, no engine. The operation that stores the document and asks the user
//! for approval wraps this.
//!
//! Where things are: the document types here, how relevant profile facts are to the job in
//! `relevance`, the tailored CV in `cv`, where each CV line comes from in `grounding`, the
//! Markdown grounding check in `check`, the cover letter in `letter`, writing the files in
//! `files`; `pdf` and `subset` typeset the PDF.

mod check;
mod cv;
mod files;
mod grounding;
mod letter;
mod pdf;
mod relevance;
mod subset;

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::store::JobRecord;

pub use check::{check_cv_markdown, Ungrounded};
pub use cv::tailor_cv;
pub use files::{write_atomically, write_documents};
pub use grounding::{cv_sources, sources_path, CvSources, SourceFact, SourcedLine};
pub use letter::cover_letter;

/// Section headings: the only CV lines that do not come from the profile.
pub const HEADING_SUMMARY: &str = "Summary";
pub const HEADING_KEY_SKILLS: &str = "Key skills for this role";
pub const HEADING_EXPERIENCE: &str = "Experience";
pub const HEADING_PROJECTS: &str = "Projects";
pub const HEADING_EDUCATION: &str = "Education";
pub const HEADING_SKILLS: &str = "Skills";
pub const HEADING_LANGUAGES: &str = "Languages";

/// Every fixed heading a CV may contain.
pub const CV_HEADINGS: [&str; 7] = [
    HEADING_SUMMARY,
    HEADING_KEY_SKILLS,
    HEADING_EXPERIENCE,
    HEADING_PROJECTS,
    HEADING_EDUCATION,
    HEADING_SKILLS,
    HEADING_LANGUAGES,
];

/// What the documents need to know about the job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JobFacts {
    pub title: String,
    pub company: String,
    /// Plain text.
    pub description: String,
    /// Skills and tags the posting names (any case).
    pub skills: Vec<String>,
}

impl From<&JobRecord> for JobFacts {
    fn from(job: &JobRecord) -> Self {
        let mut skills = job.skills.clone();
        skills.extend(job.tags.iter().cloned());
        Self {
            title: job.title.clone(),
            company: job.company.clone(),
            description: job.description.clone(),
            skills,
        }
    }
}

/// One work entry as the CV shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvWork {
    pub position: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub summary: Option<String>,
    /// Highlights mentioning the job's keywords first.
    pub highlights: Vec<String>,
    /// How many of the job's keywords the entry mentions.
    pub relevance: usize,
    /// Where the entry is in the profile: `work[source]`.
    #[serde(default)]
    pub source: usize,
    /// Per highlight, its index in the profile entry's highlights.
    #[serde(default)]
    pub highlight_sources: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvProject {
    pub name: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub highlights: Vec<String>,
    pub relevance: usize,
    /// `projects[source]` in the profile.
    #[serde(default)]
    pub source: usize,
    /// Per highlight, its index in the profile project's highlights.
    #[serde(default)]
    pub highlight_sources: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvEducation {
    pub institution: Option<String>,
    pub study_type: Option<String>,
    pub area: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub courses: Vec<String>,
    /// `education[source]` in the profile.
    #[serde(default)]
    pub source: usize,
    /// Per course, its index in the profile entry's courses.
    #[serde(default)]
    pub course_sources: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvSkillGroup {
    pub name: String,
    pub level: Option<String>,
    pub keywords: Vec<String>,
    /// `skills[source]` in the profile.
    #[serde(default)]
    pub source: usize,
    /// Per keyword, its index in the profile group's keywords.
    #[serde(default)]
    pub keyword_sources: Vec<usize>,
}

/// A CV tailored to one job; every string in it is copied from the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TailoredCv {
    pub name: String,
    /// The profile's label.
    pub headline: Option<String>,
    /// Email, phone, web site, place, social profiles.
    pub contact: Vec<String>,
    /// Per contact line, the profile fields it is made of (`basics.email`).
    #[serde(default)]
    pub contact_sources: Vec<Vec<String>>,
    /// The profile's summary.
    pub summary: Option<String>,
    /// Skills the job asks for that the profile has, most relevant first, as the profile
    /// spells them.
    pub key_skills: Vec<String>,
    /// Per key skill, the profile field it is copied from (`skills[0].keywords[2]`).
    #[serde(default)]
    pub key_skill_sources: Vec<String>,
    pub experience: Vec<CvWork>,
    pub projects: Vec<CvProject>,
    pub education: Vec<CvEducation>,
    /// All skill groups, the ones relevant to the job first.
    pub skills: Vec<CvSkillGroup>,
    /// "Language (fluency)".
    pub languages: Vec<String>,
    /// Per language, the profile fields it is made of (`languages[0].fluency`).
    #[serde(default)]
    pub language_sources: Vec<Vec<String>>,
    /// The job this CV is for (not printed; for file names and records).
    pub job_title: String,
    pub job_company: String,
}

/// A template-based cover letter (English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoverLetter {
    pub name: String,
    pub contact: Vec<String>,
    /// "Application: <title> at <company>".
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub closing: String,
    /// Name, email, phone.
    pub signature: Vec<String>,
}

/// A document that renders to Markdown and PDF.
pub trait Document {
    fn to_markdown(&self) -> String;
    fn to_pdf(&self) -> Vec<u8>;
}

/// Where `write_documents` put the files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentPaths {
    pub markdown: PathBuf,
    pub pdf: PathBuf,
}
