-- Catalog (DOMAIN.md section 2): services and what surrounds them: relationships, CI runs,
-- deployments, log sources, Pharos plugins, and the external integrations a product depends on.
-- Health status everywhere is the union of seed 004 health_status and seed 001 service_status:
-- 'unhealthy' answers but fails its checks, 'down' does not answer.

-- The spine. Telemetry names a service by text (OpenTelemetry service.name) and never by FK, so
-- a service row is created on first sight and enriched by the catalog; name is therefore unique
-- per organization even across soft deletes (a deleted service that reappears in telemetry is
-- restored, not duplicated).
CREATE TABLE services (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  display_name       text CHECK (length(display_name) <= 255),
  description        text,
  type               text NOT NULL DEFAULT 'service'
                     CHECK (type IN ('service', 'website', 'library', 'application', 'tool', 'infrastructure')),
  -- What the component is (seeds 000 system_health and 001 tb_service_health service_type).
  service_type       text CHECK (service_type IN ('api', 'database', 'cache', 'storage', 'auth', 'email', 'monitoring', 'queue', 'other')),
  lifecycle          text NOT NULL DEFAULT 'production'
                     CHECK (lifecycle IN ('experimental', 'development', 'staging', 'production', 'deprecated')),
  tier               text CHECK (tier IN ('frontend', 'backend', 'data', 'infrastructure')),
  owner_id           uuid REFERENCES users(id) ON DELETE SET NULL,
  team_id            uuid REFERENCES teams(id) ON DELETE SET NULL,   -- the owner team
  repository_url     text,
  documentation_url  text,
  api_spec_url       text,
  tags               text[] NOT NULL DEFAULT '{}',
  labels             jsonb NOT NULL DEFAULT '{}',
  annotations        jsonb NOT NULL DEFAULT '{}',
  metadata           jsonb NOT NULL DEFAULT '{}',
  -- Current health, maintained from the service's monitors (seed 001 status / last_check).
  health_status      text NOT NULL DEFAULT 'unknown'
                     CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  health_check_url   text,
  last_health_check  timestamptz,
  sla                jsonb NOT NULL DEFAULT '{}',   -- e.g. {"availability": 99.9, "latency_p99": 500}
  metrics            jsonb NOT NULL DEFAULT '{}',   -- latest summary figures for the catalog page
  compliance_status  jsonb NOT NULL DEFAULT '{}',
  first_seen_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz,
  UNIQUE (org_id, name)
);
CREATE INDEX services_type_idx ON services (org_id, type);
CREATE INDEX services_lifecycle_idx ON services (org_id, lifecycle);
CREATE INDEX services_team_lifecycle_idx ON services (team_id, lifecycle) WHERE deleted_at IS NULL;
CREATE INDEX services_owner_idx ON services (owner_id);
CREATE INDEX services_tags_idx ON services USING gin (tags);
CREATE INDEX services_metadata_idx ON services USING gin (metadata);
CREATE INDEX services_search_idx ON services
  USING gin (to_tsvector('simple', name || ' ' || coalesce(display_name, '') || ' ' || coalesce(description, '')));
SELECT pharos_enable_rls('services');
CREATE TRIGGER services_touch BEFORE UPDATE ON services FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Replaces seed 004 services.depends_on (an array of ids) with rows that cascade.
CREATE TABLE service_relationships (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  source_id          uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  target_id          uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  relationship_type  text NOT NULL
                     CHECK (relationship_type IN ('depends_on', 'consumed_by', 'provides_api', 'consumes_api', 'deployed_with', 'owned_by', 'part_of')),
  discovered_by      text NOT NULL DEFAULT 'manual' CHECK (discovered_by IN ('manual', 'traces', 'import')),
  metadata           jsonb NOT NULL DEFAULT '{}',
  strength           numeric(3,2) CHECK (strength BETWEEN 0 AND 1),
  created_at         timestamptz NOT NULL DEFAULT now(),
  validated_at       timestamptz,
  UNIQUE (source_id, target_id, relationship_type),
  CHECK (source_id <> target_id)
);
CREATE INDEX service_relationships_target_idx ON service_relationships (target_id);
CREATE INDEX service_relationships_type_idx ON service_relationships (org_id, relationship_type);
SELECT pharos_enable_rls('service_relationships');

