-- Telemetry, part 3: health checks with status pages, incidents and maintenance windows;
-- security events, vulnerability scans and load tests; web vitals and end-user activity
-- (DOMAIN.md section 3). Health status uses the same five values as the catalog (0002).

-- A check of a service (seed 001 tb_service_health, check part; seed 000 system_health).
CREATE TABLE monitors (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id            uuid REFERENCES services(id) ON DELETE SET NULL,
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description           text,
  kind                  text NOT NULL
                        CHECK (kind IN ('http', 'keyword', 'json-query', 'tcp', 'dns', 'tls', 'heartbeat', 'ping',
                                        'grpc', 'postgres', 'mysql', 'redis')),
  health_check_url      text,            -- the target: https://..., tcp://host:port, dns name, ...; NULL for heartbeat
  check_interval        integer NOT NULL DEFAULT 300 CHECK (check_interval BETWEEN 10 AND 86400),   -- seconds
  timeout               integer NOT NULL DEFAULT 30 CHECK (timeout > 0),                             -- seconds
  retry_count           integer NOT NULL DEFAULT 3 CHECK (retry_count BETWEEN 0 AND 10),
  retry_interval        integer NOT NULL DEFAULT 60 CHECK (retry_interval > 0),                      -- seconds
  config                jsonb NOT NULL DEFAULT '{}',   -- kind-specific: expected status, keyword, JSON query, record type, ...
  secrets_enc           text,            -- auth headers, database passwords: AES-256-GCM under PHAROS_SECRET_KEY
  heartbeat_token_hash  bytea UNIQUE,    -- SHA-256 of the token in a heartbeat monitor's push URL
  status                text NOT NULL DEFAULT 'unknown'
                        CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  is_active             boolean NOT NULL DEFAULT true,
  last_check            timestamptz,
  next_check_at         timestamptz,
  last_status_change    timestamptz,
  last_response_time    integer,         -- milliseconds
  last_error            text,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  metrics               jsonb NOT NULL DEFAULT '{}',
  -- Percentages maintained by the checker from results (24h..30d) and daily stats (1y).
  uptime_24h            numeric(5,2) CHECK (uptime_24h BETWEEN 0 AND 100),
  uptime_7d             numeric(5,2) CHECK (uptime_7d BETWEEN 0 AND 100),
  uptime_30d            numeric(5,2) CHECK (uptime_30d BETWEEN 0 AND 100),
  uptime_1y             numeric(5,2) CHECK (uptime_1y BETWEEN 0 AND 100),
  tags                  text[] NOT NULL DEFAULT '{}',
  created_by            uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (timeout < check_interval),
  CHECK (kind = 'heartbeat' OR health_check_url IS NOT NULL)
);
CREATE INDEX monitors_status_idx ON monitors (org_id, status);
CREATE INDEX monitors_kind_idx ON monitors (org_id, kind);
CREATE INDEX monitors_last_check_idx ON monitors (org_id, last_check DESC);
CREATE INDEX monitors_service_idx ON monitors (service_id);
CREATE INDEX monitors_due_idx ON monitors (next_check_at) WHERE is_active;
SELECT pharos_enable_rls('monitors');
CREATE TRIGGER monitors_touch BEFORE UPDATE ON monitors FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- One row per monitor and UTC day: results are kept 30 days, but uptime_1y and the 90-day bars
-- of a status page need longer history.
CREATE TABLE monitor_daily_stats (
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  monitor_id         uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  day                date NOT NULL,
  checks             integer NOT NULL DEFAULT 0 CHECK (checks >= 0),
  healthy_checks     integer NOT NULL DEFAULT 0 CHECK (healthy_checks >= 0),
  degraded_checks    integer NOT NULL DEFAULT 0 CHECK (degraded_checks >= 0),
  downtime_seconds   integer NOT NULL DEFAULT 0 CHECK (downtime_seconds BETWEEN 0 AND 86400),
  avg_response_time  integer,
  PRIMARY KEY (monitor_id, day),
  CHECK (healthy_checks + degraded_checks <= checks)
);
SELECT pharos_enable_rls('monitor_daily_stats');

