-- Optional LLM re-ranking of a hunt's best matches: every question asked of the model, one row
-- per call (an append-only log), so that
--   * the next hunt reuses an answer instead of asking again: the newest usable answer (score
--     not NULL) for (job, profile, profile_hash, model) whose job_hash still matches the job
--     as the model saw it (title, company, description);
--   * the daily cost cap counts the calls (and tokens) of a UTC day here. A row is written
--     BEFORE the request (score, reason and failure NULL), in the same transaction that checks
--     the cap, so two hunts at once cannot pass it; the answer or the failure is filled in
--     after. A failed call counts too: it may have cost.
-- profile_hash is a hash of what the model is told about the profile (and of the prompt), so
-- an edited profile is asked about again. At most the cap's rows a day: no pruning needed.

CREATE TABLE llm_rerank_cache (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id       TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    profile_hash TEXT NOT NULL,
    model        TEXT NOT NULL,
    job_hash     TEXT NOT NULL,
    asked_on     TEXT NOT NULL,             -- the UTC day of the call, YYYY-MM-DD
    asked_at     TEXT NOT NULL,             -- RFC 3339
    tokens       INTEGER NOT NULL DEFAULT 0, -- reported by the endpoint, else estimated
    score        REAL,                       -- the model's score in 0..1, when usable
    reason       TEXT,
    failure      TEXT                        -- why the answer was not usable
);
CREATE INDEX llm_rerank_cache_key ON llm_rerank_cache (job_id, profile_id, profile_hash, model);
CREATE INDEX llm_rerank_cache_day ON llm_rerank_cache (asked_on);
