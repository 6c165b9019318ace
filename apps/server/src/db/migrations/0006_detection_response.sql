-- Detection and response (DOMAIN.md section 4): notification channels, escalation policies,
-- SLOs and error budgets, detectors, alert rules, alerts and their state history, deliveries,
-- silences. Alerting severity is seed 001's scale; seed 003/000 low, medium and high map to
-- info, warning and error.

-- A destination for notifications. The whole channel config (webhook URL, routing key, SMTP
-- credentials, ...) is one encrypted document; summary is the safe text shown in lists.
CREATE TABLE notification_channels (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id           uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type             text NOT NULL CHECK (type IN ('email', 'slack', 'sms', 'webhook', 'pagerduty', 'in-app')),
  config_enc       text NOT NULL,       -- AES-256-GCM under PHAROS_SECRET_KEY, never plaintext
  summary          text NOT NULL DEFAULT '',   -- e.g. "#ops-alerts", "ops@example.com"; no secrets
  is_enabled       boolean NOT NULL DEFAULT true,
  last_delivery_at timestamptz,
  last_error       text,
  last_error_at    timestamptz,
  created_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);
CREATE INDEX notification_channels_type_idx ON notification_channels (org_id, type);
SELECT pharos_enable_rls('notification_channels');
CREATE TRIGGER notification_channels_touch BEFORE UPDATE ON notification_channels FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE escalation_policies (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description   text,
  repeat_count  integer NOT NULL DEFAULT 0 CHECK (repeat_count BETWEEN 0 AND 10),   -- times the last step repeats
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);
SELECT pharos_enable_rls('escalation_policies');
CREATE TRIGGER escalation_policies_touch BEFORE UPDATE ON escalation_policies FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- One row per target of a step: rows sharing step_number fire together, delay_minutes after the
-- alert triggered and was not acknowledged.
CREATE TABLE escalation_policy_steps (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  escalation_policy_id     uuid NOT NULL REFERENCES escalation_policies(id) ON DELETE CASCADE,
  step_number              integer NOT NULL CHECK (step_number >= 1),
  delay_minutes            integer NOT NULL DEFAULT 0 CHECK (delay_minutes >= 0),
  notification_channel_id  uuid REFERENCES notification_channels(id) ON DELETE CASCADE,
  user_id                  uuid REFERENCES users(id) ON DELETE CASCADE,
  team_id                  uuid REFERENCES teams(id) ON DELETE CASCADE,
  created_at               timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(notification_channel_id, user_id, team_id) = 1)
);
CREATE INDEX escalation_policy_steps_policy_idx ON escalation_policy_steps (escalation_policy_id, step_number);
CREATE INDEX escalation_policy_steps_channel_idx ON escalation_policy_steps (notification_channel_id);
SELECT pharos_enable_rls('escalation_policy_steps');

