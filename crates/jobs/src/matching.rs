//! Explainable matching of jobs against a profile. The score is deterministic, depends only on
//! the job and the profile (never on the other jobs scored with it), and every part of it is
//! stated in the explanation.
//!
//! # The formula
//!
//! Six components, each 0..1 with a one-line reason ([`MatchComponents`]), in the bands of
//! [`GAP`]: **skills** (the job's required and nice-to-have skills, [`requirements`], against
//! the profile's through the vocabulary's synonyms, [`skills`], and the practice of the
//! person's field, [`role::practice`]), **role** ([`role`]), **seniority** ([`seniority`]),
//! **place** ([`place`]), **salary** ([`salary_fit`]) and **language** ([`language`]).
//! `score = product of the parts × Π (1 − penalty)`, three decimals: a part that fits is 1,
//! so the score is set by the gaps. Penalties: each of the profile's must-have skills the job
//! does not name (0.05), and a seniority level the user left out named in the title (0.5). A
//! hard exclusion (company or title word) makes the score 0. What the parts read from the
//! posting's text is read once ([`facts`]) and may be stored with the job.
//!
//! Older stored explanations (components as plain numbers, no `unmet_must_haves`) still load:
//! their `components` read as `None`.

pub mod certification;
pub mod facts;
pub mod language;
pub mod place;
pub mod requirements;
pub mod role;
pub mod salary_fit;
pub mod score;
pub mod seniority;
pub mod skills;

/// Every part's score falls in bands named after how a person weighs a job, so that the
/// product of the parts reads like the grading criteria of `tests/fixtures/ranking`: a part
/// that fits is 1; one gap they would weigh but accept (a required skill missing, pay a little
/// under the minimum, a commute, a welcome language they lack) is about [`GAP`]; one mismatch
/// they would hesitate over (an adjacent field, pay clearly under the minimum, fully on site
/// when they asked for hybrid) about [`MISMATCH`]; one that rules the job out (another field, two
/// levels away, a place or language they cannot take) at most [`RULED_OUT`].
pub const GAP: f64 = 0.78;
/// See [`GAP`].
pub const MISMATCH: f64 = 0.55;
/// See [`GAP`].
pub const RULED_OUT: f64 = 0.15;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::posting::{Salary, Workplace};
pub use score::Matcher;

/// What a job is matched on (a stored job or a fresh posting).
#[derive(Debug, Clone)]
pub struct MatchInput<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub company: &'a str,
    pub description: &'a str,
    /// The primary location.
    pub location: Option<&'a str>,
    /// Every location the postings name.
    pub locations: &'a [String],
    pub remote: Option<bool>,
    /// Where the work is done, when known.
    pub workplace: Option<Workplace>,
    /// Skills extracted from the posting (title, description and the board's tags).
    pub skills: &'a [String],
    /// The salary as stated, when known.
    pub salary: Option<&'a Salary>,
    /// The language the posting is written in (ISO 639-1), when stored; detected otherwise.
    pub language: Option<&'a str>,
    /// What matching read from this posting's text before ([`facts`]); read now when `None`.
    pub facts: Option<&'a facts::PostingFacts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Penalty {
    pub reason: String,
    pub amount: f64,
}

/// One part of the score: 0..1 and why, in one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatchComponent {
    pub score: f64,
    pub reason: String,
}

/// The parts of the score (see the module doc for how they combine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatchComponents {
    pub skills: MatchComponent,
    pub role: MatchComponent,
    pub seniority: MatchComponent,
    pub place: MatchComponent,
    pub salary: MatchComponent,
    pub language: MatchComponent,
}

impl MatchComponents {
    /// The parts with their names, in the order they are shown.
    pub fn named(&self) -> [(&'static str, &MatchComponent); 6] {
        [
            ("skills", &self.skills),
            ("role", &self.role),
            ("seniority", &self.seniority),
            ("place", &self.place),
            ("salary", &self.salary),
            ("language", &self.language),
        ]
    }
}

/// The score of one job with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Explanation {
    pub score: f64,
    /// The job's skills the profile has (canonical names).
    pub matched_skills: Vec<String>,
    /// What the job asks for that the profile lacks: required ones first, then nice-to-have.
    pub missing_skills: Vec<String>,
    /// The profile's must-have skills the job does not mention.
    #[serde(default)]
    pub unmet_must_haves: Vec<String>,
    pub penalties: Vec<Penalty>,
    /// The parts of the score; `None` in explanations stored before they had reasons.
    #[serde(default, deserialize_with = "lenient_components")]
    pub components: Option<MatchComponents>,
    /// Set when a hard exclusion applied (score 0).
    pub excluded: Option<String>,
    /// Set when an LLM re-ranked this job (optional, off by default): the model's opinion and
    /// how it was blended into `score`, or why it was not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<LlmRerank>,
}

/// `components` in today's shape, else `None` (older explanations stored plain numbers).
fn lenient_components<'de, D: Deserializer<'de>>(d: D) -> Result<Option<MatchComponents>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

/// An LLM's opinion of one match: `score = (1 - weight) * deterministic + weight * llm score`
/// when the model answered usably; otherwise `note` says why and the deterministic score stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LlmRerank {
    pub model: String,
    /// The deterministic score before blending.
    pub deterministic_score: f64,
    /// How much the model's score counts (0..1).
    pub weight: f64,
    /// The model's score in 0..1, when usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The model's one-line reason, when usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the model's answer was not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
