//! Schedule computation: when a cron expression or an interval fires, in an IANA time zone.
//!
//! Why a module of its own: this is the one place that turns a schedule into instants, so the
//! scheduler, `schedule preview`, "next run" columns and the tests all agree. Cron matching is
//! done by the `croner` crate (5 fields, or 6 with a leading seconds field), which follows the
//! usual expectations around daylight-saving changes for a *fixed-time* job (one whose
//! seconds, minutes and hours are fixed, like `0 9 * * *`): a local time skipped by
//! spring-forward fires once at the first valid instant after the gap, and a local time that
//! happens twice at fall-back fires once, at its first occurrence. A wildcard/step job
//! (`*/15 * * * *`) follows real time through the change. Intervals are elapsed time from an
//! anchor (`every 6h` is every 6 real hours, whatever the clocks do); their zone is kept for
//! display and for reading an anchor given as local time.
//!
//! Schedules are bounded: an interval is between [`MIN_INTERVAL`] and [`MAX_INTERVAL`], a cron
//! expression must parse and fire at least once, and every date computation here is checked
//! (an instant past what `chrono` can represent means "no next run", never a panic), so a
//! schedule stored by an older build with an absurd interval cannot bring down `deployments
//! list` or the scheduler.

use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;
use serde::{Deserialize, Serialize};

use crate::{EngineError, Result};

/// The shortest interval a schedule may have.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// The longest interval a schedule may have (366 days).
pub const MAX_INTERVAL: Duration = Duration::from_secs(366 * 86_400);

/// Checks that `every` is between [`MIN_INTERVAL`] and [`MAX_INTERVAL`]; the error says so.
pub fn check_interval(every: Duration) -> Result<()> {
    if every < MIN_INTERVAL || every > MAX_INTERVAL {
        return Err(EngineError::Invalid(format!(
            "an interval must be between {} and {} (366 days); got {}",
            format_duration(MIN_INTERVAL),
            format_duration(MAX_INTERVAL),
            format_duration(every)
        )));
    }
    Ok(())
}

/// Cron schedules are computed up to this year (`croner`'s limit).
const CRON_LAST_YEAR: i32 = 5000;

/// One schedule of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// A cron expression read in `timezone` (5 fields, or 6 with leading seconds).
    Cron { expr: String, timezone: String },
    /// Every `every_secs` seconds of elapsed time, at `anchor + k * every` for integer k.
    Interval { every_secs: u64, anchor: DateTime<Utc>, timezone: String },
}

impl Schedule {
    /// A checked cron schedule (the error says what is wrong with the expression or zone, or
    /// that it never fires).
    pub fn cron(expr: &str, timezone: &str) -> Result<Self> {
        let schedule = Self::Cron { expr: expr.trim().to_owned(), timezone: timezone.to_owned() };
        let compiled = schedule.compile()?;
        // Without a year field, a schedule that fires at all fires within a few years of any
        // instant (February 29th on a given weekday: 28 years), so "now" is as good as any.
        if compiled.next_after(Utc::now()).is_none() {
            return Err(EngineError::Invalid(format!("'{}' never fires", expr.trim())));
        }
        Ok(schedule)
    }

    /// A checked interval schedule (between [`MIN_INTERVAL`] and [`MAX_INTERVAL`]); `anchor`
    /// is truncated to whole seconds.
    pub fn interval(every: Duration, anchor: DateTime<Utc>, timezone: &str) -> Result<Self> {
        check_interval(every)?;
        let schedule = Self::Interval {
            every_secs: every.as_secs(),
            anchor: anchor.trunc_subsecs(0),
            timezone: timezone.to_owned(),
        };
        schedule.compile()?;
        Ok(schedule)
    }

    pub fn timezone(&self) -> &str {
        match self {
            Self::Cron { timezone, .. } | Self::Interval { timezone, .. } => timezone,
        }
    }

    /// `cron 0 9 * * * (Europe/Berlin)`, `every 15m (UTC)`.
    pub fn describe(&self) -> String {
        match self {
            Self::Cron { expr, timezone } => format!("cron {expr} ({timezone})"),
            Self::Interval { every_secs, timezone, .. } => {
                format!("every {} ({timezone})", format_duration(Duration::from_secs(*every_secs)))
            }
        }
    }

    /// Parses the expression and the zone once, for repeated computation. Also the check a
    /// stored schedule goes through: an interval out of bounds is an error.
    pub fn compile(&self) -> Result<CompiledSchedule> {
        match self {
            Self::Cron { expr, timezone } => {
                let tz = parse_timezone(timezone)?;
                let cron = parse_cron(expr)?;
                Ok(CompiledSchedule::Cron { cron: Box::new(cron), tz })
            }
            Self::Interval { every_secs, anchor, timezone } => {
                parse_timezone(timezone)?;
                check_interval(Duration::from_secs(*every_secs))?;
                // In bounds, so it fits (366 days is far below TimeDelta's limits).
                let every = chrono::Duration::try_seconds(*every_secs as i64)
                    .ok_or_else(|| EngineError::Invalid("the interval is too long".into()))?;
                Ok(CompiledSchedule::Interval { every, anchor: *anchor })
            }
        }
    }
}

