//! What matching reads from a posting's own text, read once and kept with the posting: the
//! required and nice-to-have skills, the role family of its title, the level and years it
//! asks for, the languages it is written in and asks for, a remote restriction, office days,
//! travel, how many salaries a year it pays, and its words. Reading the text is most of the
//! cost of matching; a posting's text does not change with the profile, so a stored job is
//! read at its first match (`store::facts`) and every later match of it (a new profile, a
//! changed preference, the next hunt) only compares. [`PostingFacts::read`] is pure; a fact
//! set remembers the version of the reader and a hash of the text it was read from, so a
//! changed posting or a newer reader reads it again.

use serde::{Deserialize, Serialize};

use super::place::{static_code, PlaceText, Region, Restriction};
use super::requirements::requirements;
use super::role::{self, RoleFamily};
use super::seniority::{self, Level};
use super::{language, salary_fit, MatchInput};

/// Bumped whenever a reader of this module changes what it reads: older facts are read again.
pub const VERSION: u32 = 2;

/// A posting's text as matching reads it (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostingFacts {
    pub version: u32,
    /// [`text_hash`] of what it was read from.
    pub hash: u64,
    pub required: Vec<String>,
    pub nice_to_have: Vec<String>,
    pub family: Option<RoleFamily>,
    pub level: Option<Level>,
    pub years_asked: Option<u32>,
    /// Detected from the description (ISO 639-1).
    pub written_in: Option<String>,
    pub languages_required: Vec<String>,
    pub languages_welcome: Vec<String>,
    /// A remote restriction stated in the title or the description: ISO codes and regions.
    pub restriction: Option<(Vec<String>, Vec<Region>)>,
    pub office_days: Option<u8>,
    pub travel_percent: Option<u32>,
    /// Monthly salaries a year the description states ("14 Gehälter").
    pub salaries_per_year: Option<u32>,
    /// Certifications the posting requires, each as the words naming it.
    #[serde(default)]
    pub certifications: Vec<Vec<String>>,
    /// The distinct lower-case words of title and description by [`stem`], sorted: for the
    /// profile's own terms and must-haves.
    pub words: Vec<String>,
}

impl PostingFacts {
    /// Reads `job`'s title, description and board skills.
    pub fn read(job: &MatchInput<'_>) -> Self {
        let reqs = requirements(job.title, job.description, job.skills);
        let asked = language::languages_asked(job.description);
        let place = PlaceText::read(job.title, job.description);
        let mut words: Vec<String> =
            crate::text::words(job.title).chain(crate::text::words(job.description)).map(stem).collect();
        words.sort_unstable();
        words.dedup();
        Self {
            version: VERSION,
            hash: text_hash(job),
            required: reqs.required.iter().map(|s| (*s).to_owned()).collect(),
            nice_to_have: reqs.nice_to_have.iter().map(|s| (*s).to_owned()).collect(),
            family: role::family_of_title(job.title),
            level: seniority::posting_level(job.title, job.description),
            years_asked: seniority::years_asked(job.description),
            written_in: language::detect(job.description).map(str::to_owned),
            languages_required: asked.required.iter().map(|s| (*s).to_owned()).collect(),
            languages_welcome: asked.optional.iter().map(|s| (*s).to_owned()).collect(),
            restriction: place
                .restriction
                .map(|r| (r.countries.iter().map(|c| (*c).to_owned()).collect(), r.regions)),
            office_days: place.office_days,
            travel_percent: place.travel_percent,
            salaries_per_year: salary_fit::salaries_per_year(job.description),
            certifications: super::certification::certifications_asked(job.description),
            words,
        }
    }

    /// Whether these facts were read by this version from `job`'s present text.
    pub fn is_current(&self, job: &MatchInput<'_>) -> bool {
        self.version == VERSION && self.hash == text_hash(job)
    }

    /// What place fit needs of the text.
    pub fn place_text(&self) -> PlaceText {
        PlaceText {
            restriction: self.restriction.as_ref().map(|(codes, regions)| Restriction {
                countries: codes.iter().filter_map(|c| static_code(c)).collect(),
                regions: regions.clone(),
            }),
            office_days: self.office_days,
            travel_percent: self.travel_percent,
        }
    }

    /// Whether the words of `phrase` (as `text::words` splits them, by [`stem`]) are all in the
    /// posting: "usability testing" is in "run usability tests".
    pub fn has_words_of(&self, phrase: &str) -> bool {
        let mut any = false;
        for word in crate::text::words(phrase).map(stem) {
            if self.words.binary_search(&word).is_err() {
                return false;
            }
            any = true;
        }
        any
    }
}

/// A lower-case word without an English plural or "-ing" ending ("tests", "testing" → "test"):
/// enough to find a profile's phrase in a posting's words, not a linguistic stemmer.
pub fn stem(word: String) -> String {
    let n = word.chars().count();
    if n > 5 && word.ends_with("ing") {
        return word[..word.len() - 3].to_owned();
    }
    if n > 3 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_owned();
    }
    word
}

/// FNV-1a over title, description and board skills: stable across runs and builds.
pub fn text_hash(job: &MatchInput<'_>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    eat(job.title.as_bytes());
    eat(job.description.as_bytes());
    for skill in job.skills {
        eat(skill.as_bytes());
    }
    hash
}