-- Service level objectives (seed 002 ErrorBudget targets) over a rolling window. Each of the
-- three targets is optional, at least one is set.
CREATE TABLE slos (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                     uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id                 uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  monitor_id                 uuid REFERENCES monitors(id) ON DELETE SET NULL,   -- uptime source; else request success
  name                       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description                text,
  environment                text,
  measurement_period_days    integer NOT NULL DEFAULT 30 CHECK (measurement_period_days BETWEEN 1 AND 365),
  slo_target_uptime          double precision CHECK (slo_target_uptime > 0 AND slo_target_uptime < 1),
  slo_target_latency_p95_ms  double precision CHECK (slo_target_latency_p95_ms > 0),
  slo_target_error_rate      double precision CHECK (slo_target_error_rate > 0 AND slo_target_error_rate < 1),
  filters                    jsonb NOT NULL DEFAULT '{}',   -- endpoints or methods the SLO covers
  is_active                  boolean NOT NULL DEFAULT true,
  created_by                 uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_id, name),
  CHECK (num_nonnulls(slo_target_uptime, slo_target_latency_p95_ms, slo_target_error_rate) > 0)
);
CREATE INDEX slos_org_idx ON slos (org_id, is_active);
SELECT pharos_enable_rls('slos');
CREATE TRIGGER slos_touch BEFORE UPDATE ON slos FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Budget state at each evaluation (seed 002 ErrorBudget). Targets are copied so a snapshot
-- still reads right after the SLO is edited. A consumed percentage above 100 means the budget
-- is spent; remaining_downtime_minutes goes negative then.
CREATE TABLE error_budget_snapshots (
  id                              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  slo_id                          uuid NOT NULL REFERENCES slos(id) ON DELETE CASCADE,
  measurement_period_days         integer NOT NULL,
  slo_target_uptime               double precision,
  slo_target_latency_p95_ms       double precision,
  slo_target_error_rate           double precision,
  current_uptime                  double precision CHECK (current_uptime BETWEEN 0 AND 1),
  current_latency_p95_ms          double precision CHECK (current_latency_p95_ms >= 0),
  current_error_rate              double precision CHECK (current_error_rate BETWEEN 0 AND 1),
  uptime_budget_consumed_pct      double precision CHECK (uptime_budget_consumed_pct >= 0),
  latency_budget_consumed_pct     double precision CHECK (latency_budget_consumed_pct >= 0),
  error_rate_budget_consumed_pct  double precision CHECK (error_rate_budget_consumed_pct >= 0),
  burn_rate                       double precision CHECK (burn_rate >= 0),
  remaining_downtime_minutes      double precision,
  last_updated                    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX error_budget_snapshots_slo_idx ON error_budget_snapshots (slo_id, last_updated DESC);
CREATE INDEX error_budget_snapshots_org_idx ON error_budget_snapshots (org_id, last_updated DESC);
SELECT pharos_enable_rls('error_budget_snapshots');

-- Detectors (seed 003 ml_models): anomaly detection, log classification, correlation,
-- forecasting. Small models keep their learned state in parameters; large ones in model_path.
CREATE TABLE ml_models (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                     uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name                       text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  type                       text NOT NULL CHECK (type IN ('anomaly_detection', 'classification', 'correlation', 'forecasting')),
  version                    text NOT NULL CHECK (length(version) BETWEEN 1 AND 20),
  status                     text NOT NULL DEFAULT 'training'
                             CHECK (status IN ('training', 'ready', 'deployed', 'failed', 'deprecated')),
  scope                      jsonb NOT NULL DEFAULT '{}',   -- what it watches: series, services, log sources
  model_path                 text,
  hyperparameters            jsonb NOT NULL DEFAULT '{}',
  parameters                 jsonb NOT NULL DEFAULT '{}',
  accuracy                   numeric(5,4) CHECK (accuracy BETWEEN 0 AND 1),
  precision_score            numeric(5,4) CHECK (precision_score BETWEEN 0 AND 1),
  recall_score               numeric(5,4) CHECK (recall_score BETWEEN 0 AND 1),
  f1_score                   numeric(5,4) CHECK (f1_score BETWEEN 0 AND 1),
  training_data_size         bigint CHECK (training_data_size >= 0),
  training_duration_seconds  integer CHECK (training_duration_seconds >= 0),
  trained_at                 timestamptz,
  created_by                 uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name, version)
);
CREATE INDEX ml_models_type_idx ON ml_models (org_id, type);
CREATE INDEX ml_models_status_idx ON ml_models (org_id, status);
CREATE INDEX ml_models_hyperparameters_idx ON ml_models USING gin (hyperparameters);
SELECT pharos_enable_rls('ml_models');
CREATE TRIGGER ml_models_touch BEFORE UPDATE ON ml_models FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Seed 001 tb_alert_rule and seed 003 alert_rules. rule_type says what the rule watches and
-- which of the target columns it uses; query holds a metric or log query, conditions any extra
-- terms (seed 003).
CREATE TABLE alert_rules (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description              text,
  rule_type                text NOT NULL
                           CHECK (rule_type IN ('metric', 'log', 'error-group', 'health-check', 'slo-burn-rate', 'anomaly')),
  severity                 text NOT NULL DEFAULT 'warning'
                           CHECK (severity IN ('debug', 'info', 'warning', 'error', 'fatal', 'critical')),
  status                   text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled', 'testing')),
  service                  text,
  metric_name              text,
  query                    jsonb,
  conditions               jsonb NOT NULL DEFAULT '{}',
  error_group_id           uuid REFERENCES error_groups(id) ON DELETE CASCADE,
  monitor_id               uuid REFERENCES monitors(id) ON DELETE CASCADE,
  slo_id                   uuid REFERENCES slos(id) ON DELETE CASCADE,
  ml_model_id              uuid REFERENCES ml_models(id) ON DELETE CASCADE,
  comparison_operator      text NOT NULL DEFAULT 'gt'
                           CHECK (comparison_operator IN ('gt', 'gte', 'lt', 'lte', 'eq', 'ne', 'contains', 'not-contains')),
  threshold                double precision NOT NULL DEFAULT 0,
  duration_minutes         integer NOT NULL DEFAULT 5 CHECK (duration_minutes >= 0),        -- the "for" duration
  evaluation_interval      integer NOT NULL DEFAULT 60 CHECK (evaluation_interval >= 10),   -- seconds
  scope                    jsonb NOT NULL DEFAULT '{}',      -- filters the rule applies under
  notification_recipients  jsonb NOT NULL DEFAULT '{}',      -- extra addresses beyond the channels
  notification_template    text,
  auto_resolve             boolean NOT NULL DEFAULT true,
  suppress_duration        integer DEFAULT 300 CHECK (suppress_duration >= 0),               -- seconds
  max_alerts_per_hour      integer DEFAULT 10 CHECK (max_alerts_per_hour > 0),
  escalation_policy_id     uuid REFERENCES escalation_policies(id) ON DELETE SET NULL,
  escalation_delay         integer CHECK (escalation_delay >= 0),                            -- minutes
  tags                     jsonb NOT NULL DEFAULT '{}',
  created_by               uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  last_evaluated_at        timestamptz,
  last_triggered           timestamptz,
  CHECK (rule_type <> 'metric' OR metric_name IS NOT NULL OR query IS NOT NULL),
  CHECK (rule_type <> 'log' OR query IS NOT NULL),
  CHECK (rule_type <> 'health-check' OR monitor_id IS NOT NULL),
  CHECK (rule_type <> 'slo-burn-rate' OR slo_id IS NOT NULL),
  CHECK (rule_type <> 'anomaly' OR ml_model_id IS NOT NULL)
);
CREATE INDEX alert_rules_status_idx ON alert_rules (org_id, status);
CREATE INDEX alert_rules_metric_idx ON alert_rules (org_id, metric_name);
CREATE INDEX alert_rules_severity_idx ON alert_rules (org_id, severity);
CREATE INDEX alert_rules_created_by_idx ON alert_rules (created_by);
CREATE INDEX alert_rules_tags_idx ON alert_rules USING gin (tags);
CREATE INDEX alert_rules_error_group_idx ON alert_rules (error_group_id);
CREATE INDEX alert_rules_monitor_idx ON alert_rules (monitor_id);
CREATE INDEX alert_rules_slo_idx ON alert_rules (slo_id);
CREATE INDEX alert_rules_ml_model_idx ON alert_rules (ml_model_id);
CREATE INDEX alert_rules_escalation_idx ON alert_rules (escalation_policy_id);
SELECT pharos_enable_rls('alert_rules');
CREATE TRIGGER alert_rules_touch BEFORE UPDATE ON alert_rules FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Replaces seed 001's notification_channels text[] with rows that cascade.
CREATE TABLE alert_rule_channels (
  org_id                   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_rule_id            uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  notification_channel_id  uuid NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
  PRIMARY KEY (alert_rule_id, notification_channel_id)
);
CREATE INDEX alert_rule_channels_channel_idx ON alert_rule_channels (notification_channel_id);
SELECT pharos_enable_rls('alert_rule_channels');

