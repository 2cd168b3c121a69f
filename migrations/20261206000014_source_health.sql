-- Source health and the circuit breaker (issue 15).
--
-- `source_attempts`: one row per source spec per hunt run, written once the source's searches
-- have finished for good (after their retries). A flow run that is retried rewrites its own
-- row (UNIQUE (flow_run_id, spec)), so a retry never counts twice. `outcome` is `ok`, `empty`
-- (answered, no postings) or the failure's kind: `blocked` (403, or 429 still after the
-- retries), `not_found` (404: a wrong company or board name), `malformed` (the board changed its
-- format), `unavailable` (timeouts, 5xx, connection errors) or `other`.
CREATE TABLE source_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    spec         TEXT NOT NULL,               -- greenhouse:acme, remoteok, ...
    flow_run_id  TEXT NOT NULL,
    attempted_at TEXT NOT NULL,               -- when the source's searches finished (UTC, RFC 3339)
    outcome      TEXT NOT NULL,
    error        TEXT,                        -- the last error's message, for failures
    jobs_found   INTEGER NOT NULL DEFAULT 0,  -- postings the source returned (all searches)
    jobs_new     INTEGER NOT NULL DEFAULT 0,  -- of them, jobs not stored before
    latency_ms   INTEGER,                     -- the slowest search's fetch time (successes)
    UNIQUE (flow_run_id, spec)
);
CREATE INDEX source_attempts_spec ON source_attempts (spec, attempted_at DESC, id DESC);

-- The breaker per spec: paused until `paused_until` (hunts skip it without a request); the
-- cool-off doubles with `pause_count`, which a successful run resets. `paused_until` is NULL
-- when the source is not paused (or was retried by hand).
CREATE TABLE source_breakers (
    spec         TEXT PRIMARY KEY,
    paused_until TEXT,
    pause_count  INTEGER NOT NULL DEFAULT 0,
    paused_at    TEXT,
    reason       TEXT,                        -- why it was paused, in words
    updated_at   TEXT NOT NULL
);
