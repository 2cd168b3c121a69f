//! The TaskRun audit tells the truth about an operation call even when the audit database
//! misbehaves: an operation that ran and whose final TaskRun write fails still hands its real
//! result to the caller (it is not reported as "not run"), and a final write that fails for a
//! moment is retried until the row is finished.
//!
//! The failure is injected in the database itself: the operation, while it runs (after its
//! `running` row was written), creates a trigger that refuses to finish TaskRun rows.

mod common;

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use jobhunter_engine::{Flow, FlowContext, OpContext, Operation, Registry, RunOptions, Task, TaskRunStatus};
use serde_json::json;

const REFUSE_FINISH: &str = "CREATE TRIGGER refuse_finish BEFORE UPDATE ON task_runs \
     WHEN NEW.status <> 'running' \
     BEGIN SELECT RAISE(ABORT, 'injected: the audit database refuses to finish the row'); END";

/// Doubles n after making the database refuse to finish TaskRun rows; when `heal_after` is
/// set, the refusal is lifted again that long after the operation returns.
fn breaks_the_audit(runs: Arc<AtomicUsize>, heal_after: Option<Duration>) -> Operation<Num, Num> {
    Operation::new("breaks_the_audit", move |ctx: OpContext, input: Num| {
        let runs = runs.clone();
        async move {
            runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            sqlx::query(REFUSE_FINISH).execute(ctx.db()).await?;
            if let Some(delay) = heal_after {
                let pool = ctx.db().clone();
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    sqlx::query("DROP TRIGGER refuse_finish").execute(&pool).await.unwrap();
                });
            }
            Ok(Num { n: input.n * 2 })
        }
    })
}

#[tokio::test]
async fn a_failed_final_write_still_returns_the_operations_real_result() {
    let runs = counter();
    let op = breaks_the_audit(runs.clone(), None);
    let t = open(Registry::new()).await;

    let got = Task::new(&op).call(&t.engine, Num { n: 21 }).await;
    assert_eq!(got.unwrap(), Num { n: 42 }, "the caller gets what the operation returned");
    assert_eq!(get(&runs), 1, "the operation ran once");

    // The row could not be finished: it stays `running` (never a fake outcome).
    let rows = all_task_runs(&t.engine).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, TaskRunStatus::Running);
    assert_eq!(rows[0].output, None);
}

#[tokio::test]
async fn inside_a_flow_a_failed_final_write_still_returns_the_operations_real_result() {
    let runs = counter();
    let op = breaks_the_audit(runs.clone(), None);
    let flow = Flow::new("audit_breaks", move |ctx: FlowContext, _: serde_json::Value| {
        let op = op.clone();
        async move { ctx.run(&Task::new(&op), Num { n: 5 }).await }
    });
    let t = open(Registry::new()).await;
    let out = t.engine.run_flow(&flow, json!({}), RunOptions::new("manual", "test")).await.unwrap();
    assert_eq!(out.result, Some(json!({"n": 10})));
    assert_eq!(get(&runs), 1);
}

#[tokio::test]
async fn a_final_write_that_fails_for_a_moment_is_retried_until_the_row_is_finished() {
    let runs = counter();
    let op = breaks_the_audit(runs.clone(), Some(Duration::from_millis(30)));
    let t = open(Registry::new()).await;

    let got = Task::new(&op).call(&t.engine, Num { n: 4 }).await.unwrap();
    assert_eq!(got, Num { n: 8 });
    assert_eq!(get(&runs), 1);
    let rows = all_task_runs(&t.engine).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, TaskRunStatus::Success);
    assert_eq!(rows[0].output, Some(json!({"n": 8})));
    assert!(rows[0].finished_at.is_some());
}