-- Results of each check (seed 001 tb_health_check_log, seed 000 system_health). Low volume
-- (monitors x checks per day), so it affords a key and two indexes.
CREATE TABLE health_check_results (
  checked_at     timestamptz NOT NULL DEFAULT now(),
  monitor_id     uuid NOT NULL,
  org_id         uuid NOT NULL,
  response_time  integer CHECK (response_time >= 0),   -- milliseconds
  status_code    integer,
  attempt        smallint NOT NULL DEFAULT 1,          -- 1 + retries used
  status         text NOT NULL CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  service        text,
  region         text,                                 -- where the check ran from
  error_message  text,
  details        jsonb,                                -- TLS expiry, DNS answers, matched keyword, ...
  PRIMARY KEY (monitor_id, checked_at)
) PARTITION BY RANGE (checked_at);
CREATE INDEX health_check_results_org_idx ON health_check_results (org_id, checked_at DESC);
CREATE INDEX health_check_results_failing_idx ON health_check_results (org_id, checked_at DESC) WHERE status <> 'healthy';
SELECT pharos_enable_rls('health_check_results');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('health_check_results', 'checked_at', 'health_checks', 30);

CREATE TABLE status_pages (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  slug           text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description    text,
  custom_domain  text UNIQUE,
  logo_url       text,
  footer_text    text,
  theme          jsonb NOT NULL DEFAULT '{}',
  is_public      boolean NOT NULL DEFAULT true,
  password_hash  text,             -- argon2id; a private page asks for it
  show_uptime    boolean NOT NULL DEFAULT true,
  is_published   boolean NOT NULL DEFAULT false,
  created_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, slug)
);
SELECT pharos_enable_rls('status_pages');
CREATE TRIGGER status_pages_touch BEFORE UPDATE ON status_pages FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE status_page_monitors (
  org_id          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status_page_id  uuid NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  monitor_id      uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  display_name    text,
  group_name      text,
  position        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (status_page_id, monitor_id)
);
CREATE INDEX status_page_monitors_monitor_idx ON status_page_monitors (monitor_id);
SELECT pharos_enable_rls('status_page_monitors');

-- Incidents as communicated to users (a status page timeline), distinct from alerts, which are
-- what the rules detect; an incident may be opened from an alert.
CREATE TABLE incidents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status_page_id  uuid REFERENCES status_pages(id) ON DELETE SET NULL,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
  status          text NOT NULL DEFAULT 'investigating'
                  CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  impact          text NOT NULL DEFAULT 'minor' CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  is_public       boolean NOT NULL DEFAULT true,
  started_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz,
  postmortem      text,
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX incidents_started_idx ON incidents (org_id, started_at DESC);
CREATE INDEX incidents_open_idx ON incidents (org_id) WHERE status <> 'resolved';
CREATE INDEX incidents_page_idx ON incidents (status_page_id, started_at DESC);
SELECT pharos_enable_rls('incidents');
CREATE TRIGGER incidents_touch BEFORE UPDATE ON incidents FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE incident_monitors (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  monitor_id   uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, monitor_id)
);
CREATE INDEX incident_monitors_monitor_idx ON incident_monitors (monitor_id);
SELECT pharos_enable_rls('incident_monitors');

