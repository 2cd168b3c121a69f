-- Deployments (a flow + parameters + schedules + policies) and what the scheduler needs on
-- flow runs. Forward-only: columns are added, nothing existing changes meaning.

-- When a Scheduled run was due (its schedule slot); NULL for runs started at once.
ALTER TABLE flow_runs ADD COLUMN expected_start_time TEXT;
-- Why a run is in its state, for the user: "missed while the scheduler was not running",
-- "skipped: the previous run was still going (overlap policy skip)", ...
ALTER TABLE flow_runs ADD COLUMN state_message TEXT;
-- At most one run per deployment and schedule slot, whichever process created it.
CREATE UNIQUE INDEX flow_runs_deployment_slot ON flow_runs (deployment_id, expected_start_time)
    WHERE deployment_id IS NOT NULL AND expected_start_time IS NOT NULL AND trigger = 'schedule';

CREATE TABLE deployments (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL UNIQUE,
    flow_name           TEXT NOT NULL,
    parameters          TEXT NOT NULL DEFAULT '{}',  -- JSON, normalized by the flow's type
    schedules           TEXT NOT NULL DEFAULT '[]',  -- JSON array of {kind: cron|interval, ...}
    catchup             TEXT NOT NULL DEFAULT 'latest_once', -- skip | latest_once | all
    catchup_window_secs INTEGER NOT NULL DEFAULT 86400,
    overlap             TEXT NOT NULL DEFAULT 'skip',        -- skip | queue_one | allow | cancel_previous
    paused              INTEGER NOT NULL DEFAULT 0,
    -- The scheduler's cursor: every slot up to this instant has been handled (a run was
    -- created for it, or it was recorded as skipped). Moved in the same transaction as the
    -- runs it creates, so a slot is never handled twice.
    scheduled_until     TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
