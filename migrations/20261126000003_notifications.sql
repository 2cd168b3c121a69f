-- Notifications: where to deliver (channels), when (rules), and what happened (one row per
-- attempt to notify, with its outcome). Timestamps as in the engine tables: UTC RFC 3339 with
-- microseconds and a trailing Z. SMTP passwords are NOT stored here (OS keyring).

CREATE TABLE notify_channels (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,                    -- desktop | email | webhook
    config     TEXT NOT NULL DEFAULT '{}',       -- JSON, by kind (no secrets)
    enabled    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The built-in desktop channel (delivered by the desktop app's native notifications).
INSERT INTO notify_channels (name, kind, config, enabled, created_at, updated_at)
VALUES ('desktop', 'desktop', '{}', 1, '2026-11-26T00:00:00.000000Z', '2026-11-26T00:00:00.000000Z');

CREATE TABLE notify_rules (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger       TEXT NOT NULL,                 -- completed | failed | crashed | high_match | consecutive_failures | digest
    threshold     INTEGER,                       -- N of consecutive_failures
    channel_id    INTEGER NOT NULL REFERENCES notify_channels(id) ON DELETE CASCADE,
    deployment_id TEXT,                          -- NULL: any deployment (and runs without one)
    cooldown_secs INTEGER NOT NULL DEFAULT 0,    -- 0: none
    quiet_start   TEXT,                          -- HH:MM local time in `timezone`, or NULL
    quiet_end     TEXT,
    timezone      TEXT,                          -- IANA zone of the quiet hours (default UTC)
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);
CREATE INDEX notify_rules_trigger ON notify_rules (trigger);

CREATE TABLE notifications (
    id            TEXT PRIMARY KEY NOT NULL,
    created_at    TEXT NOT NULL,
    channel_id    INTEGER,                       -- kept NULL-able: the channel may be deleted later
    channel_name  TEXT NOT NULL,
    channel_kind  TEXT NOT NULL,
    rule_id       INTEGER,
    trigger       TEXT NOT NULL,                 -- a rule trigger, or notify | test | digest
    flow_run_id   TEXT,
    deployment_id TEXT,
    title         TEXT NOT NULL,
    message       TEXT NOT NULL,
    level         TEXT NOT NULL,                 -- info | success | warning | error
    status        TEXT NOT NULL,                 -- sent | failed | skipped
    reason        TEXT,                          -- skipped: cooldown | quiet_hours | no_desktop | disabled
    error         TEXT,                          -- failed: what the channel said
    duration_ms   INTEGER,
    dedupe_key    TEXT                           -- what a rule notified about: a rule never repeats one
);
-- One index per filter: newest first overall, by status, by channel, by rule (cooldown), by
-- run; and (rule, dedupe key) for the never-twice check.
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX notifications_status_created ON notifications (status, created_at);
CREATE INDEX notifications_channel_created ON notifications (channel_name, created_at);
CREATE INDEX notifications_rule_created ON notifications (rule_id, created_at);
CREATE INDEX notifications_flow_run ON notifications (flow_run_id);
CREATE INDEX notifications_rule_dedupe ON notifications (rule_id, dedupe_key);