CREATE TABLE incident_updates (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  status       text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  message      text NOT NULL CHECK (length(message) BETWEEN 1 AND 10000),
  created_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_updates_incident_idx ON incident_updates (incident_id, created_at);
SELECT pharos_enable_rls('incident_updates');

-- While a window is in progress its monitors' failures raise no alerts (when suppress_alerts).
CREATE TABLE maintenance_windows (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id           uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status_page_id   uuid REFERENCES status_pages(id) ON DELETE SET NULL,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
  description      text,
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  timezone         text NOT NULL DEFAULT 'UTC',
  recurrence       text,             -- an RFC 5545 RRULE; NULL for a one-off window
  status           text NOT NULL DEFAULT 'scheduled'
                   CHECK (status IN ('scheduled', 'in-progress', 'completed', 'cancelled')),
  suppress_alerts  boolean NOT NULL DEFAULT true,
  created_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_time_idx ON maintenance_windows (org_id, starts_at, ends_at);
SELECT pharos_enable_rls('maintenance_windows');
CREATE TRIGGER maintenance_windows_touch BEFORE UPDATE ON maintenance_windows FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE maintenance_window_monitors (
  org_id                 uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  maintenance_window_id  uuid NOT NULL REFERENCES maintenance_windows(id) ON DELETE CASCADE,
  monitor_id             uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  PRIMARY KEY (maintenance_window_id, monitor_id)
);
CREATE INDEX maintenance_window_monitors_monitor_idx ON maintenance_window_monitors (monitor_id);
SELECT pharos_enable_rls('maintenance_window_monitors');

-- Blocked or suspicious requests (seed 000 security_events, seed 002 SecurityEvent) and CSP
-- violation reports. attack_type is 000's event_type; blocked (000) and action_taken (002) both kept.
CREATE TABLE security_events (
  occurred_at        timestamptz NOT NULL DEFAULT now(),
  org_id             uuid NOT NULL,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id         bigint NOT NULL,
  ip_address         inet,
  response_status    integer,
  blocked            boolean NOT NULL DEFAULT false,
  attack_type        text NOT NULL
                     CHECK (attack_type IN ('sql_injection', 'xss', 'command_injection', 'rate_limit_exceeded',
                                            'invalid_input', 'csp_violation', 'auth_failure')),
  severity           text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  action_taken       text CHECK (action_taken IN ('rejected_400', 'rejected_429', 'sanitized', 'logged_only')),
  blocked_payload    text CHECK (length(blocked_payload) <= 1000),
  service            text,
  environment        text,
  endpoint_targeted  text,
  url                text,
  method             text,
  user_agent         text,
  user_id            text,
  session_id         text,
  request_id         text,
  error_message      text,
  request_body       jsonb,            -- truncated like blocked_payload
  csp_violation      jsonb,
  security_headers   jsonb,
  metadata           jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
-- Investigations start from the attacker's address.
CREATE INDEX security_events_ip_idx ON security_events (org_id, ip_address, occurred_at DESC);
SELECT pharos_enable_rls('security_events');
-- One year, per seed 000.
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('security_events', 'occurred_at', 'security_events', 365);

-- Scans received as reports (npm audit --json, SARIF, ...); seed 000 vulnerability_scans.
CREATE TABLE vulnerability_scans (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                 uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id             uuid REFERENCES services(id) ON DELETE SET NULL,
  pipeline_run_id        uuid REFERENCES pipeline_runs(id) ON DELETE SET NULL,
  scan_type              text NOT NULL CHECK (scan_type IN ('dependency', 'container', 'infrastructure', 'code')),
  scanner                text NOT NULL,            -- npm-audit, trivy, semgrep, ...
  scanner_version        text NOT NULL DEFAULT '',
  report_format          text CHECK (report_format IN ('npm-audit', 'sarif', 'other')),
  target                 text NOT NULL,
  commit_sha             text CHECK (length(commit_sha) <= 64),
  branch                 text,
  status                 text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  started_at             timestamptz NOT NULL DEFAULT now(),
  completed_at           timestamptz,
  total_vulnerabilities  integer NOT NULL DEFAULT 0 CHECK (total_vulnerabilities >= 0),
  critical_count         integer NOT NULL DEFAULT 0 CHECK (critical_count >= 0),
  high_count             integer NOT NULL DEFAULT 0 CHECK (high_count >= 0),
  medium_count           integer NOT NULL DEFAULT 0 CHECK (medium_count >= 0),
  low_count              integer NOT NULL DEFAULT 0 CHECK (low_count >= 0),
  info_count             integer NOT NULL DEFAULT 0 CHECK (info_count >= 0),
  results                jsonb NOT NULL DEFAULT '{}',   -- the report's summary, not its findings
  error_message          text,
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vulnerability_scans_type_idx ON vulnerability_scans (org_id, scan_type);
CREATE INDEX vulnerability_scans_status_idx ON vulnerability_scans (org_id, status);
CREATE INDEX vulnerability_scans_started_idx ON vulnerability_scans (org_id, started_at DESC);
CREATE INDEX vulnerability_scans_target_idx ON vulnerability_scans (org_id, target, started_at DESC);
CREATE INDEX vulnerability_scans_service_idx ON vulnerability_scans (service_id);
SELECT pharos_enable_rls('vulnerability_scans');

-- One finding of a scan. fingerprint (advisory + package + location) follows a finding across
-- scans, so "new since the last scan" and "fixed" are set operations.
CREATE TABLE vulnerability_findings (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  scan_id            uuid NOT NULL REFERENCES vulnerability_scans(id) ON DELETE CASCADE,
  fingerprint        text NOT NULL,
  vulnerability_id   text,             -- CVE, GHSA or the scanner's rule id
  severity           text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  title              text NOT NULL,
  description        text,
  package_name       text,
  installed_version  text,
  fixed_version      text,
  cvss_score         numeric(3,1) CHECK (cvss_score BETWEEN 0 AND 10),
  cwe_ids            text[] NOT NULL DEFAULT '{}',
  file_path          text,
  line_number        integer,
  url                text,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'ignored', 'false-positive')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scan_id, fingerprint)
);
CREATE INDEX vulnerability_findings_severity_idx ON vulnerability_findings (org_id, severity);
CREATE INDEX vulnerability_findings_fingerprint_idx ON vulnerability_findings (org_id, fingerprint);
SELECT pharos_enable_rls('vulnerability_findings');

-- k6 / autocannon summaries (seed 000 load_test_results).
CREATE TABLE load_test_results (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                    uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id                uuid REFERENCES services(id) ON DELETE SET NULL,
  pipeline_run_id           uuid REFERENCES pipeline_runs(id) ON DELETE SET NULL,
  test_name                 text NOT NULL,
  test_type                 text NOT NULL CHECK (test_type IN ('smoke', 'load', 'stress', 'spike')),
  tool                      text CHECK (tool IN ('k6', 'autocannon', 'other')),
  scenario                  text NOT NULL DEFAULT '',
  duration_seconds          integer NOT NULL CHECK (duration_seconds >= 0),
  total_requests            integer NOT NULL CHECK (total_requests >= 0),
  successful_requests       integer NOT NULL CHECK (successful_requests >= 0),
  failed_requests           integer NOT NULL CHECK (failed_requests >= 0),
  average_response_time_ms  numeric(10,2),
  p95_response_time_ms      numeric(10,2),
  p99_response_time_ms      numeric(10,2),
  throughput_rps            numeric(10,2),
  error_rate                numeric(5,2) CHECK (error_rate BETWEEN 0 AND 100),
  cpu_usage_percent         numeric(5,2),
  memory_usage_mb           integer,
  thresholds                jsonb NOT NULL DEFAULT '{}',   -- what the status was judged against
  results                   jsonb NOT NULL DEFAULT '{}',
  status                    text NOT NULL CHECK (status IN ('passed', 'failed', 'warning')),
  started_at                timestamptz NOT NULL,
  completed_at              timestamptz,
  created_at                timestamptz NOT NULL DEFAULT now(),
  CHECK (successful_requests + failed_requests <= total_requests)
);
CREATE INDEX load_test_results_name_idx ON load_test_results (org_id, test_name, started_at DESC);
CREATE INDEX load_test_results_type_idx ON load_test_results (org_id, test_type);
CREATE INDEX load_test_results_status_idx ON load_test_results (org_id, status);
CREATE INDEX load_test_results_started_idx ON load_test_results (org_id, started_at DESC);
SELECT pharos_enable_rls('load_test_results');

-- Core Web Vitals beacons (seed 000 web_vitals; metric names lower-cased, INP added). rating is
-- generated from the published thresholds (web.dev), so it cannot disagree with value; writers
-- leave it out of their column list. Times are milliseconds, CLS is unitless.
CREATE TABLE web_vitals (
  measured_at      timestamptz NOT NULL DEFAULT now(),
  org_id           uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id       bigint NOT NULL,
  value            double precision NOT NULL CHECK (value >= 0),
  metric_name      text NOT NULL CHECK (metric_name IN ('lcp', 'inp', 'fid', 'cls', 'fcp', 'ttfb')),
  rating           text GENERATED ALWAYS AS (
                     CASE
                       WHEN value <= CASE metric_name WHEN 'lcp' THEN 2500 WHEN 'inp' THEN 200 WHEN 'fid' THEN 100
                                                      WHEN 'cls' THEN 0.1 WHEN 'fcp' THEN 1800 ELSE 800 END
                         THEN 'good'
                       WHEN value <= CASE metric_name WHEN 'lcp' THEN 4000 WHEN 'inp' THEN 500 WHEN 'fid' THEN 300
                                                      WHEN 'cls' THEN 0.25 WHEN 'fcp' THEN 3000 ELSE 1800 END
                         THEN 'needs-improvement'
                       ELSE 'poor'
                     END) STORED,
  page_url         text NOT NULL,
  route            text,              -- the page template, for grouping
  service          text,
  environment      text,
  release          text,
  user_id          text,
  session_id       text,
  navigation_type  text,
  device_type      text CHECK (device_type IN ('desktop', 'mobile', 'tablet')),
  device_info      jsonb,
  connection_info  jsonb,
  attribution      jsonb,             -- the element or script web-vitals blames
  PRIMARY KEY (org_id, measured_at, id)
) PARTITION BY RANGE (measured_at);
SELECT pharos_enable_rls('web_vitals');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('web_vitals', 'measured_at', 'web_vitals', 30);

-- The monitored product's end users (seed 001 tb_user_activity): page views, actions, feature
-- use. Anonymized after 30 days (user_id = 'anonymized', ip_address and metadata cleared).
CREATE TABLE user_activity (
  time           timestamptz NOT NULL DEFAULT now(),
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id     bigint NOT NULL,
  duration       integer CHECK (duration >= 0),   -- seconds spent
  ip_address     inet,
  user_id        text NOT NULL,
  session_id     text NOT NULL,
  activity_type  text NOT NULL CHECK (activity_type IN ('page-view', 'action', 'feature-use')),
  module         text,
  feature        text,
  page_url       text,
  action         text,
  service        text,
  environment    text,
  device_type    text CHECK (device_type IN ('desktop', 'mobile', 'tablet')),
  browser        text,
  os             text,
  metadata       jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, time, id)
) PARTITION BY RANGE (time);
CREATE INDEX user_activity_user_idx ON user_activity (org_id, user_id, time DESC);
SELECT pharos_enable_rls('user_activity');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('user_activity', 'time', 'user_activity', 90);

-- End-user sessions of the monitored product (seed 001 tb_user_session), not Pharos logins
-- (those are sessions). Partitioned like the activity they summarize: one row per visit adds up,
-- and retention drops whole days. Updates name the row by (org_id, started_at, id), which the
-- writer knows from the session's first activity.
CREATE TABLE user_sessions (
  started_at   timestamptz NOT NULL DEFAULT now(),
  org_id       uuid NOT NULL,
  id           text NOT NULL,            -- the session id the SDK sends
  project_id   bigint NOT NULL,
  ended_at     timestamptz,
  duration     integer CHECK (duration >= 0),   -- seconds
  page_views   integer NOT NULL DEFAULT 0 CHECK (page_views >= 0),
  actions      integer NOT NULL DEFAULT 0 CHECK (actions >= 0),
  ip_address   inet,
  user_id      text NOT NULL,
  device_type  text CHECK (device_type IN ('desktop', 'mobile', 'tablet')),
  browser      text,
  os           text,
  service      text,
  environment  text,
  metadata     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, started_at, id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
) PARTITION BY RANGE (started_at);
CREATE INDEX user_sessions_user_idx ON user_sessions (org_id, user_id, started_at DESC);
SELECT pharos_enable_rls('user_sessions');
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('user_sessions', 'started_at', 'user_activity', 90);
