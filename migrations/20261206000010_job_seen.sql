-- Seen / unseen jobs (issue 13): when the user first looked at a job (its page, or "Mark all
-- as seen"); NULL while it is new to them. The jobs the user had before this change count as
-- seen, so the first start after the upgrade does not call every old job new.
ALTER TABLE jobs ADD COLUMN seen_at TEXT;
UPDATE jobs SET seen_at = last_seen;
-- "N new since you last looked" and the "Only new" filter read the unseen jobs only.
CREATE INDEX jobs_unseen ON jobs (first_seen) WHERE seen_at IS NULL AND merged_into IS NULL;
