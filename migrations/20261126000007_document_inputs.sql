-- What a generated document was made from: a hash of the profile, the job facts and the match
-- terms it used (see ops/src/documents.rs). generate_cv / generate_cover_letter reuse the
-- newest pair of a job with the same hash instead of writing a new PDF + Markdown pair, so
-- daily runs over unchanged jobs do not pile up documents. NULL for documents made before.
ALTER TABLE documents ADD COLUMN inputs_hash TEXT;
CREATE INDEX documents_inputs ON documents (job_id, kind, inputs_hash) WHERE inputs_hash IS NOT NULL;
