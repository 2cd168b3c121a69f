//! TaskRun and flow-run queries: filters, time ranges, pagination, per-operation stats, and the
//! cleanup that the maintenance flow runs (with an injected clock).

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use jobhunter_engine::{
    Clock, FlowRunFilter, ManualClock, OpError, Operation, Registry, StateType, Task, TaskRunFilter,
    TaskRunStatus,
};

fn mixed() -> Operation<Num, Num> {
    Operation::new("mixed", |_ctx, input: Num| async move {
        if input.n < 0 {
            Err(OpError::permanent("negative"))
        } else {
            tokio::time::sleep(std::time::Duration::from_millis(input.n as u64)).await;
            Ok(input)
        }
    })
}

#[tokio::test]
async fn filters_pagination_and_time_ranges() {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let t = open_with_clock(Registry::new(), clock.clone()).await;
    for n in [1, 2, -1, 3, -2] {
        clock.advance(chrono::Duration::hours(1));
        let _ = Task::new(&mixed()).call(&t.engine, Num { n }).await;
    }
    Task::new(&double()).call(&t.engine, Num { n: 1 }).await.unwrap();

    let store = t.engine.store();
    let all = store.list_task_runs(&TaskRunFilter::default()).await.unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.windows(2).all(|w| w[0].started_at >= w[1].started_at), "newest first");

    let failed = TaskRunFilter { status: Some(TaskRunStatus::Failed), ..Default::default() };
    assert_eq!(store.list_task_runs(&failed).await.unwrap().len(), 2);
    let by_op = TaskRunFilter { operation: Some("double".into()), ..Default::default() };
    assert_eq!(store.list_task_runs(&by_op).await.unwrap().len(), 1);

    let window = TaskRunFilter {
        since: Some(start + chrono::Duration::hours(2)),
        until: Some(start + chrono::Duration::hours(4)),
        ..Default::default()
    };
    let inputs: Vec<_> = store
        .list_task_runs(&window)
        .await
        .unwrap()
        .iter()
        .map(|r| r.input_dump["n"].as_i64().unwrap())
        .collect();
    assert_eq!(inputs, [-1, 2]);

    let page1 = store.list_task_runs(&TaskRunFilter { limit: 4, ..Default::default() }).await.unwrap();
    let page2 =
        store.list_task_runs(&TaskRunFilter { limit: 4, offset: 4, ..Default::default() }).await.unwrap();
    assert_eq!((page1.len(), page2.len()), (4, 2));
    assert!(page1.iter().all(|a| page2.iter().all(|b| a.id != b.id)));
}

#[tokio::test]
async fn per_operation_stats() {
    let t = open(Registry::new()).await;
    for n in [10, 10, 10, 40, -1] {
        let _ = Task::new(&mixed()).call(&t.engine, Num { n }).await;
    }
    let stats = t.engine.store().operation_stats(None).await.unwrap();
    assert_eq!(stats.len(), 1);
    let s = &stats[0];
    assert_eq!(s.operation_name, "mixed");
    assert_eq!((s.runs, s.successes, s.failures), (5, 4, 1));
    assert!((s.success_rate - 0.8).abs() < 1e-9);
    assert!(s.avg_duration_ms.unwrap() >= 10.0);
    assert!(s.p95_duration_ms.unwrap() >= 40, "p95 is the slowest of 5: {s:?}");
}

#[tokio::test]
async fn cleanup_deletes_only_old_finished_records() {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let t = open_with_clock(Registry::new(), clock.clone()).await;
    let flow = jobhunter_engine::Flow::new(
        "f",
        |ctx: jobhunter_engine::FlowContext, _: serde_json::Value| async move {
            ctx.run(&Task::new(&double()), Num { n: 1 }).await
        },
    );
    let opts = jobhunter_engine::RunOptions::new("manual", "test");
    let old_run = t.engine.run_flow(&flow, serde_json::json!({}), opts.clone()).await.unwrap();
    Task::new(&double()).call(&t.engine, Num { n: 2 }).await.unwrap();

    clock.advance(chrono::Duration::days(40));
    let new_run = t.engine.run_flow(&flow, serde_json::json!({}), opts).await.unwrap();
    let now = clock.now();
    let counts = t.engine.store().cleanup_older_than(now - chrono::Duration::days(30), now).await.unwrap();
    assert_eq!((counts.flow_runs, counts.task_runs), (1, 2));

    let store = t.engine.store();
    assert_eq!(store.get_flow_run(&old_run.flow_run_id).await.unwrap_err().code(), "not_found");
    let runs = store.list_flow_runs(&FlowRunFilter::default()).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].id, new_run.flow_run_id);
    assert_eq!(runs[0].state_type, StateType::Completed);
    assert_eq!(all_task_runs(&t.engine).await.len(), 1);
}
