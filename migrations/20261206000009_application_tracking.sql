-- Tracking applications after they go out: when the user applied (the day they say, not the
-- day it was recorded), a follow-up reminder, free notes, contacts, and companies the user
-- does not want to apply to again.

-- The day the user applied (YYYY-MM-DD, their own calendar), set when the application reaches
-- `applied` (by email: the day it was sent; "I applied": the day they give).
ALTER TABLE applications ADD COLUMN applied_on TEXT;
-- The follow-up reminder's day (YYYY-MM-DD); NULL: none. Set to 7 days after applying when an
-- application reaches `applied`, editable and clearable.
ALTER TABLE applications ADD COLUMN follow_up_on TEXT;
-- When the desktop notification of the current follow_up_on was shown (RFC 3339 UTC); reset
-- whenever follow_up_on changes, so a new day reminds again.
ALTER TABLE applications ADD COLUMN reminded_at TEXT;
CREATE INDEX applications_follow_up ON applications (follow_up_on) WHERE follow_up_on IS NOT NULL;

-- Free notes, dated, several per application (stage changes stay in application_events).
CREATE TABLE application_notes (
    id             TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX application_notes_app ON application_notes (application_id, created_at);

-- People met along the way: a recruiter, the hiring manager, a referral.
CREATE TABLE application_contacts (
    id             TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    role           TEXT,
    email          TEXT,
    phone          TEXT,
    note           TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX application_contacts_app ON application_contacts (application_id, created_at);

-- "Don't apply again": apply_job refuses every job of these companies. Keyed by the company
-- name normalised as the de-duplication does ("ACME GmbH" and "Acme" are the same company).
CREATE TABLE blocked_companies (
    company_key TEXT PRIMARY KEY NOT NULL,
    company     TEXT NOT NULL,           -- the name as the user saw it
    reason      TEXT,
    created_at  TEXT NOT NULL
);
