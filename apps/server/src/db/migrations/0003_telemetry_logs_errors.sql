-- Telemetry, part 1: log records, error groups and error events (DOMAIN.md section 3).
-- Partitioned tables here have no foreign keys and as few btrees as their queries allow: each
-- index costs COPY throughput (docs/adr/0002, PERFORMANCE.md). Their daily partitions are created
-- by the application with pharos_create_partitions().

-- Log records (seed 002 LogEntry, seed 003 log_entries and its Elasticsearch mapping).
-- Columns are ordered fixed-width first to keep rows free of alignment padding.
-- No GIN full-text or trigram index on the parent: it would cut ingest 5-15x. Search scans the
-- newest partitions through the time index; a job may index a sealed partition on its own.
CREATE TABLE log_records (
  time               timestamptz NOT NULL DEFAULT now(),
  org_id             uuid NOT NULL,
  -- The client's id or one derived from the record (UUIDv5 of source + time + content): a
  -- retried batch yields the same ids, so the key below rejects the duplicates.
  record_id          uuid NOT NULL DEFAULT gen_random_uuid(),
  observed_time      timestamptz,
  project_id         bigint NOT NULL,
  source_id          uuid,                    -- log_sources.id
  status_code        integer CHECK (status_code BETWEEN 100 AND 599),
  latency_ms         double precision CHECK (latency_ms >= 0),
  severity_number    smallint CHECK (severity_number BETWEEN 1 AND 24),   -- OpenTelemetry SeverityNumber
  level              text NOT NULL DEFAULT 'info'
                     CHECK (level IN ('debug', 'info', 'warning', 'error', 'critical')),   -- fatal is stored as critical
  service            text NOT NULL DEFAULT 'unknown_service',
  environment        text,
  message            text NOT NULL DEFAULT '',
  trace_id           text,                    -- 32 hex characters (W3C trace context)
  span_id            text,                    -- 16 hex characters
  request_id         text,
  method             text,
  path               text,
  user_id            text,                    -- the monitored product's user, not a Pharos user
  error_type         text,
  error_message      text,
  error_stack        text,
  host               text,
  category           text,
  tags               text[],
  attributes         jsonb NOT NULL DEFAULT '{}',
  resource           jsonb NOT NULL DEFAULT '{}',
  -- One btree serves both deduplication of retries and "newest records of this organization"
  -- (scanned backwards). A COPY that hits a duplicate fails as a whole; the writer then replays
  -- that batch with INSERT ... ON CONFLICT DO NOTHING.
  PRIMARY KEY (org_id, time, record_id)
) PARTITION BY RANGE (time);
CREATE INDEX log_records_service_idx ON log_records (org_id, service, time DESC);
-- Partial: most records carry no trace id, and those would only cost ingest here.
CREATE INDEX log_records_trace_idx ON log_records (trace_id) WHERE trace_id IS NOT NULL;
SELECT pharos_enable_rls('log_records');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('log_records', 'time', 'logs', 30);

-- One issue per fingerprint (seed 001 tb_error_log, seed 000 error_logs): the relational,
-- mutable side of errors. Occurrences are error_events.
CREATE TABLE error_groups (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  error_hash        text NOT NULL CHECK (length(error_hash) BETWEEN 1 AND 128),   -- the fingerprint
  error_type        text NOT NULL DEFAULT 'Error',
  message           text NOT NULL DEFAULT '',
  error_code        text,
  severity          text NOT NULL DEFAULT 'error'
                    CHECK (severity IN ('debug', 'info', 'warning', 'error', 'fatal', 'critical')),
  status            text NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'acknowledged', 'in-progress', 'resolved', 'ignored')),
  service           text,
  environment       text DEFAULT 'production',
  platform          text,
  -- Top in-app frame, where the error was raised
  file_path         text,
  line_number       integer,
  function_name     text,
  endpoint          text,
  assigned_to       uuid REFERENCES users(id) ON DELETE SET NULL,
  resolution_note   text,
  resolved_at       timestamptz,
  resolved_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  first_release     text,
  last_release      text,
  first_seen        timestamptz NOT NULL DEFAULT now(),
  last_seen         timestamptz NOT NULL DEFAULT now(),
  occurrence_count  bigint NOT NULL DEFAULT 1 CHECK (occurrence_count >= 0),
  affected_users    integer NOT NULL DEFAULT 0 CHECK (affected_users >= 0),
  tags              jsonb NOT NULL DEFAULT '{}',
  metadata          jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, project_id, error_hash),
  CHECK (last_seen >= first_seen),
  CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)
);
CREATE INDEX error_groups_last_seen_idx ON error_groups (org_id, last_seen DESC);
CREATE INDEX error_groups_status_idx ON error_groups (org_id, status, last_seen DESC);
CREATE INDEX error_groups_severity_idx ON error_groups (org_id, severity, last_seen DESC);
CREATE INDEX error_groups_type_idx ON error_groups (org_id, error_type);
CREATE INDEX error_groups_service_idx ON error_groups (org_id, service, last_seen DESC);
CREATE INDEX error_groups_assigned_idx ON error_groups (assigned_to);
CREATE INDEX error_groups_project_idx ON error_groups (project_id, last_seen DESC);
SELECT pharos_enable_rls('error_groups');
CREATE TRIGGER error_groups_touch BEFORE UPDATE ON error_groups FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- One occurrence (seed 001 tb_error_instance, seed 000 error_logs), as a Sentry SDK sends it.
CREATE TABLE error_events (
  -- The event's own timestamp, not the receive time, so a retried envelope repeats the key.
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  org_id         uuid NOT NULL,
  event_id       uuid NOT NULL,              -- Sentry event_id: the SDK's deduplication key
  group_id       uuid NOT NULL,              -- error_groups.id
  project_id     bigint NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  ip_address     inet,
  status_code    integer CHECK (status_code BETWEEN 100 AND 599),
  line_number    integer,
  severity       text NOT NULL DEFAULT 'error'
                 CHECK (severity IN ('debug', 'info', 'warning', 'error', 'fatal', 'critical')),
  error_type     text,
  message        text NOT NULL DEFAULT '',
  error_code     text,
  service        text,
  environment    text,
  release        text,
  platform       text,
  file_path      text,
  function_name  text,
  stack_trace    text,                       -- rendered; the structured frames are in exception
  exception      jsonb,
  breadcrumbs    jsonb NOT NULL DEFAULT '[]',
  context        jsonb NOT NULL DEFAULT '{}',   -- Sentry "contexts" (os, browser, runtime, ...)
  tags           jsonb NOT NULL DEFAULT '{}',
  request        jsonb,                      -- headers and body, scrubbed of secrets at ingest
  user_id        text,
  user_data      jsonb,                      -- the Sentry user object (email, username, ...)
  session_id     text,
  request_id     text,
  trace_id       text,
  span_id        text,
  url            text,
  endpoint       text,
  method         text,
  user_agent     text,
  sdk            jsonb,
  PRIMARY KEY (org_id, occurred_at, event_id)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX error_events_group_idx ON error_events (group_id, occurred_at DESC);
-- Sentry links and SDK lookups address an event by id alone.
CREATE INDEX error_events_event_idx ON error_events (event_id);
SELECT pharos_enable_rls('error_events');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('error_events', 'occurred_at', 'errors', 90);
