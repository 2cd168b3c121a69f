-- Full-text search over the jobs (issue 16): the jobs list's search box finds a word in the
-- title, company, place, tags, skills or description, through SQLite's FTS5 instead of LIKE over
-- every row. The index is contentless (the text stays in `jobs` only) with deletes by rowid
-- (`contentless_delete`), so the triggers below need no old values. Only jobs that are not
-- merged into another are indexed: a duplicate leaves the index when it is merged away.
-- `remove_diacritics 2`: "Munchen" finds "München". The rowid is the job's rowid (kept by
-- VACUUM INTO, which copies indexed tables with their rowids).
CREATE VIRTUAL TABLE jobs_fts USING fts5(
    title, company, location, tags, skills, description,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO jobs_fts (rowid, title, company, location, tags, skills, description)
    SELECT rowid, title, company, COALESCE(location, ''), tags, skills, description_text
    FROM jobs WHERE merged_into IS NULL;

CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs WHEN new.merged_into IS NULL BEGIN
    INSERT INTO jobs_fts (rowid, title, company, location, tags, skills, description)
    VALUES (new.rowid, new.title, new.company, COALESCE(new.location, ''), new.tags, new.skills,
            new.description_text);
END;

-- Only when an indexed column or the merge changes: a sighting (last_seen), a refresh with the
-- same text or a match leaves the index alone.
CREATE TRIGGER jobs_fts_update
AFTER UPDATE OF title, company, location, tags, skills, description_text, merged_into ON jobs
WHEN old.title IS NOT new.title OR old.company IS NOT new.company
    OR old.location IS NOT new.location OR old.tags IS NOT new.tags OR old.skills IS NOT new.skills
    OR old.description_text IS NOT new.description_text OR old.merged_into IS NOT new.merged_into
BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.rowid AND old.merged_into IS NULL;
    INSERT INTO jobs_fts (rowid, title, company, location, tags, skills, description)
    SELECT new.rowid, new.title, new.company, COALESCE(new.location, ''), new.tags, new.skills,
           new.description_text
    WHERE new.merged_into IS NULL;
END;

CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs WHEN old.merged_into IS NULL BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.rowid;
END;
