-- Closed, reposted and old postings (issue 15). A job is closed when a board that lists all of
-- its postings was read to its last page without it (`closed_at`); it reopens when it comes
-- back under the same id. Each board's sighting carries its own `closed_at`, so a job found on
-- two whole-list boards closes only when it left both. A new job with the company and title of
-- a closed one points at it (`reposted_from`); the earlier job's row keeps its dates (first
-- seen, posted, closed), so nothing else is copied. "Old" is computed from posted_at /
-- first_seen when read, never stored.
ALTER TABLE jobs ADD COLUMN closed_at TEXT;
ALTER TABLE jobs ADD COLUMN reposted_from TEXT REFERENCES jobs(id) ON DELETE SET NULL;
ALTER TABLE job_sources ADD COLUMN closed_at TEXT;
-- `jobs list --open` and the app's default list read the open jobs only; reposts look among
-- the closed ones.
CREATE INDEX jobs_closed ON jobs (closed_at) WHERE merged_into IS NULL;
