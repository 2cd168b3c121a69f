//! The audit's deferred keys (migration 18, `store/audit_keys.rs`): the operation filter and
//! the open rows are recorded in batches, so a list or a recovery must merge the keys with
//! the rows recorded after the last batch. Each test crosses that boundary and compares the
//! answer with a plain scan of `task_runs`.

mod common;

use common::*;
use jobhunter_engine::{OpError, Operation, Registry, Task, TaskRunFilter, TaskRunStatus};

fn picky() -> Operation<Num, Num> {
    Operation::new("picky", |_ctx, input: Num| async move {
        if input.n % 5 == 0 {
            Err(OpError::permanent("a multiple of five"))
        } else {
            Ok(input)
        }
    })
}

async fn swept(engine: &jobhunter_engine::Engine) -> i64 {
    sqlx::query_scalar("SELECT run FROM task_run_keys_swept").fetch_one(engine.store().pool()).await.unwrap()
}

#[tokio::test]
async fn filters_read_the_keys_and_the_rows_recorded_after_them() {
    let t = open(Registry::new()).await;
    for n in 1..=150 {
        let _ = Task::new(&picky()).call(&t.engine, Num { n }).await;
        if n % 3 == 0 {
            Task::new(&double()).call(&t.engine, Num { n }).await.unwrap();
        }
    }
    let (mark, rows): (i64, i64) = (
        swept(&t.engine).await,
        sqlx::query_scalar("SELECT MAX(rowid) FROM task_runs")
            .fetch_one(t.engine.store().pool())
            .await
            .unwrap(),
    );
    assert!(0 < mark && mark < rows, "some rows keyed, some not yet: swept {mark} of {rows}");

    let by_op = |op: &str| TaskRunFilter { operation: Some(op.into()), ..Default::default() };
    for op in ["picky", "double"] {
        let expected = scan(&t.engine, &format!("operation_name = '{op}'")).await;
        assert_eq!(all_pages(&t.engine, by_op(op), 7).await, expected, "{op}, 7 at a time");
        let first =
            t.engine.store().list_task_runs(&TaskRunFilter { limit: 500, ..by_op(op) }).await.unwrap();
        assert_eq!(first.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), expected, "{op}, one page");
    }
    let failed = TaskRunFilter { status: Some(TaskRunStatus::Failed), ..by_op("picky") };
    assert_eq!(all_pages(&t.engine, failed, 7).await, scan(&t.engine, "status = 'failed'").await);
    assert_eq!(all_pages(&t.engine, TaskRunFilter::default(), 7).await, scan(&t.engine, "1").await);

    // Going back from the oldest row of the second page: the first page, newest first.
    let all = scan(&t.engine, "operation_name = 'picky'").await;
    let back = TaskRunFilter { limit: 7, before: Some(all[7].clone()), ..by_op("picky") };
    let ids: Vec<_> =
        t.engine.store().list_task_runs(&back).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, all[..7]);
}

/// Inserts an open TaskRun of `owner` directly, as a process that died mid-task left it.
async fn open_row(engine: &jobhunter_engine::Engine, id: &str, owner: &str) {
    sqlx::query(
        "INSERT INTO task_runs (id, operation_name, task_name, status, started_at, actor, orchestrated, \
         task_run_id, attempt, input_dump, input_hash, owner) \
         VALUES (?, 'scrape', 'scrape', 'running', '2026-12-01T09:00:00.000000Z', 'test', 0, ?, 1, '{}', '', ?)",
    )
    .bind(id)
    .bind(id)
    .bind(owner)
    .execute(engine.store().pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn open_rows_of_a_dead_process_are_found_keyed_or_not() {
    let t = open(Registry::new()).await;
    open_row(&t.engine, "open-keyed", "dead-instance").await;
    t.engine.store().sweep_audit_keys().await.unwrap();
    open_row(&t.engine, "open-recent", "dead-instance").await;
    Task::new(&double()).call(&t.engine, Num { n: 1 }).await.unwrap();

    let running = TaskRunFilter { status: Some(TaskRunStatus::Running), ..Default::default() };
    let ids: Vec<_> =
        t.engine.store().list_task_runs(&running).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["open-recent", "open-keyed"]);

    t.engine.recover_dead_owners().await.unwrap();
    assert_eq!(scan(&t.engine, "status = 'crashed'").await, ["open-recent", "open-keyed"]);
    assert!(t.engine.store().list_task_runs(&running).await.unwrap().is_empty());

    // The update that ended the keyed row's `running` state took its open key with it.
    let open_keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM task_run_keys WHERE kind = 2")
        .fetch_one(t.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(open_keys, 0);
}

#[tokio::test]
async fn deleting_the_newest_rows_brings_the_mark_back_so_reused_rowids_are_still_found() {
    let t = open(Registry::new()).await;
    for n in 0..10 {
        Task::new(&double()).call(&t.engine, Num { n }).await.unwrap();
    }
    t.engine.store().sweep_audit_keys().await.unwrap();
    assert_eq!(swept(&t.engine).await, 10);
    sqlx::query("DELETE FROM task_runs WHERE rowid > 4").execute(t.engine.store().pool()).await.unwrap();
    assert_eq!(swept(&t.engine).await, 4);
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM task_run_keys")
        .fetch_one(t.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(keys, 4, "deleted rows take their keys with them");

    // SQLite hands rowids 5.. out again; the list finds the new rows by their operation.
    for n in 0..3 {
        Task::new(&picky()).call(&t.engine, Num { n: n + 1 }).await.unwrap();
    }
    let by_op = TaskRunFilter { operation: Some("picky".into()), ..Default::default() };
    assert_eq!(all_pages(&t.engine, by_op, 7).await, scan(&t.engine, "operation_name = 'picky'").await);
    assert_eq!(scan(&t.engine, "operation_name = 'picky'").await.len(), 3);
}

#[tokio::test]
async fn tasks_still_commit_when_their_keys_cannot_be_recorded() {
    let t = open(Registry::new()).await;
    let pool = t.engine.store().pool();
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON task_run_keys BEGIN SELECT RAISE(ABORT, 'no keys'); END",
    )
    .execute(pool)
    .await
    .unwrap();
    for n in 0..100 {
        Task::new(&double()).call(&t.engine, Num { n }).await.unwrap();
    }
    assert_eq!(swept(&t.engine).await, 0, "nothing keyed");
    let by_op = TaskRunFilter { operation: Some("double".into()), ..Default::default() };
    assert_eq!(all_pages(&t.engine, by_op.clone(), 7).await.len(), 100, "found past the mark");

    sqlx::query("DROP TRIGGER poison").execute(pool).await.unwrap();
    t.engine.store().sweep_audit_keys().await.unwrap();
    assert_eq!(swept(&t.engine).await, 100);
    assert_eq!(all_pages(&t.engine, by_op, 7).await, scan(&t.engine, "1").await);
}
