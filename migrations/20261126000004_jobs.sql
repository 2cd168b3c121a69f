-- Job-hunt domain: postings with provenance, profiles, matches, documents, applications.

CREATE TABLE jobs (
    id               TEXT PRIMARY KEY NOT NULL,
    -- normalized company | title | place: the same posting found on two boards shares it
    dedupe_key       TEXT NOT NULL,
    title            TEXT NOT NULL,
    company          TEXT NOT NULL,
    location         TEXT,
    remote           INTEGER,
    employment_type  TEXT,
    salary_min       REAL,
    salary_max       REAL,
    salary_currency  TEXT,
    salary_interval  TEXT,
    salary_source    TEXT,                 -- stated | parsed
    description_text TEXT NOT NULL,
    description_html TEXT,
    url              TEXT,
    apply_url        TEXT,
    apply_email      TEXT,
    posted_at        TEXT,
    tags             TEXT NOT NULL DEFAULT '[]',
    skills           TEXT NOT NULL DEFAULT '[]',   -- extracted by process_jobs
    language         TEXT,                          -- detected by process_jobs
    first_seen       TEXT NOT NULL,
    last_seen        TEXT NOT NULL,
    processed_at     TEXT,
    merged_into      TEXT REFERENCES jobs(id) ON DELETE SET NULL
);
CREATE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE merged_into IS NULL;
CREATE INDEX jobs_merged_into ON jobs (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX jobs_last_seen ON jobs (last_seen);
CREATE INDEX jobs_posted ON jobs (posted_at);

-- Provenance: every board a job was found on.
CREATE TABLE job_sources (
    source        TEXT NOT NULL,
    source_job_id TEXT NOT NULL,
    job_id        TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    url           TEXT,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    PRIMARY KEY (source, source_job_id)
);
CREATE INDEX job_sources_job ON job_sources (job_id);

CREATE TABLE profiles (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    document   TEXT NOT NULL,        -- JSON Resume + preferences
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE matches (
    job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    score       REAL NOT NULL,
    explanation TEXT NOT NULL,       -- JSON: matched skills, missing must-haves, penalties
    matched_at  TEXT NOT NULL,
    PRIMARY KEY (job_id, profile_id)
);
CREATE INDEX matches_score ON matches (profile_id, score);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY NOT NULL,
    job_id      TEXT REFERENCES jobs(id) ON DELETE SET NULL,
    profile_id  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,       -- cv | cover_letter
    format      TEXT NOT NULL,       -- pdf | md
    path        TEXT NOT NULL,
    approved    INTEGER NOT NULL DEFAULT 0,
    approved_at TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX documents_job ON documents (job_id, created_at);

CREATE TABLE applications (
    id         TEXT PRIMARY KEY NOT NULL,
    job_id     TEXT NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,        -- wishlist | ready | applied | interview | offer | rejected | withdrawn
    channel    TEXT,                 -- email | url
    cv_id      TEXT REFERENCES documents(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_stage ON applications (stage, updated_at);

CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    at             TEXT NOT NULL,
    note           TEXT
);
CREATE INDEX application_events_app ON application_events (application_id, id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,        -- JSON
    updated_at TEXT NOT NULL
);
