//! The normalized job posting every adapter produces, whatever the board's payload looked
//! like. Salary keeps whether it was stated by the board or parsed from free text, and the
//! words it came from; workplace means the same from every board; what an adapter did not
//! understand is kept as a warning on the posting instead of being dropped in silence.

use chrono::{DateTime, TimeZone, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a salary figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SalarySource {
    /// Structured fields of the board's API.
    Stated,
    /// Parsed from free text (title, description, a compensation string).
    Parsed,
}

/// The period a salary figure is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SalaryInterval {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl SalaryInterval {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Some(match s.trim_start_matches("per ").trim_start_matches('/') {
            "hour" | "hourly" | "hr" | "h" | "stunde" => Self::Hour,
            "day" | "daily" | "tag" => Self::Day,
            "week" | "weekly" | "woche" => Self::Week,
            "month" | "monthly" | "mo" | "monat" | "monatlich" => Self::Month,
            "year" | "yearly" | "annual" | "annually" | "yr" | "jahr" | "jährlich" | "jaehrlich" => {
                Self::Year
            }
            _ => return None,
        })
    }

    /// How many of this interval make a working year (for comparisons).
    pub fn per_year(self) -> f64 {
        match self {
            Self::Hour => 2080.0,
            Self::Day => 260.0,
            Self::Week => 52.0,
            Self::Month => 12.0,
            Self::Year => 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// ISO 4217 code when known ("EUR", "USD").
    pub currency: Option<String>,
    pub interval: Option<SalaryInterval>,
    pub source: SalarySource,
    /// The words the figures were read from, as the posting wrote them ("United States Salary
    /// Range $139,200—$235,200 USD"), so a person can check them; for structured fields, the
    /// fields written out.
    #[serde(default)]
    pub source_text: Option<String>,
}

/// Where the work is done, the same from every board. Unknown is `None`, never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Workplace {
    /// On site at the employer's location.
    Onsite,
    /// Partly at home, partly on site.
    Hybrid,
    /// Fully remote.
    Remote,
}

impl Workplace {
    /// A board's own word for it ("remote", "Hybrid", "OnSite", "on-site", "in_office",
    /// "TELECOMMUTE"); `None` for "unspecified" and anything unknown.
    pub fn parse(raw: &str) -> Option<Self> {
        let key: String = raw.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        Some(match key.as_str() {
            "remote" | "fullyremote" | "telecommute" | "remoteonly" | "homeoffice" => Self::Remote,
            "hybrid" | "flexible" => Self::Hybrid,
            "onsite" | "inoffice" | "office" | "inperson" | "vorort" => Self::Onsite,
            _ => return None,
        })
    }

    /// Read from free text (a location or a title): "Hybrid" before "Remote", since
    /// "Remote/Hybrid in Berlin" is not fully remote.
    pub fn from_text(text: &str) -> Option<Self> {
        let lower = text.to_lowercase();
        let has = |w: &str| crate::text::contains_word(&lower, w);
        if has("hybrid") || has("hybride") {
            Some(Self::Hybrid)
        } else if has("remote")
            || has("anywhere")
            || has("worldwide")
            || has("homeoffice")
            || has("telecommute")
        {
            Some(Self::Remote)
        } else if has("on-site") || has("onsite") || has("in-office") {
            Some(Self::Onsite)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Onsite => "onsite",
            Self::Hybrid => "hybrid",
            Self::Remote => "remote",
        }
    }
}

/// Something in a posting its adapter did not understand (a salary field it could not read,
/// a workplace word it does not know), kept instead of dropped in silence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostingWarning {
    /// The board's field, as the board names it (`salaryRange`, `workplaceType`).
    pub field: String,
    pub message: String,
}

