//! The audit's time ranges and the clean-up bounded by the hours' rowid ranges (migration 19,
//! `task_run_hours`): rows keyed in batches and rows recorded after the last batch, a clock set
//! back between two rows, and every answer compared with a plain scan of `task_runs`.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use jobhunter_engine::{Registry, TaskRunFilter, TaskRunStatus};

/// 2026-12-01 at `hour`:`minute` UTC.
fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, hour, minute, 0).unwrap()
}

async fn row(
    engine: &jobhunter_engine::Engine,
    id: &str,
    operation: &str,
    status: &str,
    started: DateTime<Utc>,
) {
    sqlx::query(
        "INSERT INTO task_runs (id, operation_name, task_name, status, started_at, actor, orchestrated, \
         task_run_id, attempt, input_dump, input_hash) VALUES (?, ?, ?, ?, ?, 'test', 0, ?, 1, '{}', '')",
    )
    .bind(id)
    .bind(operation)
    .bind(operation)
    .bind(status)
    .bind(started.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
    .bind(id)
    .execute(engine.store().pool())
    .await
    .unwrap();
}

/// Rows over five hours, two an hour for each of two operations; the first three hours keyed,
/// then (unkeyed) more of hour 10 and a row whose clock went back to 8:30.
async fn five_hours() -> TestEngine {
    let t = open(Registry::new()).await;
    let e = &t.engine;
    for hour in 8..11 {
        for (i, op) in ["fetch", "score", "fetch", "score"].iter().enumerate() {
            let status = if i == 3 && hour == 9 { "failed" } else { "success" };
            row(e, &format!("h{hour}-{i}"), op, status, at(hour, i as u32 * 10)).await;
        }
    }
    e.store().sweep_audit_keys().await.unwrap();
    row(e, "h10-late", "fetch", "success", at(10, 50)).await;
    row(e, "clock-back", "score", "success", at(8, 30)).await;
    row(e, "h12", "fetch", "running", at(12, 0)).await;
    t
}

#[tokio::test]
async fn time_ranges_match_a_scan_keyed_or_not() {
    let t = five_hours().await;
    let when = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let cases = [
        (Some(at(9, 0)), None),
        (None, Some(at(9, 0))),
        (Some(at(8, 25)), Some(at(8, 35))),
        (Some(at(9, 5)), Some(at(10, 45))),
        (Some(at(10, 0)), Some(at(11, 0))),
        (Some(at(13, 0)), None),
        (None, Some(at(7, 0))),
    ];
    for (since, until) in cases {
        let mut condition = "1".to_owned();
        if let Some(s) = since {
            condition += &format!(" AND started_at >= '{}'", when(s));
        }
        if let Some(u) = until {
            condition += &format!(" AND started_at < '{}'", when(u));
        }
        let range = TaskRunFilter { since, until, ..Default::default() };
        assert_eq!(
            all_pages(&t.engine, range.clone(), 4).await,
            scan(&t.engine, &condition).await,
            "{condition}"
        );
        let score = TaskRunFilter { operation: Some("score".into()), ..range.clone() };
        assert_eq!(
            all_pages(&t.engine, score, 4).await,
            scan(&t.engine, &format!("{condition} AND operation_name = 'score'")).await,
            "score, {condition}"
        );
        let failed = TaskRunFilter { status: Some(TaskRunStatus::Failed), ..range };
        assert_eq!(
            all_pages(&t.engine, failed, 4).await,
            scan(&t.engine, &format!("{condition} AND status = 'failed'")).await,
            "failed, {condition}"
        );
    }
    // The row the clock set back is found in its hour, keyed or not.
    let half_past_eight =
        TaskRunFilter { since: Some(at(8, 30)), until: Some(at(8, 31)), ..Default::default() };
    assert_eq!(all_pages(&t.engine, half_past_eight.clone(), 4).await, ["clock-back", "h8-3"]);
    t.engine.store().sweep_audit_keys().await.unwrap();
    assert_eq!(all_pages(&t.engine, half_past_eight, 4).await, ["clock-back", "h8-3"]);
}

#[tokio::test]
async fn the_clean_up_deletes_what_a_scan_finds_and_forgets_empty_hours() {
    let t = five_hours().await;
    let e = &t.engine;
    row(e, "h7-open", "fetch", "running", at(7, 0)).await;
    e.store().sweep_audit_keys().await.unwrap();
    row(e, "h8-unkeyed", "fetch", "success", at(8, 45)).await;

    let kept = scan(e, "started_at >= '2026-12-01T09:30:00.000000Z' OR status = 'running'").await;
    let counts = e.store().cleanup_older_than(at(9, 30), at(12, 0)).await.unwrap();
    assert_eq!(scan(e, "1").await, kept);
    assert_eq!(counts.task_runs, 9, "hour 8 (4, the clock set back, one unkeyed) and 9 before :30 (3)");
    let hours: Vec<String> = sqlx::query_scalar("SELECT hour FROM task_run_hours ORDER BY hour")
        .fetch_all(e.store().pool())
        .await
        .unwrap();
    // 8 is gone; 7 keeps its open row, 9 its last rows.
    assert_eq!(hours, ["2026-12-01T07", "2026-12-01T09", "2026-12-01T10", "2026-12-01T12"]);
    let all = TaskRunFilter { until: Some(at(9, 0)), ..Default::default() };
    assert_eq!(all_pages(e, all, 4).await, ["h7-open"]);
}

#[tokio::test]
async fn a_row_whose_start_is_changed_afterwards_is_found_in_its_new_hour() {
    let t = five_hours().await;
    let e = &t.engine;
    e.store().sweep_audit_keys().await.unwrap();
    sqlx::query("UPDATE task_runs SET started_at = '2026-11-01T08:00:00.000000Z' WHERE id = 'h10-1'")
        .execute(e.store().pool())
        .await
        .unwrap();
    let november = TaskRunFilter { until: Some(at(0, 0)), ..Default::default() };
    assert_eq!(all_pages(e, november, 4).await, ["h10-1"]);
    let counts = e.store().cleanup_older_than(at(0, 0), at(12, 0)).await.unwrap();
    assert_eq!(counts.task_runs, 1);
}
