-- What matching reads from a posting's text (skills asked, level, languages, restrictions, ...),
-- kept with the job so that matching it again only compares (JSON of
-- jobhunter_jobs::matching::facts::PostingFacts; read again when its version or text changed).
ALTER TABLE jobs ADD COLUMN match_facts TEXT;
