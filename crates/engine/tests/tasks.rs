//! Layer 2: task policy: retries with delay lists, backoff and jitter, retry conditions,
//! rate-limit waits, timeouts that really cancel, caching with expiry (injected clock), and
//! concurrency limits by tag.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeZone;
use common::*;
use jobhunter_engine::{
    CacheKeyPolicy, ErrorKind, ManualClock, OpError, Operation, Registry, RetryDelay, Task, TaskRunStatus,
};

#[tokio::test]
async fn transient_failures_are_retried_with_one_row_per_attempt() {
    let calls = counter();
    let op = flaky(2, OpError::transient("503 from the board"), calls.clone());
    let t = open(Registry::new()).await;
    let task = Task::new(&op).retries(3).retry_delay(RetryDelay::seconds(&[0.05, 0.1, 0.2]));
    let started = Instant::now();
    let got = task.call(&t.engine, Num { n: 7 }).await.unwrap();
    assert_eq!(got.n, 7);
    assert_eq!(get(&calls), 3);
    assert!(started.elapsed() >= Duration::from_millis(150), "waited the listed delays 0.05 + 0.1");

    let rows = all_task_runs(&t.engine).await;
    let statuses: Vec<_> = rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [TaskRunStatus::Failed, TaskRunStatus::Failed, TaskRunStatus::Success]);
    assert_eq!(rows.iter().map(|r| r.attempt).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(rows.iter().all(|r| r.task_run_id == rows[0].task_run_id), "attempts share the call id");
    assert_eq!(rows[0].error_kind, Some(ErrorKind::Transient));
}

#[tokio::test]
async fn retries_run_out() {
    let calls = counter();
    let op = flaky(10, OpError::transient("down"), calls.clone());
    let t = open(Registry::new()).await;
    let err = Task::new(&op).retries(2).call(&t.engine, Num { n: 1 }).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Transient);
    assert_eq!(get(&calls), 3);
    assert_eq!(all_task_runs(&t.engine).await.len(), 3);
}

#[tokio::test]
async fn invalid_and_permanent_errors_are_never_retried() {
    for err in [OpError::invalid("title: empty"), OpError::permanent("404 board not found")] {
        let calls = counter();
        let op = flaky(10, err.clone(), calls.clone());
        let t = open(Registry::new()).await;
        let got = Task::new(&op).retries(5).call(&t.engine, Num { n: 1 }).await.unwrap_err();
        assert_eq!(got.kind, err.kind);
        assert_eq!(get(&calls), 1, "{:?} must not be retried", err.kind);
    }
}

#[tokio::test]
async fn retry_condition_decides_on_top_of_the_kind() {
    let calls = counter();
    let op = flaky(10, OpError::transient("quota exhausted"), calls.clone());
    let t = open(Registry::new()).await;
    let task = Task::new(&op).retries(5).retry_if(|e| !e.message.contains("quota"));
    task.call(&t.engine, Num { n: 1 }).await.unwrap_err();
    assert_eq!(get(&calls), 1);
}

#[tokio::test]
async fn rate_limited_waits_retry_after() {
    let calls = counter();
    let err = OpError::rate_limited("429", Some(Duration::from_millis(400)));
    let op = flaky(1, err, calls.clone());
    let t = open(Registry::new()).await;
    let task = Task::new(&op).retries(1).retry_delay(RetryDelay::Fixed(Duration::from_millis(1)));
    let started = Instant::now();
    task.call(&t.engine, Num { n: 1 }).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
    let rows = all_task_runs(&t.engine).await;
    assert_eq!(rows[0].error_kind, Some(ErrorKind::RateLimited));
    assert_eq!(rows[1].status, TaskRunStatus::Success);
}

#[tokio::test]
async fn exponential_backoff_with_jitter_spaces_the_attempts() {
    let calls = counter();
    let op = flaky(3, OpError::transient("flaky"), calls.clone());
    let t = open(Registry::new()).await;
    let task = Task::new(&op)
        .retries(3)
        .retry_delay(RetryDelay::Exponential {
            base: Duration::from_millis(40),
            factor: 2.0,
            max: Duration::from_millis(100),
        })
        .jitter(0.25);
    let started = Instant::now();
    task.call(&t.engine, Num { n: 1 }).await.unwrap();
    // 40 + 80 + 100 (capped) = 220 ms, each -25% at worst.
    assert!(started.elapsed() >= Duration::from_millis(165), "{:?}", started.elapsed());
    assert_eq!(get(&calls), 4);
}

