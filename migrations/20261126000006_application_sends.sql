-- The outbox of application emails: at most one row per job, claimed (status `sending`) in
-- the same BEGIN IMMEDIATE transaction that checks never-twice and the daily cap, before
-- anything goes to the SMTP server. See docs/applications.md.
--   sending: claimed, the send is under way (or the process died during it: counts as unknown)
--   sent:    the server accepted the message (250 after the final dot), or marked sent by hand
--   unknown: the outcome is not known (reply lost after DATA, cancelled, timed out); never
--            retried automatically, resolved by hand
--   failed:  definitely not delivered (refused or disconnected before the message was
--            handed over); a later apply_job may claim the row again
-- No foreign key to jobs: the record of what went out outlives the job.
CREATE TABLE application_sends (
    id            TEXT PRIMARY KEY NOT NULL,
    job_id        TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'unknown', 'failed')),
    message_id    TEXT NOT NULL,         -- the Message-ID header of the current attempt, <...@...>
    channel       TEXT NOT NULL,         -- the email channel's name
    recipient     TEXT NOT NULL,
    cv_id         TEXT,
    company_key   TEXT NOT NULL DEFAULT '',  -- normalised company (never twice per employer)
    title_key     TEXT NOT NULL DEFAULT '',  -- normalised job title
    attempts      INTEGER NOT NULL DEFAULT 1,
    started_at    TEXT NOT NULL,         -- RFC 3339 UTC, of the current attempt
    finished_at   TEXT,
    detail        TEXT                   -- the server's reply, the error, or the note of a resolution
);
CREATE INDEX application_sends_started ON application_sends (started_at);
CREATE INDEX application_sends_employer ON application_sends (company_key, title_key);
