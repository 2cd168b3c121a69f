//! The writer's own tests: all-or-nothing batches and the checkpoint thread.

use super::*;
use crate::store::Store;

fn log(message: &str) -> Write {
    Write::Log(Box::new(LogRow {
        flow_run_id: None,
        task_run_id: None,
        ts: "2026-12-01T09:00:00.000000Z".into(),
        level: "INFO",
        target: "test".into(),
        message: message.into(),
    }))
}

/// A store (migrated), a writer of its own, and `trigger` created on the database.
async fn setup(trigger: &str) -> (tempfile::TempDir, Store, Writer) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = Store::open(&path).await.unwrap();
    sqlx::query(trigger).execute(store.pool()).await.unwrap();
    let writer = Writer::open(&path).unwrap();
    (dir, store, writer)
}

/// Queues `messages` as one batch (the queue is held as if a drain were running) and
/// drains it; returns every waiter's answer (checking that each failed write came back).
async fn one_batch(writer: &Writer, messages: &[&str]) -> Vec<std::result::Result<(), String>> {
    let mut answers = Vec::new();
    {
        let mut queue = writer.shared.queue.lock().unwrap();
        assert!(!queue.draining);
        queue.draining = true;
        for m in messages {
            let (ack, done) = oneshot::channel();
            queue.requests.push(Request { write: log(m), ack: Some(ack) });
            answers.push(done);
        }
    }
    writer.shared.clone().drain(Mode::Inline);
    let mut out = Vec::new();
    for (a, m) in answers.into_iter().zip(messages) {
        let (answer, write) = a.await.unwrap();
        // The write comes back whole either way (a failed one for its caller to try again).
        assert!(matches!(&write, Write::Log(l) if l.message == *m), "{write:?}");
        out.push(answer);
    }
    out
}

async fn logged(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT message FROM run_logs ORDER BY id").fetch_all(store.pool()).await.unwrap()
}

/// A writer whose log line "poison" fails with `RAISE(<raise>)`.
async fn poisoned(raise: &str) -> (tempfile::TempDir, Store, Writer) {
    setup(&format!(
        "CREATE TRIGGER poison BEFORE INSERT ON run_logs WHEN NEW.message = 'poison' \
         BEGIN SELECT RAISE({raise}); END"
    ))
    .await
}

#[tokio::test]
async fn a_rollback_inside_a_batch_fails_the_rest_instead_of_committing_it_piecemeal() {
    let (_dir, store, writer) = poisoned("ROLLBACK, 'injected rollback'").await;
    let answers = one_batch(&writer, &["before", "poison", "after"]).await;
    assert_eq!(answers.len(), 3);
    for (i, a) in answers.iter().enumerate() {
        let err = a.as_ref().expect_err("every waiter of the batch learns it failed");
        assert!(err.contains("injected rollback"), "waiter {i}: {err}");
    }
    assert!(answers[0].as_ref().unwrap_err().contains("another audit write failed"));
    assert!(answers[2].as_ref().unwrap_err().contains("another audit write failed"));
    assert_eq!(logged(&store).await, Vec::<String>::new(), "nothing of the batch is committed");

    // The writer is usable afterwards: the next batch commits.
    let answers = one_batch(&writer, &["next", "batch"]).await;
    assert!(answers.iter().all(|a| a.is_ok()), "{answers:?}");
    assert_eq!(logged(&store).await, ["next", "batch"]);
}

#[tokio::test]
async fn the_wal_is_checkpointed_by_the_checkpointer_thread_not_inside_commits() {
    let (dir, _store, writer) = setup("CREATE TABLE unused (x INTEGER)").await;
    let db = dir.path().join("t.db");
    let size = || std::fs::metadata(&db).unwrap().len();
    let before = size();
    // 400 commits of a row and its three index entries: about 1,600 frames, past the
    // checkpointer's threshold and short of the writer's own (INLINE_CHECKPOINT_FRAMES).
    for i in 0..400 {
        writer.write(log(&format!("line {i}"))).await.unwrap();
    }
    // Only a checkpoint copies pages into the database file; the thread does it soon.
    let deadline = Instant::now() + Duration::from_secs(20);
    while size() <= before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(size() > before, "no checkpoint ran: the database file is still {before} bytes");
}

#[tokio::test]
async fn a_failing_statement_aborts_its_whole_batch() {
    let (_dir, store, writer) = poisoned("ABORT, 'injected failure'").await;
    let answers = one_batch(&writer, &["before", "poison", "after"]).await;
    assert!(answers.iter().all(|a| a.as_ref().is_err_and(|e| e.contains("injected failure"))), "{answers:?}");
    assert_eq!(logged(&store).await, Vec::<String>::new());

    // A lone write goes through the normal path and commits.
    writer.write(log("alone")).await.unwrap();
    assert_eq!(logged(&store).await, ["alone"]);
}

#[tokio::test]
async fn the_rows_of_concurrent_calls_share_one_commit() {
    let (_dir, store, writer) = setup("SELECT 1").await;
    let _calls: Vec<_> = (0..50).map(|_| writer.call_started()).collect();
    let writes: Vec<_> = (0..50)
        .map(|i| {
            let writer = writer.clone();
            tokio::spawn(async move { writer.write(log(&format!("row {i}"))).await })
        })
        .collect();
    for write in writes {
        write.await.unwrap().unwrap();
    }
    assert_eq!(logged(&store).await.len(), 50);
    // The first writer let the other 49 queue before it committed (one thread: they all ran).
    assert_eq!(writer.shared.queue.lock().unwrap().batches, 1);

    // A lone call commits at once, in a batch of its own.
    drop(_calls);
    let _call = writer.call_started();
    writer.write(log("alone")).await.unwrap();
    writer.write(log("alone again")).await.unwrap();
    assert_eq!(writer.shared.queue.lock().unwrap().batches, 3);
}

#[tokio::test]
async fn a_writer_dropped_while_it_lets_others_queue_still_commits_the_queue() {
    let (_dir, store, writer) = setup("SELECT 1").await;
    let _calls = (writer.call_started(), writer.call_started());
    let mut first = Box::pin(writer.write(log("first")));
    // Queued and holding the queue, it yields to let other rows join its batch...
    assert!(futures::poll!(first.as_mut()).is_pending());
    assert!(writer.shared.queue.lock().unwrap().draining);
    // ...and is dropped there (its caller gave up): the queue is committed, not left held.
    drop(first);
    assert!(!writer.shared.queue.lock().unwrap().draining);
    writer.write(log("second")).await.unwrap();
    assert_eq!(logged(&store).await, ["first", "second"]);
}
