//! Call statistics over the TaskRun audit: a call (all the attempts of one operation call)
//! counts once, with its last attempt's outcome; groups by operation or by actor; the
//! orchestrated filter; average, total and p95 duration per group.

mod common;

use std::time::Duration;

use common::*;
use jobhunter_engine::{
    CallStatsFilter, Flow, FlowContext, OpError, Operation, Registry, RetryDelay, RunOptions, StatsGroupBy,
    Task,
};
use serde_json::json;

/// Sleeps `n` ms and fails when n is negative.
fn nap() -> Operation<Num, Num> {
    Operation::new("nap", |_ctx, input: Num| async move {
        if input.n < 0 {
            return Err(OpError::permanent("negative"));
        }
        tokio::time::sleep(Duration::from_millis(input.n as u64)).await;
        Ok(input)
    })
}

#[tokio::test]
async fn calls_not_attempts_by_operation_and_actor() {
    let t = open(Registry::new()).await;
    let engine = &t.engine;
    // Direct calls (the task API's actor: `api`).
    // One call retried twice and then successful: 3 attempts, 1 call, 1 success.
    let retried = Task::new(&flaky(2, OpError::transient("blip"), counter()))
        .retries(2)
        .retry_delay(RetryDelay::Fixed(Duration::from_millis(1)));
    retried.call(engine, Num { n: 1 }).await.unwrap();
    // One call that fails for good after a retry: 2 attempts, 1 failed call.
    let doomed = Task::new(&flaky(9, OpError::transient("down"), counter()))
        .retries(1)
        .retry_delay(RetryDelay::Fixed(Duration::from_millis(1)));
    doomed.call(engine, Num { n: 1 }).await.unwrap_err();
    for n in [10, 20, -1] {
        let _ = Task::new(&nap()).call(engine, Num { n }).await;
    }
    // A flow makes two orchestrated calls of `nap`.
    let flow = Flow::new("f", |ctx: FlowContext, _: serde_json::Value| async move {
        ctx.run(&Task::new(&nap()), Num { n: 5 }).await?;
        ctx.run(&Task::new(&nap()), Num { n: 5 }).await
    });
    engine.run_flow(&flow, json!({}), RunOptions::new("manual", "desktop")).await.unwrap();

    let store = engine.store();
    let by_op = store.call_stats(&CallStatsFilter::default()).await.unwrap();
    let names: Vec<_> = by_op.iter().map(|s| s.group.as_str()).collect();
    assert_eq!(names, ["flaky", "nap"]);
    let flaky = &by_op[0];
    assert_eq!((flaky.calls, flaky.attempts, flaky.successes, flaky.failures), (2, 5, 1, 1), "{flaky:?}");
    assert!((flaky.success_rate - 0.5).abs() < 1e-9);
    let nap = &by_op[1];
    assert_eq!((nap.calls, nap.attempts, nap.successes, nap.failures), (5, 5, 4, 1), "{nap:?}");
    assert!(nap.total_duration_ms >= 40, "{nap:?}");
    let avg = nap.avg_duration_ms.unwrap();
    assert!((avg - nap.total_duration_ms as f64 / 5.0).abs() < 1e-9, "{nap:?}");
    assert!(nap.p95_duration_ms.unwrap() >= 20, "p95 is the slowest of 5: {nap:?}");

    // Only what flows did.
    let orchestrated = CallStatsFilter { orchestrated: Some(true), ..Default::default() };
    let stats = store.call_stats(&orchestrated).await.unwrap();
    assert_eq!(stats.len(), 1);
    assert_eq!((stats[0].group.as_str(), stats[0].calls), ("nap", 2));
    let direct = CallStatsFilter { orchestrated: Some(false), ..Default::default() };
    let stats = store.call_stats(&direct).await.unwrap();
    assert_eq!(stats.iter().map(|s| s.calls).sum::<i64>(), 5);

    // By who started it: the flow's calls are the flow's, the others the direct caller's.
    let by_actor =
        store.call_stats(&CallStatsFilter { by: StatsGroupBy::Actor, ..Default::default() }).await.unwrap();
    let actors: Vec<_> = by_actor.iter().map(|s| (s.group.as_str(), s.calls)).collect();
    assert_eq!(actors, [("api", 5), ("desktop", 2)]);

    // The older per-operation view counts calls too.
    let ops = store.operation_stats(None).await.unwrap();
    assert_eq!((ops[0].operation_name.as_str(), ops[0].runs), ("flaky", 2));

    // Since: calls that started later only.
    let later = CallStatsFilter {
        since: Some(chrono::Utc::now() + chrono::Duration::hours(1)),
        ..Default::default()
    };
    assert!(store.call_stats(&later).await.unwrap().is_empty());
}
