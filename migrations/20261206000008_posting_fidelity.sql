-- What a posting states, kept (issue 11): where the work is done (remote | hybrid | onsite,
-- NULL when unknown), every location (JSON list, primary first), the words a salary was read
-- from, and what the adapter did not understand (JSON list of {field, message}).
ALTER TABLE jobs ADD COLUMN workplace TEXT;
ALTER TABLE jobs ADD COLUMN locations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN salary_text TEXT;
ALTER TABLE jobs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';

-- Older rows: `remote = 1` meant remote; `remote = 0` did not tell hybrid from on site.
UPDATE jobs SET workplace = 'remote' WHERE remote = 1;
UPDATE jobs SET locations = json_array(location) WHERE location IS NOT NULL AND location <> '';
