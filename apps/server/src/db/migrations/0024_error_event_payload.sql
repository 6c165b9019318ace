-- Error events store their large parts (rendered stack, exception, breadcrumbs, contexts, tags,
-- request, user, sdk) as one JSON text, `payload`, instead of seven jsonb columns and a text:
-- PostgreSQL no longer parses each event into jsonb on ingest (it is parsed once on read, for
-- the one event or page of events shown), and the value is kept out of line uncompressed
-- (STORAGE EXTERNAL) because pglz compression of a ~4 KB event cost more CPU than the rest of
-- the row's insert. Measured on 2 vCPUs: ~128 -> ~55 us of PostgreSQL CPU per event row.
-- Rows written before keep their columns (payload NULL); readers take whichever is set.
ALTER TABLE error_events ADD COLUMN payload text;
ALTER TABLE error_events ALTER COLUMN payload SET STORAGE EXTERNAL;
