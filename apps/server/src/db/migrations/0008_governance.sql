-- Governance (DOMAIN.md section 6): settings, retention, privacy requests, data
-- classification, compliance, costs, backup checks and restore drills.

-- Typed configuration (seed 000 monitoring_configs and security_policies, seed 003
-- system_config). 000's config_type/policy_type becomes category and the key's first segment
-- (e.g. security.csp). A secret value is stored only encrypted, in value_enc.
CREATE TABLE settings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id           uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key              text NOT NULL CHECK (key ~ '^[a-z0-9_]+(\.[a-z0-9_-]+)*$'),
  category         text NOT NULL DEFAULT 'general'
                   CHECK (category IN ('general', 'alerts', 'ml', 'performance', 'security', 'monitoring',
                                       'retention', 'notifications', 'ingest')),
  environment      text CHECK (environment IN ('development', 'staging', 'production')),   -- NULL: every environment
  value_type       text NOT NULL DEFAULT 'json'
                   CHECK (value_type IN ('string', 'number', 'boolean', 'duration', 'json', 'secret')),
  value            jsonb,
  value_enc        text,             -- AES-256-GCM under PHAROS_SECRET_KEY
  is_encrypted     boolean GENERATED ALWAYS AS (value_enc IS NOT NULL) STORED,
  description      text,
  is_active        boolean NOT NULL DEFAULT true,
  last_updated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (org_id, key, environment),
  CHECK (num_nonnulls(value, value_enc) = 1),
  CHECK ((value_type = 'secret') = (value_enc IS NOT NULL))
);
CREATE INDEX settings_category_idx ON settings (org_id, category);
SELECT pharos_enable_rls('settings');
CREATE TRIGGER settings_touch BEFORE UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- An organization's retention per data kind, overriding telemetry_tables.default_retention_days.
-- Raw data and each rollup are separate kinds (metrics, metrics_5m, metrics_1h), so a table's
-- retention is always one row. Daily partitions are shared by organizations: they are dropped at
-- the longest retention in force, and a shorter one is applied by deleting rows.
CREATE TABLE retention_policies (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                 uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  data_kind              text NOT NULL
                         CHECK (data_kind IN ('logs', 'metrics', 'metrics_5m', 'metrics_1h', 'traces', 'errors',
                                              'endpoint_stats', 'endpoint_stats_5m', 'endpoint_stats_1h',
                                              'health_checks', 'security_events', 'web_vitals', 'user_activity',
                                              'integration_events', 'audit', 'alerts', 'notifications',
                                              'error_budget_snapshots')),
  retention_days         integer NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
  archive_before_delete  boolean NOT NULL DEFAULT false,
  archive_location       text,           -- e.g. an object-store prefix
  anonymize_after_days   integer CHECK (anonymize_after_days > 0),
  is_active              boolean NOT NULL DEFAULT true,
  updated_by             uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, data_kind),
  CHECK (anonymize_after_days IS NULL OR anonymize_after_days < retention_days),
  CHECK (NOT archive_before_delete OR archive_location IS NOT NULL)
);
SELECT pharos_enable_rls('retention_policies');
CREATE TRIGGER retention_policies_touch BEFORE UPDATE ON retention_policies FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Access, deletion, portability, rectification or restriction of one person's data (seed 004
-- data_privacy_records). The subject is a Pharos user (user_id) or a person known only by the
-- identifiers telemetry carries (user ids, emails, IPs).
CREATE TABLE data_privacy_requests (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id              uuid REFERENCES users(id) ON DELETE SET NULL,
  subject_identifiers  jsonb NOT NULL DEFAULT '{}',   -- e.g. {"user_id": ["u-42"], "email": ["a@b.c"]}
  request_type         text NOT NULL
                       CHECK (request_type IN ('access', 'deletion', 'portability', 'rectification', 'restriction')),
  status               text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'in_progress', 'completed', 'rejected')),
  requested_at         timestamptz NOT NULL DEFAULT now(),
  requested_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  due_at               timestamptz,     -- GDPR: one month from receipt
  processed_at         timestamptz,
  processed_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  data_categories      text[] NOT NULL DEFAULT '{}',
  systems_affected     text[] NOT NULL DEFAULT '{}',   -- tables searched or changed
  result               jsonb NOT NULL DEFAULT '{}',
  rejection_reason     text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR subject_identifiers <> '{}'),
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL)
);
CREATE INDEX data_privacy_requests_user_idx ON data_privacy_requests (user_id);
CREATE INDEX data_privacy_requests_type_idx ON data_privacy_requests (org_id, request_type);
CREATE INDEX data_privacy_requests_status_idx ON data_privacy_requests (org_id, status);
CREATE INDEX data_privacy_requests_requested_idx ON data_privacy_requests (org_id, requested_at DESC);
SELECT pharos_enable_rls('data_privacy_requests');
CREATE TRIGGER data_privacy_requests_touch BEFORE UPDATE ON data_privacy_requests FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Per table and column ('*' for the whole table); seed 004 data_classification.
CREATE TABLE data_classifications (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  table_name           text NOT NULL,
  column_name          text NOT NULL DEFAULT '*',
  classification       text NOT NULL CHECK (classification IN ('public', 'internal', 'confidential', 'restricted')),
  contains_pii         boolean NOT NULL DEFAULT false,
  contains_phi         boolean NOT NULL DEFAULT false,
  encryption_required  boolean NOT NULL DEFAULT false,
  retention_days       integer CHECK (retention_days > 0),
  notes                text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, table_name, column_name)
);
CREATE INDEX data_classifications_pii_idx ON data_classifications (org_id) WHERE contains_pii OR contains_phi;
SELECT pharos_enable_rls('data_classifications');
CREATE TRIGGER data_classifications_touch BEFORE UPDATE ON data_classifications FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE compliance_records (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  framework            text NOT NULL CHECK (framework IN ('soc2', 'gdpr', 'hipaa', 'iso27001')),
  control_id           text NOT NULL,
  control_name         text,
  control_description  text,
  status               text NOT NULL DEFAULT 'pending_assessment'
                       CHECK (status IN ('compliant', 'non_compliant', 'partially_compliant', 'not_applicable', 'pending_assessment')),
  evidence             jsonb NOT NULL DEFAULT '[]',
  findings             text,
  remediation_plan     text,
  assessor_id          uuid REFERENCES users(id) ON DELETE SET NULL,
  owner_id             uuid REFERENCES users(id) ON DELETE SET NULL,
  team_id              uuid REFERENCES teams(id) ON DELETE SET NULL,   -- owning team
  assessment_date      date,
  due_date             date,
  completed_date       date,
  next_review_date     date,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, framework, control_id)
);
CREATE INDEX compliance_records_status_idx ON compliance_records (org_id, status);
CREATE INDEX compliance_records_due_idx ON compliance_records (org_id, due_date);
SELECT pharos_enable_rls('compliance_records');
CREATE TRIGGER compliance_records_touch BEFORE UPDATE ON compliance_records FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Seed 004 cost_tracking. project is a cost-allocation label, not a Pharos project.
CREATE TABLE cost_records (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  resource_type  text NOT NULL CHECK (resource_type IN ('compute', 'storage', 'network', 'service')),
  resource_id    text,
  service_id     uuid REFERENCES services(id) ON DELETE SET NULL,
  team_id        uuid REFERENCES teams(id) ON DELETE SET NULL,
  cost           numeric(12,2) NOT NULL,
  currency       text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),   -- ISO 4217
  usage_amount   numeric(15,4),
  usage_unit     text,
  cost_center    text,
  project        text,
  tags           jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX cost_records_period_idx ON cost_records (org_id, period_start, period_end);
