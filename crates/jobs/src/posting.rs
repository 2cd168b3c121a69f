//! The normalized job posting every adapter produces, whatever the board's payload looked
//! like. Salary keeps whether it was stated by the board or parsed from free text.

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
}

impl Salary {
    /// The yearly upper figure (max, else min), for "minimum salary" preferences.
    pub fn yearly_max(&self) -> Option<f64> {
        let v = self.max.or(self.min)?;
        Some(v * self.interval.unwrap_or(SalaryInterval::Year).per_year())
    }
}

/// A job posting as one board describes it, normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Posting {
    /// The source spec it came from (`greenhouse:acme`, `remoteok`).
    pub source: String,
    /// The board's own id for the posting.
    pub source_job_id: String,
    pub title: String,
    pub company: String,
    pub location: Option<String>,
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
