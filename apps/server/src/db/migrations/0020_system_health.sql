-- System health (seed 000 system_health; DOMAIN.md resource_snapshot): services and hosts report
-- their resource figures (cpu, memory, disk, response time, error rate, throughput). The figures
-- are kept as metric series (system_cpu_usage_percent{service,service_type}, ...), so they chart
-- and alert through PromQL like any metric; this table keeps only the newest report of each
-- service, for the health summary and the text that is not a number (status, last error).
CREATE TABLE system_health_latest (
  org_id              uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service             text NOT NULL CHECK (length(service) BETWEEN 1 AND 200),
  service_type        text NOT NULL
                      CHECK (service_type IN ('api', 'database', 'storage', 'auth', 'email', 'monitoring',
                                              'worker', 'cache', 'queue', 'host', 'other')),
  status              text NOT NULL CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'down')),
  status_reported     boolean NOT NULL,   -- false: derived by Pharos from the figures' thresholds
  response_time_ms    double precision CHECK (response_time_ms >= 0),
  error_rate          double precision CHECK (error_rate BETWEEN 0 AND 100),   -- percent
  throughput          double precision CHECK (throughput >= 0),                -- requests per second
  memory_usage_mb     double precision CHECK (memory_usage_mb >= 0),
  cpu_usage_percent   double precision CHECK (cpu_usage_percent BETWEEN 0 AND 100),
  disk_usage_percent  double precision CHECK (disk_usage_percent BETWEEN 0 AND 100),
  last_error_message  text,
  metadata            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  checked_at          timestamptz NOT NULL,
  reports             bigint NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, service)
);
CREATE INDEX system_health_latest_status_idx ON system_health_latest (org_id, status);
SELECT pharos_enable_rls('system_health_latest');
CREATE TRIGGER system_health_latest_touch BEFORE UPDATE ON system_health_latest FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();