CREATE INDEX cost_records_service_idx ON cost_records (service_id);
CREATE INDEX cost_records_team_idx ON cost_records (team_id);
CREATE INDEX cost_records_resource_idx ON cost_records (org_id, resource_type);
SELECT pharos_enable_rls('cost_records');

CREATE TABLE backup_validations (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id              uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  backup_date         date NOT NULL,
  backup_type         text NOT NULL CHECK (backup_type IN ('full', 'incremental', 'wal')),
  validation_status   text NOT NULL DEFAULT 'pending' CHECK (validation_status IN ('pending', 'passed', 'failed')),
  backup_location     text,
  backup_size_bytes   bigint CHECK (backup_size_bytes >= 0),
  validated_at        timestamptz,
  validation_details  jsonb NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX backup_validations_date_idx ON backup_validations (org_id, backup_date DESC);
SELECT pharos_enable_rls('backup_validations');

-- Restore drills: recovery time and recovery point, target against actual, in minutes.
CREATE TABLE recovery_tests (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  test_date      date NOT NULL,
  recovery_type  text NOT NULL CHECK (recovery_type IN ('full', 'pitr')),
  rto_target     integer CHECK (rto_target >= 0),
  rto_actual     integer CHECK (rto_actual >= 0),
  rpo_target     integer CHECK (rpo_target >= 0),
  rpo_actual     integer CHECK (rpo_actual >= 0),
  test_result    text NOT NULL CHECK (test_result IN ('passed', 'failed', 'partial')),
  notes          text,
  performed_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_tests_date_idx ON recovery_tests (org_id, test_date DESC);
SELECT pharos_enable_rls('recovery_tests');