-- Mutes alerts whose labels match, Alertmanager style: matchers is an array of
-- {"name", "value", "op"} with op one of =, !=, =~, !~.
CREATE TABLE silences (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_rule_id  uuid REFERENCES alert_rules(id) ON DELETE CASCADE,   -- NULL: any rule
  matchers       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(matchers) = 'array'),
  starts_at      timestamptz NOT NULL DEFAULT now(),
  ends_at        timestamptz NOT NULL,
  comment        text NOT NULL DEFAULT '',
  created_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  expired_at     timestamptz,      -- set when ended early
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (alert_rule_id IS NOT NULL OR jsonb_array_length(matchers) > 0)
);
CREATE INDEX silences_active_idx ON silences (org_id, ends_at) WHERE expired_at IS NULL;
CREATE INDEX silences_rule_idx ON silences (alert_rule_id);
SELECT pharos_enable_rls('silences');
CREATE TRIGGER silences_touch BEFORE UPDATE ON silences FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Seed 001 tb_alert and seed 003 alerts. fingerprint identifies what fired (the rule's label
-- set, e.g. one series or one service): at most one open alert per rule and fingerprint.
-- notifications_sent counts deliveries; their detail is in notifications.
CREATE TABLE alerts (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_rule_id        uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  fingerprint          text NOT NULL DEFAULT '',
  labels               jsonb NOT NULL DEFAULT '{}',
  status               text NOT NULL DEFAULT 'active'
                       CHECK (status IN ('active', 'acknowledged', 'resolved', 'suppressed')),
  severity             text NOT NULL CHECK (severity IN ('debug', 'info', 'warning', 'error', 'fatal', 'critical')),
  title                text NOT NULL DEFAULT '',
  message              text NOT NULL,
  description          text,
  service              text,
  environment          text,
  source_id            uuid,                                  -- log_sources.id for log rules (seed 003)
  current_value        double precision,
  threshold            double precision,
  triggered_at         timestamptz NOT NULL DEFAULT now(),
  acknowledged_at      timestamptz,
  acknowledged_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  acknowledgment_note  text,
  resolved_at          timestamptz,
  resolved_by          uuid REFERENCES users(id) ON DELETE SET NULL,   -- NULL with resolved_at: auto-resolved
  resolution_note      text,
  silence_id           uuid REFERENCES silences(id) ON DELETE SET NULL,
  escalation_level     integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
  last_escalated_at    timestamptz,
  notifications_sent   integer NOT NULL DEFAULT 0,
  metadata             jsonb NOT NULL DEFAULT '{}',
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_rule_id, fingerprint) WHERE status <> 'resolved';
CREATE INDEX alerts_rule_idx ON alerts (alert_rule_id, triggered_at DESC);
CREATE INDEX alerts_status_idx ON alerts (org_id, status, triggered_at DESC);
CREATE INDEX alerts_severity_idx ON alerts (org_id, severity, triggered_at DESC);
CREATE INDEX alerts_triggered_idx ON alerts (org_id, triggered_at DESC);
CREATE INDEX alerts_acknowledged_by_idx ON alerts (acknowledged_by);
SELECT pharos_enable_rls('alerts');
CREATE TRIGGER alerts_touch BEFORE UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

