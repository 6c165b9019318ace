-- The row-retention registry is maintenance data, like telemetry_tables: organization-scoped code
-- (pharos_app) neither reads nor changes it; the partitions job runs as the owner.
REVOKE ALL ON telemetry_row_tables FROM pharos_app;
