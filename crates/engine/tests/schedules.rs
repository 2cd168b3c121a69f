//! Schedule computation against known instants, across daylight-saving changes in several
//! zones: a fixed local time stays at that local time; a time skipped by spring-forward fires
//! once at the first valid instant after the gap; a repeated time fires once, at its first
//! occurrence.

use chrono::{DateTime, Utc};
use jobhunter_engine::schedule::{parse_cron, parse_duration, parse_timezone, Schedule};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The next `n` fire times of `expr` in `tz` after `after`, as RFC 3339 UTC strings.
fn next(expr: &str, tz: &str, after: &str, n: usize) -> Vec<String> {
    Schedule::cron(expr, tz)
        .unwrap()
        .compile()
        .unwrap()
        .upcoming(utc(after), n)
        .into_iter()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .collect()
}

#[test]
fn berlin_spring_forward_runs_a_skipped_time_once_at_the_end_of_the_gap() {
    // 2026-03-29: 02:00 CET -> 03:00 CEST; 02:30 does not exist. 03:00 CEST = 01:00Z.
    assert_eq!(
        next("30 2 * * *", "Europe/Berlin", "2026-03-27T12:00:00Z", 3),
        ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]
    );
}

#[test]
fn berlin_fall_back_runs_a_repeated_time_once_at_its_first_occurrence() {
    // 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    assert_eq!(
        next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 3),
        ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z"]
    );
    // Asked from between the two occurrences: not again that day.
    assert_eq!(next("30 2 * * *", "Europe/Berlin", "2026-10-25T00:45:00Z", 1), ["2026-10-26T01:30:00Z"]);
}

#[test]
fn a_daily_nine_oclock_hunt_stays_at_nine_local_across_the_changes() {
    // Berlin: 08:00Z in winter, 07:00Z in summer.
    assert_eq!(
        next("0 9 * * *", "Europe/Berlin", "2026-03-28T00:00:00Z", 3),
        ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]
    );
    assert_eq!(
        next("0 9 * * *", "Europe/Berlin", "2026-10-24T00:00:00Z", 3),
        ["2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"]
    );
    // New York: spring-forward 2026-03-08, fall-back 2026-11-01.
    assert_eq!(
        next("0 9 * * *", "America/New_York", "2026-03-07T00:00:00Z", 2),
        ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"]
    );
    assert_eq!(
        next("0 9 * * *", "America/New_York", "2026-10-31T00:00:00Z", 2),
        ["2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z"]
    );
    // Sydney (southern hemisphere): DST ends 2026-04-05, starts 2026-10-04.
    assert_eq!(
        next("0 9 * * *", "Australia/Sydney", "2026-04-03T12:00:00Z", 2),
        ["2026-04-03T22:00:00Z", "2026-04-04T23:00:00Z"]
    );
    assert_eq!(
        next("0 9 * * *", "Australia/Sydney", "2026-10-02T12:00:00Z", 2),
        ["2026-10-02T23:00:00Z", "2026-10-03T22:00:00Z"]
    );
}

#[test]
fn new_york_gap_and_overlap() {
    // 2026-03-08 02:00 EST -> 03:00 EDT: 02:30 is skipped -> 03:00 EDT = 07:00Z.
    assert_eq!(
        next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2),
        ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]
    );
    // 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice (05:30Z EDT, 06:30Z EST).
    assert_eq!(
        next("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2),
        ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]
    );
}

#[test]
fn sydney_gap_and_overlap() {
    // 2026-10-04 02:00 AEST -> 03:00 AEDT: 02:30 is skipped -> 03:00 AEDT = 16:00Z (Oct 3).
    assert_eq!(
        next("30 2 * * *", "Australia/Sydney", "2026-10-02T12:00:00Z", 2),
        ["2026-10-02T16:30:00Z", "2026-10-03T16:00:00Z"]
    );
    // 2026-04-05 03:00 AEDT -> 02:00 AEST: 02:30 happens at 15:30Z and 16:30Z (Apr 4).
    assert_eq!(
        next("30 2 * * *", "Australia/Sydney", "2026-04-03T12:00:00Z", 2),
        ["2026-04-03T15:30:00Z", "2026-04-04T15:30:00Z"]
    );
}

#[test]
fn six_fields_have_leading_seconds_and_wildcards_follow_real_time() {
    assert_eq!(
        next("*/20 * * * * *", "UTC", "2026-01-01T00:00:00Z", 3),
        ["2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"]
    );
    // Every 30 minutes through the Berlin spring-forward: no run in the missing hour, none doubled.
    assert_eq!(
        next("*/30 * * * *", "Europe/Berlin", "2026-03-29T00:15:00Z", 4),
        ["2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z"]
    );
}

#[test]
fn intervals_are_elapsed_time_across_dst() {
    let anchor = utc("2026-03-28T23:00:00Z");
    let s = Schedule::interval(parse_duration("6h").unwrap(), anchor, "Europe/Berlin")
        .unwrap()
        .compile()
        .unwrap();
    let got: Vec<DateTime<Utc>> = s.upcoming(anchor, 3);
    assert_eq!(got, [utc("2026-03-29T05:00:00Z"), utc("2026-03-29T11:00:00Z"), utc("2026-03-29T17:00:00Z")]);
}

#[test]
fn bad_input_names_the_problem() {
    assert_eq!(parse_timezone("Mars/Base").unwrap_err().to_string(), "unknown time zone 'Mars/Base'");
    let err = parse_cron("61 * * * *").unwrap_err().to_string();
    assert!(err.contains("'61 * * * *' is not a valid cron expression"), "{err}");
    let err = parse_cron("* * *").unwrap_err().to_string();
    assert!(err.contains("has 3 fields"), "{err}");
    assert!(Schedule::interval(std::time::Duration::ZERO, Utc::now(), "UTC").is_err());
}
