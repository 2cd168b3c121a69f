//! Layer 1: the registry, JSON runs with field-naming validation, the TaskRun audit row
//! (written before the operation starts, finalised after) and context detection.

mod common;

use common::*;
use jobhunter_engine::{ErrorKind, OpError, Operation, Registry, Task, TaskRunStatus};
use serde_json::json;

#[tokio::test]
async fn registry_lists_operations_with_schemas() {
    let mut reg = Registry::new();
    reg.add_operation(&double());
    let ops = reg.operations();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].name, "double");
    assert_eq!(ops[0].category, "test");
    assert_eq!(ops[0].tags, ["math"]);
    assert_eq!(ops[0].input_schema["properties"]["n"]["type"], "integer");
    assert_eq!(ops[0].output_schema["required"], json!(["n"]));
}

#[tokio::test]
async fn bad_json_input_names_the_field_and_runs_nothing() {
    let mut reg = Registry::new();
    reg.add_operation(&double());
    let t = open(reg).await;
    let err = t.engine.run_operation("double", json!({"n": "seven"}), "test").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().starts_with("n: invalid type: string \"seven\""), "{err}");
    let err = t.engine.run_operation("double", json!({}), "test").await.unwrap_err();
    assert!(err.to_string().contains("missing field `n`"), "{err}");
    let err = t.engine.run_operation("nope", json!({}), "test").await.unwrap_err();
    assert_eq!(err.code(), "unknown_operation");
    assert!(all_task_runs(&t.engine).await.is_empty());
}

#[tokio::test]
async fn direct_call_records_a_complete_taskrun_with_orchestrated_false() {
    let mut reg = Registry::new();
    reg.add_operation(&double());
    let t = open(reg).await;
    let out = t.engine.run_operation("double", json!({"n": 21}), "cli").await.unwrap();
    assert_eq!(out.status, TaskRunStatus::Success);
    assert_eq!(out.output, Some(json!({"n": 42})));

    let row = t.engine.store().get_task_run(&out.taskrun_id).await.unwrap();
    assert_eq!(row.operation_name, "double");
    assert_eq!(row.task_name, "double");
    assert_eq!(row.status, TaskRunStatus::Success);
    assert_eq!(row.actor, "cli");
    assert!(!row.orchestrated);
    assert_eq!(row.flow_run_id, None);
    assert_eq!(row.task_run_id, out.call_id);
    assert_eq!(row.attempt, 1);
    assert_eq!(row.input_dump, json!({"n": 21}));
    assert_eq!(row.output, Some(json!({"n": 42})));
    assert_eq!(row.tags, ["math"]);
    assert!(row.finished_at.unwrap() >= row.started_at);
    assert!(row.duration_ms.is_some());
    assert_eq!(row.error_kind, None);
    assert_eq!(row.replay_of, None);
}

#[tokio::test]
async fn the_row_is_running_while_the_operation_executes() {
    // The operation reads its own audit row: it must already exist with status running.
    let probe = Operation::new("probe", |ctx: jobhunter_engine::OpContext, _: Num| async move {
        let row = ctx.engine().store().get_task_run(ctx.task_run_id()).await?;
        ctx.add_result_ref("document", "doc-1");
        ctx.set_metadata("seen_status", row.status.as_str());
        Ok(Num { n: i64::from(row.status == TaskRunStatus::Running) })
    });
    let t = open(Registry::new()).await;
    let got = Task::new(&probe).call(&t.engine, Num { n: 0 }).await.unwrap();
    assert_eq!(got.n, 1);
    let rows = all_task_runs(&t.engine).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, TaskRunStatus::Success);
    assert_eq!(rows[0].metadata["seen_status"], "running");
    assert_eq!(rows[0].result_refs[0].kind, "document");
    assert_eq!(rows[0].result_refs[0].id, "doc-1");
}

#[tokio::test]
async fn failures_are_classified_and_keep_their_cause() {
    #[derive(Debug, thiserror::Error)]
    #[error("connection reset")]
    struct Reset;
    #[derive(Debug, thiserror::Error)]
    #[error("fetching the board failed")]
    struct Fetch(#[source] Reset);

    let failing = Operation::new("failing", |_ctx, _: Num| async move {
        Err::<Num, _>(OpError::from_error(ErrorKind::Permanent, &Fetch(Reset)))
    });
    let t = open(Registry::new()).await;
    let err = Task::new(&failing).call(&t.engine, Num { n: 1 }).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Permanent);
    let row = &all_task_runs(&t.engine).await[0];
    assert_eq!(row.status, TaskRunStatus::Failed);
    assert_eq!(row.error_kind, Some(ErrorKind::Permanent));
    assert_eq!(row.error_message.as_deref(), Some("fetching the board failed"));
    assert_eq!(row.error_traceback.as_deref(), Some("caused by: connection reset"));
}

#[tokio::test]
async fn a_panicking_operation_fails_its_row_instead_of_the_process() {
    let panicky = Operation::new("panicky", |_ctx, _: Num| async move {
        if true {
            panic!("boom");
        }
        Ok(Num { n: 0 })
    });
    let t = open(Registry::new()).await;
    let err = Task::new(&panicky).retries(3).call(&t.engine, Num { n: 1 }).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Internal);
    assert!(err.message.contains("boom"));
    let rows = all_task_runs(&t.engine).await;
    assert_eq!(rows.len(), 1, "internal errors are not retried");
    assert_eq!(rows[0].status, TaskRunStatus::Failed);
    assert!(rows[0].error_traceback.as_deref().unwrap().contains("boom"));
}

#[tokio::test]
async fn replay_reruns_with_recorded_or_edited_input() {
    let mut reg = Registry::new();
    reg.add_operation(&double());
    let t = open(reg).await;
    let first = t.engine.run_operation("double", json!({"n": 2}), "cli").await.unwrap();
    let same = t.engine.replay(&first.taskrun_id, None, "cli").await.unwrap();
    assert_eq!(same.output, Some(json!({"n": 4})));
    let edited = t.engine.replay(&first.taskrun_id, Some(json!({"n": 5})), "cli").await.unwrap();
    assert_eq!(edited.output, Some(json!({"n": 10})));
    let row = t.engine.store().get_task_run(&edited.taskrun_id).await.unwrap();
    assert_eq!(row.replay_of.as_deref(), Some(first.taskrun_id.as_str()));
    assert_eq!(row.input_dump, json!({"n": 5}));
    let err = t.engine.replay(&first.taskrun_id, Some(json!({"n": []})), "cli").await.unwrap_err();
    assert!(err.to_string().starts_with("n: "), "{err}");
    let err = t.engine.replay("missing", None, "cli").await.unwrap_err();
    assert_eq!(err.code(), "not_found");
}