-- Every transition of an alert, written in the same transaction as the alert's update.
CREATE TABLE alert_state_history (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_id     uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  from_status  text CHECK (from_status IN ('active', 'acknowledged', 'resolved', 'suppressed')),   -- NULL when created
  to_status    text NOT NULL CHECK (to_status IN ('active', 'acknowledged', 'resolved', 'suppressed')),
  actor_type   text NOT NULL DEFAULT 'system' CHECK (actor_type IN ('user', 'api_key', 'system')),
  changed_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  value        double precision,      -- the evaluated value at the transition
  note         text,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (from_status IS DISTINCT FROM to_status)
);
CREATE INDEX alert_state_history_alert_idx ON alert_state_history (alert_id, changed_at);
SELECT pharos_enable_rls('alert_state_history');

-- Deliveries (seed 000 alert_logs): one row per recipient and channel. 'pending' is added to
-- 000's statuses: a delivery is queued by evaluation and sent by the notifications.deliver job.
CREATE TABLE notifications (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_id                 uuid REFERENCES alerts(id) ON DELETE SET NULL,
  notification_channel_id  uuid REFERENCES notification_channels(id) ON DELETE SET NULL,
  alert_type               text NOT NULL,         -- what kind of event: alert.triggered, alert.resolved, digest, test, ...
  severity                 text NOT NULL CHECK (severity IN ('debug', 'info', 'warning', 'error', 'fatal', 'critical')),
  title                    text NOT NULL,
  message                  text NOT NULL,
  source                   text NOT NULL DEFAULT 'alert'
                           CHECK (source IN ('alert', 'error_log', 'system_health', 'security_scan', 'performance', 'slo', 'test')),
  source_id                text,
  recipient                text NOT NULL,         -- address, channel name or user id as the channel understands it
  channel                  text NOT NULL CHECK (channel IN ('email', 'slack', 'sms', 'webhook', 'pagerduty', 'in-app')),
  status                   text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sent', 'delivered', 'failed', 'suppressed')),
  escalation_level         integer NOT NULL DEFAULT 0,
  attempt_count            integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
  next_attempt_at          timestamptz,
  provider_message_id      text,                  -- e.g. the PagerDuty dedup key, the SMTP message id
  sent_at                  timestamptz,
  delivered_at             timestamptz,
  error_message            text,
  metadata                 jsonb NOT NULL DEFAULT '{}',
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_alert_type_idx ON notifications (org_id, alert_type);
CREATE INDEX notifications_severity_idx ON notifications (org_id, severity);
CREATE INDEX notifications_status_idx ON notifications (org_id, status);
CREATE INDEX notifications_created_idx ON notifications (org_id, created_at DESC);
CREATE INDEX notifications_source_idx ON notifications (org_id, source, source_id);
CREATE INDEX notifications_alert_idx ON notifications (alert_id);
CREATE INDEX notifications_channel_idx ON notifications (notification_channel_id);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
SELECT pharos_enable_rls('notifications');
CREATE TRIGGER notifications_touch BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();
