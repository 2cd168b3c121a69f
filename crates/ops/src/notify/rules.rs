//! Rules: when to notify which channel. A rule has a trigger (a terminal flow-run state, a
//! streak of failures, high-match jobs, the daily digest), an optional deployment filter, a
//! cooldown and optional quiet hours in an IANA time zone. This module holds the rule types
//! and the pure decisions (does it match, is it quiet, is it cooling down); the loop that
//! applies them to engine events is in [`super::service`].

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What fires a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "on", content = "threshold", rename_all = "snake_case")]
pub enum Trigger {
    /// A flow run ended Completed.
    Completed,
    /// A flow run ended Failed (TimedOut included), after its retries were exhausted.
    Failed,
    /// A flow run ended Crashed (the process died while it ran).
    Crashed,
    /// The job-hunt operations found jobs above their match threshold.
    HighMatch,
    /// The last N finished runs of a deployment all failed (fires once per streak, when it
    /// reaches N).
    ConsecutiveFailures(u32),
    /// The daily digest (see [`super::digest`]).
    Digest,
}

impl Trigger {
    /// Parses `completed | failed | crashed | high_match | consecutive_failures:N | digest`.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(format!(
                "not a trigger: '{s}' (completed, failed, crashed, high_match, consecutive_failures:N, digest)"
            ))
        };
        Ok(match s {
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            "crashed" => Self::Crashed,
            "high_match" => Self::HighMatch,
            "digest" => Self::Digest,
            _ => {
                let n = s.strip_prefix("consecutive_failures:").ok_or_else(bad)?;
                let n: u32 = n.parse().map_err(|_| bad())?;
                if !(1..=1000).contains(&n) {
                    return Err(Error::invalid(format!(
                        "consecutive_failures:N needs N between 1 and 1000, got {n}"
                    )));
                }
                Self::ConsecutiveFailures(n)
            }
        })
    }

    /// The name stored in the `trigger` column (without N).
    pub fn name(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Crashed => "crashed",
            Self::HighMatch => "high_match",
            Self::ConsecutiveFailures(_) => "consecutive_failures",
            Self::Digest => "digest",
        }
    }

    pub(crate) fn threshold(self) -> Option<u32> {
        match self {
            Self::ConsecutiveFailures(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn from_stored(name: &str, threshold: Option<i64>) -> Result<Self> {
        match name {
            "consecutive_failures" => {
                let n = threshold.and_then(|n| u32::try_from(n).ok()).unwrap_or(1);
                Ok(Self::ConsecutiveFailures(n))
            }
            other => Self::parse(other),
        }
    }
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ConsecutiveFailures(n) => write!(f, "consecutive_failures:{n}"),
            other => f.write_str(other.name()),
        }
    }
}

/// Quiet hours: local times `start..end` in `timezone`, wrapping midnight when `end <=
/// start` (`22:00-07:00`). Notifications a rule would send then are skipped (recorded with
/// reason `quiet_hours`), not deferred; the daily digest covers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub timezone: Tz,
}

impl QuietHours {
    /// Parses `HH:MM-HH:MM` and an IANA zone name (`Europe/Berlin`).
    pub fn parse(range: &str, timezone: &str) -> Result<Self> {
        let timezone = parse_timezone(timezone)?;
        let bad =
            || Error::invalid(format!("quiet hours: expected HH:MM-HH:MM (e.g. 22:00-07:00), got '{range}'"));
        let (a, b) = range.split_once('-').ok_or_else(bad)?;
        let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| bad());
        let (start, end) = (time(a)?, time(b)?);
        if start == end {
            return Err(Error::invalid(format!("quiet hours: start and end are the same ('{range}')")));
        }
        Ok(Self { start, end, timezone })
    }

    /// Whether `now` falls in the quiet hours (start inclusive, end exclusive).
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        let local = now.with_timezone(&self.timezone).time();
        let local = NaiveTime::from_hms_opt(local.hour(), local.minute(), local.second()).unwrap_or(local);
        if self.start < self.end {
            self.start <= local && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }

    /// `22:00-07:00`.
    pub fn range(&self) -> String {
        format!("{}-{}", self.start.format("%H:%M"), self.end.format("%H:%M"))
    }
}

/// An IANA time zone name.
pub fn parse_timezone(name: &str) -> Result<Tz> {
    name.parse::<Tz>()
        .map_err(|_| Error::invalid(format!("not an IANA time zone: '{name}' (e.g. Europe/Berlin, UTC)")))
}

/// Parses `90s`, `15m`, `6h`, `1d` (and `0s` = none).
pub fn parse_duration(text: &str) -> Result<Duration> {
    let bad = || Error::invalid(format!("not a duration: '{text}' (e.g. 90s, 15m, 6h, 1d; 0s for none)"));
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60).ok_or_else(bad)?,
        "h" => n.checked_mul(3600).ok_or_else(bad)?,
        "d" => n.checked_mul(86_400).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    Ok(Duration::from_secs(secs))
}