-- CI runs received from CI webhooks (seed 002 PipelineJob). (provider, run_id) makes a
-- redelivered webhook an update, not a second run.
CREATE TABLE pipeline_runs (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                 uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id             uuid REFERENCES services(id) ON DELETE SET NULL,
  provider               text NOT NULL DEFAULT 'github-actions'
                         CHECK (provider IN ('github-actions', 'gitlab-ci', 'jenkins', 'circleci', 'buildkite', 'other')),
  run_id                 text NOT NULL,        -- the provider's id; text because not every CI numbers runs
  repository             text,
  workflow               text,
  branch                 text,
  commit_sha             text CHECK (length(commit_sha) <= 64),
  pr_number              integer CHECK (pr_number > 0),
  triggered_by           text,
  status                 text NOT NULL DEFAULT 'queued'
                         CHECK (status IN ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
  started_at             timestamptz,
  completed_at           timestamptz,
  duration_seconds       integer CHECK (duration_seconds >= 0),
  logs_url               text,
  lint_passed            boolean,
  type_check_passed      boolean,
  tests_passed           boolean,
  coverage_pct           numeric(5,2) CHECK (coverage_pct BETWEEN 0 AND 100),
  contract_check_passed  boolean,
  metadata               jsonb NOT NULL DEFAULT '{}',
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, provider, run_id),
  CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX pipeline_runs_started_idx ON pipeline_runs (org_id, started_at DESC);
CREATE INDEX pipeline_runs_branch_idx ON pipeline_runs (org_id, branch, started_at DESC);
CREATE INDEX pipeline_runs_commit_idx ON pipeline_runs (org_id, commit_sha);
CREATE INDEX pipeline_runs_service_idx ON pipeline_runs (service_id);
SELECT pharos_enable_rls('pipeline_runs');
CREATE TRIGGER pipeline_runs_touch BEFORE UPDATE ON pipeline_runs FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Deployments (seed 004 service_deployments) and preview environments (seed 002
-- PreviewDeployment: is_preview, pr_number, URLs). Charts draw them as markers by service and time.
CREATE TABLE deployments (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id              uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  pipeline_run_id         uuid REFERENCES pipeline_runs(id) ON DELETE SET NULL,
  environment             text NOT NULL CHECK (length(environment) BETWEEN 1 AND 100),
  version                 text NOT NULL CHECK (length(version) BETWEEN 1 AND 100),
  commit_sha              text CHECK (length(commit_sha) <= 64),
  commit_message          text,
  branch                  text,
  build_number            text,
  deployed_by             uuid REFERENCES users(id) ON DELETE SET NULL,
  deployment_method       text CHECK (deployment_method IN ('manual', 'ci/cd', 'gitops')),
  status                  text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'in_progress', 'building', 'ready', 'completed',
                                            'failed', 'error', 'rolled_back', 'deleted')),
  health_status           text CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  -- Rollback information
  previous_version        text,
  previous_deployment_id  uuid REFERENCES deployments(id) ON DELETE SET NULL,
  can_rollback            boolean NOT NULL DEFAULT true,
  rollback_reason         text,
  startup_time            integer CHECK (startup_time >= 0),          -- seconds
  deployment_duration     integer CHECK (deployment_duration >= 0),   -- seconds
  -- Preview environments
  is_preview              boolean NOT NULL DEFAULT false,
  pr_number               integer CHECK (pr_number > 0),
  frontend_url            text,
  backend_url             text,
  environment_vars        jsonb NOT NULL DEFAULT '{}',   -- secret values are masked before they are stored
  deployed_at             timestamptz NOT NULL DEFAULT now(),
  completed_at            timestamptz,
  rolled_back_at          timestamptz,
  deleted_at              timestamptz,                   -- when a preview was torn down
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'deleted' OR deleted_at IS NULL),
  CHECK (NOT is_preview OR pr_number IS NOT NULL)
);
CREATE INDEX deployments_service_idx ON deployments (service_id, deployed_at DESC);
CREATE INDEX deployments_env_idx ON deployments (org_id, environment, deployed_at DESC);
CREATE INDEX deployments_status_idx ON deployments (org_id, status);
CREATE INDEX deployments_deployed_idx ON deployments (org_id, deployed_at DESC);
CREATE INDEX deployments_preview_idx ON deployments (org_id, pr_number) WHERE is_preview;
CREATE INDEX deployments_pipeline_idx ON deployments (pipeline_run_id);
SELECT pharos_enable_rls('deployments');
CREATE TRIGGER deployments_touch BEFORE UPDATE ON deployments FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- A named ingest source (seed 003 log_sources) with its health as the ingest pipeline sees it.
CREATE TABLE log_sources (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  type               text NOT NULL
                     CHECK (type IN ('application', 'custom', 'kafka', 'splunk', 'sap', 'otlp', 'elasticsearch',
                                     'loki', 'ndjson', 'fluent-bit', 'vector', 'filebeat', 'logstash', 'syslog', 'sdk')),
  description        text,
  api_key_id         uuid REFERENCES api_keys(id) ON DELETE SET NULL,
  configuration      jsonb NOT NULL DEFAULT '{}',   -- never secrets: those go in config_enc
  config_enc         text,                          -- AES-256-GCM under PHAROS_SECRET_KEY
  is_active          boolean NOT NULL DEFAULT true,
  health_status      text NOT NULL DEFAULT 'unknown'
                     CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  last_health_check  timestamptz,
  last_seen_at       timestamptz,
  ingest_rate        double precision,              -- records per second over the last minute
  records_total      bigint NOT NULL DEFAULT 0,
  error_count        bigint NOT NULL DEFAULT 0,
  last_error         text,
  last_error_at      timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);