#[tokio::test]
async fn timeout_cancels_the_operation_future_and_is_recorded() {
    let (started, dropped) = (counter(), counter());
    let op = sleeper(started.clone(), dropped.clone());
    let t = open(Registry::new()).await;
    let task = Task::new(&op).timeout(Duration::from_millis(100)).retries(1);
    let began = Instant::now();
    let err = task.call(&t.engine, Num { n: 10_000 }).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::TimedOut);
    assert!(began.elapsed() < Duration::from_secs(5));
    assert_eq!(get(&started), 2, "timed-out attempts are retried");
    assert_eq!(get(&dropped), 2, "each timed-out future was dropped, not left running");
    let rows = all_task_runs(&t.engine).await;
    assert!(rows.iter().all(|r| r.status == TaskRunStatus::TimedOut));
    assert!(rows.iter().all(|r| r.error_kind == Some(ErrorKind::TimedOut)));
}

#[tokio::test]
async fn cache_hit_executes_nothing_until_it_expires() {
    let clock = Arc::new(ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()));
    let t = open_with_clock(Registry::new(), clock.clone()).await;
    let calls = counter();
    let op = counted_double(calls.clone());
    let task = Task::new(&op).cache(CacheKeyPolicy::Inputs, Some(Duration::from_secs(3600)));

    assert_eq!(task.call(&t.engine, Num { n: 4 }).await.unwrap().n, 8);
    assert_eq!(task.call(&t.engine, Num { n: 4 }).await.unwrap().n, 8);
    assert_eq!(get(&calls), 1, "the second call was a cache hit");
    assert_eq!(task.call(&t.engine, Num { n: 5 }).await.unwrap().n, 10);
    assert_eq!(get(&calls), 2, "another input is another key");

    clock.advance(chrono::Duration::minutes(61));
    assert_eq!(task.call(&t.engine, Num { n: 4 }).await.unwrap().n, 8);
    assert_eq!(get(&calls), 3, "expired entries execute again");

    let rows = all_task_runs(&t.engine).await;
    let statuses: Vec<_> = rows.iter().map(|r| r.status).collect();
    use TaskRunStatus::*;
    assert_eq!(statuses, [Success, Cached, Success, Success]);
    assert_eq!(rows[1].output, rows[0].output);
    assert_eq!(rows[1].cache_key, rows[0].cache_key);
    assert!(rows[1].cache_key.is_some());
    assert_eq!(rows[1].metadata["cache_hit"], true);
}

#[tokio::test]
async fn custom_cache_key_ignores_what_it_leaves_out() {
    let t = open(Registry::new()).await;
    let calls = counter();
    let op = counted_double(calls.clone());
    // Key on the parity of n only.
    let task = Task::new(&op).cache(
        CacheKeyPolicy::Custom(Arc::new(|input, _params| (input["n"].as_i64().unwrap_or(0) % 2).to_string())),
        None,
    );
    task.call(&t.engine, Num { n: 2 }).await.unwrap();
    assert_eq!(task.call(&t.engine, Num { n: 4 }).await.unwrap().n, 4, "cached result of n=2");
    assert_eq!(get(&calls), 1);
}

#[tokio::test]
async fn concurrency_limit_by_tag_holds_across_calls() {
    let t = open(Registry::new()).await;
    t.engine.set_concurrency_limit("scrape", 2);
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (r, p) = (running.clone(), peak.clone());
    let op = Operation::new("limited", move |_ctx, input: Num| {
        let (running, peak) = (r.clone(), p.clone());
        async move {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(60)).await;
            running.fetch_sub(1, Ordering::SeqCst);
            Ok(input)
        }
    })
    .tags(["scrape"]);
    let task = Task::new(&op);
    let futures: Vec<_> = (0..6).map(|n| task.submit(&t.engine, Num { n })).collect();
    for r in futures::future::join_all(futures).await {
        r.unwrap();
    }
    assert_eq!(peak.load(Ordering::SeqCst), 2);
    // A task-level tag is limited the same way.
    let other = Task::new(&sleeper(counter(), counter())).tag("scrape");
    let begun = Instant::now();
    let futures: Vec<_> = (0..4).map(|_| other.submit(&t.engine, Num { n: 50 })).collect();
    futures::future::join_all(futures).await;
    assert!(begun.elapsed() >= Duration::from_millis(100), "4 x 50 ms with 2 slots takes >= 100 ms");
}