impl PostingWarning {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl Salary {
    /// The yearly upper figure (max, else min), for "minimum salary" preferences.
    pub fn yearly_max(&self) -> Option<f64> {
        let v = self.max.or(self.min)?;
        Some(v * self.interval.unwrap_or(SalaryInterval::Year).per_year())
    }
}

/// A job posting as one board describes it, normalized.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Posting {
    /// The source spec it came from (`greenhouse:acme`, `remoteok`).
    pub source: String,
    /// The board's own id for the posting.
    pub source_job_id: String,
    pub title: String,
    pub company: String,
    /// The primary location (the first of `locations`).
    pub location: Option<String>,
    /// Every location the posting names, primary first.
    #[serde(default)]
    pub locations: Vec<String>,
    /// Where the work is done; `None` when the posting does not say.
    #[serde(default)]
    pub workplace: Option<Workplace>,
    /// True only for fully remote jobs (`workplace == remote`), kept for older consumers.
    pub remote: Option<bool>,
    pub employment_type: Option<String>,
    pub salary: Option<Salary>,
    pub description_text: String,
    pub description_html: Option<String>,
    pub url: Option<String>,
    pub apply_url: Option<String>,
    pub apply_email: Option<String>,
    pub posted_at: Option<DateTime<Utc>>,
    /// Tags or categories the board attaches.
    pub tags: Vec<String>,
    /// What the adapter did not understand in this posting.
    #[serde(default)]
    pub warnings: Vec<PostingWarning>,
}

impl Posting {
    /// The adapter-independent last step: names and places trimmed (trailing separators too),
    /// locations de-duplicated with the primary first, `location` the primary one, `remote`
    /// true exactly for fully remote work.
    pub fn finish(mut self) -> Self {
        let tidy = |s: &str| s.trim().trim_end_matches([',', ';', '/', '|', '-', '·']).trim().to_owned();
        self.title = self.title.trim().to_owned();
        self.company = tidy(&self.company);
        let mut locations: Vec<String> = Vec::new();
        for l in self.location.iter().chain(self.locations.iter()) {
            let l = tidy(l);
            if !l.is_empty() && !locations.iter().any(|k| k.eq_ignore_ascii_case(&l)) {
                locations.push(l);
            }
        }
        self.location = locations.first().cloned();
        self.locations = locations;
        if self.workplace.is_some() {
            self.remote = Some(self.workplace == Some(Workplace::Remote));
        }
        let mut seen = std::collections::HashSet::new();
        self.tags.retain(|t| !t.trim().is_empty() && seen.insert(t.trim().to_lowercase()));
        self.warnings.sort();
        self.warnings.dedup();
        self
    }
}

/// Epoch seconds or milliseconds, told apart by magnitude (boards use both).
pub fn from_epoch(value: i64) -> Option<DateTime<Utc>> {
    // 10^11 seconds is the year 5138; 10^11 milliseconds is 1973.
    // `unsigned_abs`: `i64::MIN.abs()` overflows (found by the parser fuzz tests).
    if value.unsigned_abs() >= 100_000_000_000 {
        Utc.timestamp_millis_opt(value).single()
    } else {
        Utc.timestamp_opt(value, 0).single()
    }
}

/// RFC 3339, or a date-time without a zone (taken as UTC), or a bare date.
pub fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_and_milliseconds() {
        let s = from_epoch(1_767_225_600).unwrap();
        let ms = from_epoch(1_767_225_600_000).unwrap();
        assert_eq!(s, ms);
        assert_eq!(s.to_rfc3339(), "2026-01-01T00:00:00+00:00");
    }

    #[test]
    fn dates_without_zone_are_utc() {
        assert_eq!(parse_datetime("2026-02-03T10:20:30").unwrap().to_rfc3339(), "2026-02-03T10:20:30+00:00");
        assert_eq!(
            parse_datetime("2026-02-03T10:20:30+01:00").unwrap().to_rfc3339(),
            "2026-02-03T09:20:30+00:00"
        );
        assert_eq!(parse_datetime("2026-02-03").unwrap().to_rfc3339(), "2026-02-03T00:00:00+00:00");
        assert_eq!(
            parse_datetime("Tue, 03 Feb 2026 10:00:00 GMT").unwrap().to_rfc3339(),
            "2026-02-03T10:00:00+00:00"
        );
        assert!(parse_datetime("soon").is_none());
    }
}
