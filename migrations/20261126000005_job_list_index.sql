-- The jobs list's default order (newest first): posted date, else first seen, over jobs that
-- are not duplicates merged into another. With it a page deep into 10,000 jobs walks an index
-- instead of sorting every job.
CREATE INDEX jobs_newest ON jobs (COALESCE(posted_at, first_seen)) WHERE merged_into IS NULL;