CREATE INDEX log_sources_type_idx ON log_sources (org_id, type);
CREATE INDEX log_sources_health_idx ON log_sources (org_id, health_status) WHERE is_active;
SELECT pharos_enable_rls('log_sources');
CREATE TRIGGER log_sources_touch BEFORE UPDATE ON log_sources FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Pharos's own integration registry (seed 004): notifier, ingest and widget plugins.
CREATE TABLE plugins (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name               text NOT NULL CHECK (name ~ '^[a-z0-9@][a-z0-9@/._-]{0,254}$'),
  display_name       text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 255),
  description        text,
  long_description   text,
  current_version    text NOT NULL,
  latest_version     text,
  category           text NOT NULL CHECK (category IN ('notifier', 'ingest', 'widget')),
  tags               text[] NOT NULL DEFAULT '{}',
  author             jsonb,
  license            text,
  homepage           text,
  repository         text,
  documentation      text,
  install_count      integer NOT NULL DEFAULT 0,
  rating             numeric(2,1) CHECK (rating BETWEEN 0 AND 5),
  rating_count       integer NOT NULL DEFAULT 0,
  requirements       jsonb NOT NULL DEFAULT '{}',
  dependencies       jsonb NOT NULL DEFAULT '[]',
  peer_dependencies  jsonb NOT NULL DEFAULT '[]',
  config_schema      jsonb,                         -- JSON Schema; properties marked secret are encrypted on install
  default_config     jsonb NOT NULL DEFAULT '{}',
  status             text NOT NULL DEFAULT 'available'
                     CHECK (status IN ('available', 'installed', 'installing', 'updating', 'disabled', 'failed', 'uninstalling')),
  is_featured        boolean NOT NULL DEFAULT false,
  is_verified        boolean NOT NULL DEFAULT false,
  is_deprecated      boolean NOT NULL DEFAULT false,
  vendor_id          text,
  price              jsonb,                         -- {model: free|paid|subscription, amount, currency}
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  published_at       timestamptz,
  deprecated_at      timestamptz,
  UNIQUE (org_id, name)
);
CREATE INDEX plugins_category_status_idx ON plugins (org_id, category, status) WHERE NOT is_deprecated;
CREATE INDEX plugins_status_idx ON plugins (org_id, status);
CREATE INDEX plugins_featured_idx ON plugins (org_id) WHERE is_featured;
CREATE INDEX plugins_tags_idx ON plugins USING gin (tags);
CREATE INDEX plugins_requirements_idx ON plugins USING gin (requirements);
CREATE INDEX plugins_search_idx ON plugins
  USING gin (to_tsvector('simple', name || ' ' || coalesce(description, '')));
SELECT pharos_enable_rls('plugins');
CREATE TRIGGER plugins_touch BEFORE UPDATE ON plugins FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE plugin_versions (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                 uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  plugin_id              uuid NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
  version                text NOT NULL CHECK (length(version) BETWEEN 1 AND 50),
  changelog              text,
  release_notes          text,
  breaking_changes       boolean NOT NULL DEFAULT false,
  min_platform_version   text,
  max_platform_version   text,
  min_backstage_version  text,
  max_backstage_version  text,
  security_scan_status   text CHECK (security_scan_status IN ('pending', 'passed', 'failed', 'skipped')),
  vulnerabilities        jsonb NOT NULL DEFAULT '[]',
  package_url            text,
  package_size           bigint CHECK (package_size >= 0),   -- bytes
  checksum               text,
  is_stable              boolean NOT NULL DEFAULT true,
  is_beta                boolean NOT NULL DEFAULT false,
  is_deprecated          boolean NOT NULL DEFAULT false,
  released_at            timestamptz NOT NULL DEFAULT now(),
  deprecated_at          timestamptz,
  UNIQUE (plugin_id, version)
);
CREATE INDEX plugin_versions_version_idx ON plugin_versions (org_id, version);
CREATE INDEX plugin_versions_released_idx ON plugin_versions (plugin_id, released_at DESC);
SELECT pharos_enable_rls('plugin_versions');

