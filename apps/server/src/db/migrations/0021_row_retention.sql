-- Retention of telemetry tables that are not partitioned by day (keyed by session or report, and
-- small): the partition maintenance job deletes their rows older than the retention, per
-- organization (an active retention_policies row for the data kind, else the default), in batches.
CREATE TABLE telemetry_row_tables (
  table_name             text PRIMARY KEY,
  time_column            text NOT NULL,
  data_kind              text NOT NULL,
  default_retention_days integer NOT NULL CHECK (default_retention_days > 0)
);
-- Release health and SDK client reports belong to error tracking: 90 days (seed 001 §1.3).
INSERT INTO telemetry_row_tables (table_name, time_column, data_kind, default_retention_days) VALUES
  ('release_sessions', 'updated', 'errors', 90),
  ('release_session_aggregates', 'started', 'errors', 90),
  ('client_outcomes', 'reported_at', 'errors', 90);
-- What the deletes scan by.
CREATE INDEX release_sessions_updated_idx ON release_sessions (updated);
CREATE INDEX release_session_aggregates_started_idx ON release_session_aggregates (started);
CREATE INDEX client_outcomes_reported_idx ON client_outcomes (reported_at);
