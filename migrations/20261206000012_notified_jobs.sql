-- High-match notifications once per job: which job each rule has already told the user about,
-- keyed by the job's cross-board identity (`jobs.dedupe_key`: normalized company | title |
-- place), so that a job is not announced again on the next hunt, when it is reposted under a
-- new board id, or when a duplicate turns up on another board. A claim is written in the same
-- transaction as the notification row it belongs to, before the delivery; a delivery that
-- fails gives its claims back, so the job is announced again by the next hunt.

CREATE TABLE notified_jobs (
    rule_id         INTEGER NOT NULL REFERENCES notify_rules(id) ON DELETE CASCADE,
    job_key         TEXT NOT NULL,     -- jobs.dedupe_key, or 'job:<id>' for a job not stored
    job_id          TEXT NOT NULL,     -- the job id the notification named
    notification_id TEXT NOT NULL,     -- notifications.id
    notified_at     TEXT NOT NULL,
    PRIMARY KEY (rule_id, job_key)
);
CREATE INDEX notified_jobs_notification ON notified_jobs (notification_id);