-- Seed 004 kept config and secrets apart; here the whole installation config is one encrypted
-- document, so no secret can land in a plaintext column by mistake.
CREATE TABLE plugin_installations (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  plugin_id            uuid NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
  environment          text NOT NULL CHECK (length(environment) BETWEEN 1 AND 100),
  installed_version    text NOT NULL,
  previous_version     text,
  installed_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  installation_method  text CHECK (installation_method IN ('ui', 'api', 'cli', 'auto')),
  config_enc           text,                    -- AES-256-GCM under PHAROS_SECRET_KEY, never plaintext
  health_status        text NOT NULL DEFAULT 'unknown'
                       CHECK (health_status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  health_check_url     text,
  last_health_check    timestamptz,
  health_metrics       jsonb NOT NULL DEFAULT '{}',
  cpu_usage            numeric(5,2) CHECK (cpu_usage >= 0),   -- percent
  memory_usage         integer CHECK (memory_usage >= 0),     -- MB
  disk_usage           integer CHECK (disk_usage >= 0),       -- MB
  is_enabled           boolean NOT NULL DEFAULT true,
  installed_at         timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  disabled_at          timestamptz,
  uninstalled_at       timestamptz,
  UNIQUE (plugin_id, environment)
);
CREATE INDEX plugin_installations_env_idx ON plugin_installations (org_id, environment);
CREATE INDEX plugin_installations_health_idx ON plugin_installations (org_id, health_status);
SELECT pharos_enable_rls('plugin_installations');
CREATE TRIGGER plugin_installations_touch BEFORE UPDATE ON plugin_installations FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- External systems a monitored product depends on (seed 001 tb_integration_health).
CREATE TABLE integrations (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  integration_type        text NOT NULL
                          CHECK (integration_type IN ('payment-gateway', 'email-service', 'cloud-storage', 'auth-provider',
                                                      'analytics', 'erp-system', 'sms-service', 'webhook')),
  service_id              uuid REFERENCES services(id) ON DELETE SET NULL,   -- the service that depends on it
  plugin_installation_id  uuid REFERENCES plugin_installations(id) ON DELETE SET NULL,
  status                  text NOT NULL DEFAULT 'unknown'
                          CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown')),
  endpoint_url            text,
  api_version             text,
  last_check              timestamptz,
  last_success            timestamptz,
  configured_at           timestamptz NOT NULL DEFAULT now(),
  success_rate_24h        numeric(5,2) CHECK (success_rate_24h BETWEEN 0 AND 100),
  avg_response_time       integer CHECK (avg_response_time >= 0),            -- milliseconds
  rate_limit_quota        integer CHECK (rate_limit_quota >= 0),
  rate_limit_remaining    integer CHECK (rate_limit_remaining >= 0),
  rate_limit_reset        timestamptz,
  error_count_24h         integer NOT NULL DEFAULT 0,
  webhook_url             text,
  webhook_secret_enc      text,        -- AES-256-GCM under PHAROS_SECRET_KEY
  authentication_enc      text,        -- AES-256-GCM under PHAROS_SECRET_KEY
  settings                jsonb NOT NULL DEFAULT '{}',
  is_active               boolean NOT NULL DEFAULT true,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);
CREATE INDEX integrations_type_idx ON integrations (org_id, integration_type);
CREATE INDEX integrations_status_idx ON integrations (org_id, status);
CREATE INDEX integrations_active_idx ON integrations (org_id, is_active);
CREATE INDEX integrations_service_idx ON integrations (service_id);
SELECT pharos_enable_rls('integrations');
CREATE TRIGGER integrations_touch BEFORE UPDATE ON integrations FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Calls to and webhooks from an integration (seed 001 tb_integration_event), partitioned by day.
-- Time-partitioned tables carry no foreign keys: they would be checked on every COPY row.
CREATE TABLE integration_events (
  occurred_at       timestamptz NOT NULL DEFAULT now(),
  org_id            uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  integration_id    uuid NOT NULL,
  status_code       integer,
  response_time     integer CHECK (response_time >= 0),   -- milliseconds
  retry_count       integer NOT NULL DEFAULT 0,
  success           boolean NOT NULL,
  event_type        text NOT NULL CHECK (event_type IN ('api-call', 'webhook-delivery', 'error')),
  direction         text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  endpoint          text,
  method            text,
  request_payload   jsonb,
  response_payload  jsonb,
  error_message     text,
  -- (org_id, occurred_at) first so the key also serves "newest events of this organization".
  PRIMARY KEY (org_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX integration_events_integration_idx ON integration_events (integration_id, occurred_at DESC);
SELECT pharos_enable_rls('integration_events');
-- 30 days, as seed 001 cleans up its integration events.
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('integration_events', 'occurred_at', 'integration_events', 30);