/// `90s`, `15m`, `6h`: the shortest exact rendering.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => "0s".into(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// A stored rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: i64,
    pub trigger: Trigger,
    pub channel_id: i64,
    pub channel: String,
    pub deployment_id: Option<String>,
    pub cooldown: Duration,
    pub quiet_hours: Option<QuietHours>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

impl Rule {
    /// Whether the rule applies to a run of `deployment_id` (a rule without a deployment
    /// filter applies to every run).
    pub fn applies_to(&self, deployment_id: Option<&str>) -> bool {
        match &self.deployment_id {
            None => true,
            Some(d) => deployment_id == Some(d.as_str()),
        }
    }

    /// Whether the last sent notification of this rule (at `last_sent`) still holds it back.
    pub fn cooling_down(&self, last_sent: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        match (last_sent, chrono::Duration::from_std(self.cooldown)) {
            // An end past the representable dates holds back for ever (no overflow panic).
            (Some(last), Ok(cooldown)) if !self.cooldown.is_zero() => {
                last.checked_add_signed(cooldown).is_none_or(|end| now < end)
            }
            _ => false,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rule", 10)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("on", &self.trigger.to_string())?;
        st.serialize_field("channel", &self.channel)?;
        st.serialize_field("deployment_id", &self.deployment_id)?;
        st.serialize_field("cooldown", &format_duration(self.cooldown))?;
        st.serialize_field("cooldown_secs", &self.cooldown.as_secs())?;
        st.serialize_field("quiet_hours", &self.quiet_hours.map(|q| q.range()))?;
        st.serialize_field("timezone", &self.quiet_hours.map(|q| q.timezone.name().to_owned()))?;
        st.serialize_field("enabled", &self.enabled)?;
        st.serialize_field("created_at", &self.created_at)?;
        st.end()
    }
}

/// A rule to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRule {
    pub trigger: Trigger,
    /// The channel's name.
    pub channel: String,
    pub deployment_id: Option<String>,
    pub cooldown: Duration,
    pub quiet_hours: Option<QuietHours>,
}

impl NewRule {
    pub fn new(trigger: Trigger, channel: &str) -> Self {
        Self {
            trigger,
            channel: channel.to_owned(),
            deployment_id: None,
            cooldown: Duration::ZERO,
            quiet_hours: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn triggers_parse_and_print() {
        for s in ["completed", "failed", "crashed", "high_match", "digest", "consecutive_failures:3"] {
            assert_eq!(Trigger::parse(s).unwrap().to_string(), s);
        }
        assert!(Trigger::parse("consecutive_failures:0").is_err());
        assert!(Trigger::parse("consecutive_failures:x").is_err());
        assert!(Trigger::parse("done").unwrap_err().to_string().contains("not a trigger"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("6h").unwrap(), Duration::from_secs(21_600));
        assert_eq!(parse_duration("0s").unwrap(), Duration::ZERO);
        for bad in ["", "10", "m", "1.5h", "-1s", "10x"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(5400)), "90m");
        assert_eq!(format_duration(Duration::from_secs(90)), "90s");
    }

    #[test]
    fn quiet_hours_wrap_midnight_in_the_zone() {
        let q = QuietHours::parse("22:00-07:00", "Europe/Berlin").unwrap();
        // Winter: Berlin = UTC+1. 21:30 UTC = 22:30 local (quiet); 06:30 UTC = 07:30 (not).
        let at = |h, m| Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap();
        assert!(q.contains(at(21, 30)));
        assert!(q.contains(at(23, 59)));
        assert!(q.contains(at(5, 59)));
        assert!(!q.contains(at(6, 0)));
        assert!(!q.contains(at(20, 59)));
        assert!(q.contains(at(21, 0)));
        // Across the spring-forward night (29 March 2026, 02:00 -> 03:00 CET -> CEST, UTC+2
        // after): the window follows local time.
        let spring = |h, m| Utc.with_ymd_and_hms(2026, 3, 29, h, m, 0).unwrap();
        assert!(q.contains(spring(0, 30))); // 01:30 CET
        assert!(q.contains(spring(4, 59))); // 06:59 CEST
        assert!(!q.contains(spring(5, 0))); // 07:00 CEST (06:00 would be CET)
        let day = QuietHours::parse("12:00-13:00", "UTC").unwrap();
        assert!(day.contains(at(12, 30)) && !day.contains(at(13, 0)));
        assert!(QuietHours::parse("22:00", "UTC").is_err());
        assert!(QuietHours::parse("22:00-07:00", "Mars/Base").is_err());
    }

    #[test]
    fn a_huge_cooldown_holds_back_without_overflowing() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let mut rule = Rule {
            id: 1,
            trigger: Trigger::Failed,
            channel_id: 1,
            channel: "desktop".into(),
            deployment_id: None,
            cooldown: Duration::from_secs(100_000_000 * 86_400),
            quiet_hours: None,
            enabled: true,
            created_at: now,
        };
        assert!(rule.cooling_down(Some(now), now));
        rule.cooldown = Duration::from_secs(60);
        assert!(!rule.cooling_down(Some(now - chrono::Duration::minutes(2)), now));
    }
}