/// A schedule ready for computation.
#[derive(Debug, Clone)]
pub enum CompiledSchedule {
    Cron { cron: Box<Cron>, tz: Tz },
    Interval { every: chrono::Duration, anchor: DateTime<Utc> },
}

impl CompiledSchedule {
    /// The first fire time strictly after `t`; `None` if the schedule never fires again (or
    /// only past the last instant `chrono` can represent).
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Self::Cron { cron, tz } => {
                // `croner` covers the years 1 to 5000 (and panics converting an instant at the
                // very ends of chrono's range to local time): outside, start from its first
                // day, or there is no next run.
                if t.year() >= CRON_LAST_YEAR {
                    return None;
                }
                let earliest = NaiveDate::from_ymd_opt(1, 1, 2)?.and_hms_opt(0, 0, 0)?.and_utc();
                let from = t.max(earliest).trunc_subsecs(0).with_timezone(tz);
                cron.find_next_occurrence(&from, false)
                    .ok()
                    .map(|next| next.with_timezone(&Utc))
                    .filter(|next| *next > t)
            }
            Self::Interval { every, anchor } => {
                let every_us = every.num_microseconds().filter(|us| *us > 0)?;
                let since = t.signed_duration_since(*anchor).num_microseconds()?;
                let k = since.div_euclid(every_us).checked_add(1)?;
                let offset = chrono::Duration::microseconds(k.checked_mul(every_us)?);
                anchor.checked_add_signed(offset).filter(|next| *next > t)
            }
        }
    }

    /// The next `count` fire times strictly after `after`.
    pub fn upcoming(&self, after: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let mut out = Vec::with_capacity(count);
        let mut t = after;
        while out.len() < count {
            match self.next_after(t) {
                Some(next) => {
                    out.push(next);
                    t = next;
                }
                None => break,
            }
        }
        out
    }
}

/// The next `count` fire times of several schedules merged (a slot fired by two schedules at
/// the same instant counts once).
pub fn upcoming_merged(
    schedules: &[CompiledSchedule],
    after: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let mut out = Vec::with_capacity(count);
    let mut t = after;
    while out.len() < count {
        match schedules.iter().filter_map(|s| s.next_after(t)).min() {
            Some(next) => {
                out.push(next);
                t = next;
            }
            None => break,
        }
    }
    out
}

/// An IANA zone name (`Europe/Berlin`, `UTC`); the error quotes the unknown name.
pub fn parse_timezone(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| EngineError::Invalid(format!("unknown time zone '{name}'")))
}

/// A cron expression: 5 fields, or 6 with a leading seconds field.
pub fn parse_cron(expr: &str) -> Result<Cron> {
    let fields = expr.split_whitespace().count();
    if !expr.trim_start().starts_with('@') && !(5..=6).contains(&fields) {
        return Err(EngineError::Invalid(format!(
            "'{expr}' has {fields} fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)"
        )));
    }
    CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .build()
        .parse(expr)
        .map_err(|e| EngineError::Invalid(format!("'{expr}' is not a valid cron expression: {e}")))
}

/// `90s`, `15m`, `6h`, `1d`, `1h30m`, `0s`.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let bad = || EngineError::Invalid(format!("'{text}' is not a duration like 90s, 15m, 6h or 1d"));
    let s = text.trim();
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

/// The inverse of [`parse_duration`] for whole seconds: `1h30m`, `90s` -> `1m30s`.
pub fn format_duration(d: Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("6h").unwrap(), Duration::from_secs(21_600));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("0s").unwrap(), Duration::ZERO);
        for bad in ["", "15", "m", "5x", "-1s", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
    }

    #[test]
    fn intervals_are_anchored() {
        let anchor: DateTime<Utc> = "2026-01-01T00:00:10Z".parse().unwrap();
        let s = Schedule::interval(Duration::from_secs(60), anchor, "UTC").unwrap().compile().unwrap();
        let t: DateTime<Utc> = "2026-01-01T00:05:10Z".parse().unwrap();
        assert_eq!(s.next_after(t).unwrap(), "2026-01-01T00:06:10Z".parse::<DateTime<Utc>>().unwrap());
        let before: DateTime<Utc> = "2025-12-31T23:59:59Z".parse().unwrap();
        assert_eq!(s.next_after(before).unwrap(), "2026-01-01T00:00:10Z".parse::<DateTime<Utc>>().unwrap());
    }
}
