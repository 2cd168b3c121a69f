-- The TaskRun audit's filters, moved off each task's commit.
--
-- Every index on task_runs costs a page written to the WAL in the commit of each task's
-- `running` row (and the status index another in its final update): with four, a task cost
-- twice SQLite's floor for two committed writes. Now:
--   * newest first is the order recorded (rowid), which needs no index;
--   * the flow-run index stays (the foreign key's cascade needs it), keyed by flow run alone:
--     SQLite's index entries end in the rowid, so a flow's TaskRuns come in recorded order;
--   * runs that did not succeed (failed, timed out, cancelled, crashed, cached) have a partial
--     index, which a succeeding task never touches;
--   * the operation filter and the open (running) rows live in `task_run_keys`, which the
--     audit writer fills in batches, every few dozen tasks, in the same transaction as a
--     task's own row (`crates/engine/src/store/audit_keys.rs`). Rows recorded after the last
--     batch (past `task_run_keys_swept.run`) are read directly: a short rowid range.
DROP INDEX task_runs_started;
DROP INDEX task_runs_flow_started;
DROP INDEX task_runs_status_started;
DROP INDEX task_runs_operation_started;
CREATE INDEX task_runs_flow ON task_runs (flow_run_id);
CREATE INDEX task_runs_unsettled ON task_runs (status) WHERE status NOT IN ('running', 'success');

-- kind 1: operation (key: its name); kind 2: open when swept (key: its owner, '' for none).
-- An open key can outlive its row's `running` state until the next batch: readers check the
-- row's status.
CREATE TABLE task_run_keys (
    kind INTEGER NOT NULL,
    key  TEXT NOT NULL,
    run  INTEGER NOT NULL,                       -- task_runs.rowid
    PRIMARY KEY (kind, key, run)
) WITHOUT ROWID;

-- The highest task_runs rowid whose keys are in task_run_keys.
CREATE TABLE task_run_keys_swept (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    run INTEGER NOT NULL
);

INSERT INTO task_run_keys (kind, key, run) SELECT 1, operation_name, rowid FROM task_runs;
INSERT INTO task_run_keys (kind, key, run)
    SELECT 2, COALESCE(owner, ''), rowid FROM task_runs WHERE status = 'running';
INSERT INTO task_run_keys_swept (id, run) VALUES (1, COALESCE((SELECT MAX(rowid) FROM task_runs), 0));

-- A deleted TaskRun takes its keys with it. When the newest rows go, SQLite may hand their
-- rowids out again, so the swept mark comes back down to the newest row left.
CREATE TRIGGER task_run_keys_forget AFTER DELETE ON task_runs BEGIN
    DELETE FROM task_run_keys WHERE kind = 1 AND key = OLD.operation_name AND run = OLD.rowid;
    DELETE FROM task_run_keys WHERE kind = 2 AND key = COALESCE(OLD.owner, '') AND run = OLD.rowid;
    UPDATE task_run_keys_swept SET run = COALESCE((SELECT MAX(rowid) FROM task_runs), 0)
        WHERE run > COALESCE((SELECT MAX(rowid) FROM task_runs), 0);
END;
