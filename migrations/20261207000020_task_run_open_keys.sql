-- A TaskRun's open key goes in the same statement that ends its `running` state.
--
-- Until now each batch of audit keys (crates/engine/src/store/audit_keys.rs) also looked for
-- open keys whose rows had finished since, by reading every open key: with thousands of tasks
-- fanned out at once, each batch read thousands, and that search took a third of the audit
-- writer's time. The row's own update knows: when it leaves `running`, its open key (if a
-- batch recorded one: the row is at or below the swept mark) is deleted with it.
CREATE TRIGGER task_run_keys_settle AFTER UPDATE OF status ON task_runs
WHEN OLD.status = 'running' AND NEW.status <> 'running'
    AND OLD.rowid <= (SELECT run FROM task_run_keys_swept WHERE id = 1)
BEGIN
    DELETE FROM task_run_keys WHERE kind = 2 AND key = COALESCE(OLD.owner, '') AND run = OLD.rowid;
END;

-- The open keys of rows that finished before this trigger existed.
DELETE FROM task_run_keys WHERE kind = 2 AND NOT EXISTS
    (SELECT 1 FROM task_runs t WHERE t.rowid = task_run_keys.run AND t.status = 'running');
