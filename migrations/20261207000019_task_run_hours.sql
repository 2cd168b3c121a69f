-- Where each hour's TaskRuns lie in recorded order: the Audit's time range (Since, Until) and
-- the nightly clean-up without reading every row.
--
-- Without an index on started_at (migration 18: each index costs every task's commit a page),
-- a time range walked the rows newest first until it found a page: 50-120 ms at a million rows
-- for an hour in the past, and the clean-up read them all under the write lock. TaskRuns are
-- recorded as they start, so an hour's rows lie in a short rowid range. The audit writer
-- widens the hour's range in the same batches that record the audit keys
-- (`crates/engine/src/store/audit_keys.rs`); readers bound their walk by the ranges of the hours
-- asked for, plus the rows past the swept mark, and still check started_at on every row. A
-- range may cover rows of other hours (a clock set back, a rowid reused): it is only a bound.
CREATE TABLE task_run_hours (
    hour      TEXT PRIMARY KEY,                 -- the first 13 characters of started_at
    first_run INTEGER NOT NULL,                 -- task_runs.rowid
    last_run  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO task_run_hours (hour, first_run, last_run)
    SELECT substr(started_at, 1, 13), MIN(rowid), MAX(rowid) FROM task_runs
    WHERE rowid <= (SELECT run FROM task_run_keys_swept WHERE id = 1)
    GROUP BY substr(started_at, 1, 13);

-- The engine never changes a TaskRun's started_at; whoever else does (an import, a repair by
-- hand) files the row under its new hour too, so the ranges stay a bound.
CREATE TRIGGER task_run_hours_moved AFTER UPDATE OF started_at ON task_runs BEGIN
    INSERT INTO task_run_hours (hour, first_run, last_run)
        VALUES (substr(NEW.started_at, 1, 13), NEW.rowid, NEW.rowid)
        ON CONFLICT (hour) DO UPDATE SET first_run = MIN(first_run, excluded.first_run),
            last_run = MAX(last_run, excluded.last_run);
END;
