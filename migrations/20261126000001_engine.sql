-- Engine tables: flow runs, the TaskRun audit record, captured logs, the result cache.
-- Timestamps are UTC RFC 3339 strings with microseconds and a trailing Z, so that they sort
-- lexically in time order and stay readable in the sqlite3 shell.

CREATE TABLE flow_runs (
    id               TEXT PRIMARY KEY NOT NULL,
    flow_name        TEXT NOT NULL,
    deployment_id    TEXT,
    trigger          TEXT NOT NULL,              -- manual | schedule | cli | restart | ...
    actor            TEXT NOT NULL,
    parameters       TEXT NOT NULL,              -- JSON
    state_type       TEXT NOT NULL,              -- SCHEDULED | PENDING | RUNNING | ... | CRASHED
    state_name       TEXT NOT NULL,              -- what the user sees: Late, Retrying, TimedOut, ...
    result           TEXT,                       -- JSON
    error            TEXT,
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    duration_ms      INTEGER,
    restarted_from   TEXT REFERENCES flow_runs(id) ON DELETE SET NULL,
    run_count        INTEGER NOT NULL DEFAULT 0, -- attempts of the flow function (flow retries)
    owner            TEXT,                       -- engine instance executing it (crash recovery)
    cancel_requested INTEGER NOT NULL DEFAULT 0  -- set by another process asking for cancellation
);
CREATE INDEX flow_runs_created ON flow_runs (created_at);
CREATE INDEX flow_runs_flow_created ON flow_runs (flow_name, created_at);
CREATE INDEX flow_runs_state_created ON flow_runs (state_type, created_at);
CREATE INDEX flow_runs_deployment_created ON flow_runs (deployment_id, created_at);

CREATE TABLE task_runs (
    id              TEXT PRIMARY KEY NOT NULL,   -- one row per attempt
    operation_name  TEXT NOT NULL,
    task_name       TEXT NOT NULL,
    status          TEXT NOT NULL,               -- running | success | failed | cached | timed_out | cancelled | crashed
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    duration_ms     INTEGER,
    actor           TEXT NOT NULL,
    orchestrated    INTEGER NOT NULL,
    flow_run_id     TEXT REFERENCES flow_runs(id) ON DELETE CASCADE,
    task_run_id     TEXT NOT NULL,               -- groups the attempts of one task call
    attempt         INTEGER NOT NULL,
    input_dump      TEXT NOT NULL,               -- JSON
    input_hash      TEXT NOT NULL,
    output          TEXT,                        -- JSON
    result_refs     TEXT NOT NULL DEFAULT '[]',  -- JSON array of {kind, id}
    error_message   TEXT,
    error_kind      TEXT,
    error_traceback TEXT,
    tags            TEXT NOT NULL DEFAULT '[]',  -- JSON array
    metadata        TEXT NOT NULL DEFAULT '{}',  -- JSON object
    cache_key       TEXT,
    replay_of       TEXT,
    owner           TEXT
);
-- One index per filter the UI and CLI offer (each also serves newest-first paging). Every index
-- costs about 10 µs per task on the hot path (insert + final update), so there are no others:
-- crash recovery finds open rows through the status index.
CREATE INDEX task_runs_started ON task_runs (started_at);
CREATE INDEX task_runs_flow_started ON task_runs (flow_run_id, started_at);
CREATE INDEX task_runs_status_started ON task_runs (status, started_at);
CREATE INDEX task_runs_operation_started ON task_runs (operation_name, started_at);

CREATE TABLE run_logs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_run_id TEXT,
    task_run_id TEXT,
    ts          TEXT NOT NULL,
    level       TEXT NOT NULL,
    target      TEXT NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX run_logs_flow ON run_logs (flow_run_id, id);
CREATE INDEX run_logs_task ON run_logs (task_run_id, id);
CREATE INDEX run_logs_ts ON run_logs (ts);

CREATE TABLE result_cache (
    cache_key  TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,                    -- JSON
    created_at TEXT NOT NULL,
    expires_at TEXT                              -- NULL: never expires
);
