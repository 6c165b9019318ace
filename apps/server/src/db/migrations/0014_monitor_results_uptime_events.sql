-- Monitors, part 2 (issue 6): retries, maintenance-aware uptime buckets and status-change events.

-- A failed check with retries left is recorded as 'pending' (it counts as down in uptime, but the
-- monitor's status only changes once the retries are used up). Results taken while the monitor
-- is in a maintenance window are kept but excluded from uptime. scheduled_at is the slot a check
-- ran for: checked_at - scheduled_at is the scheduling delay.
ALTER TABLE health_check_results DROP CONSTRAINT health_check_results_status_check;
ALTER TABLE health_check_results ADD CONSTRAINT health_check_results_status_check
  CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'down', 'unknown', 'pending'));
ALTER TABLE health_check_results ADD COLUMN in_maintenance boolean NOT NULL DEFAULT false;
ALTER TABLE health_check_results ADD COLUMN scheduled_at timestamptz;

-- Hour buckets of results: uptime over 7 and 30 days reads at most 720 rows per monitor.
-- up = healthy or degraded; down = down, unhealthy or pending; excluded = in maintenance
-- (unknown results count in neither).
CREATE TABLE monitor_hourly_stats (
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  monitor_id           uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  hour                 timestamptz NOT NULL,
  up_checks            integer NOT NULL DEFAULT 0 CHECK (up_checks >= 0),
  down_checks          integer NOT NULL DEFAULT 0 CHECK (down_checks >= 0),
  excluded_checks      integer NOT NULL DEFAULT 0 CHECK (excluded_checks >= 0),
  response_time_sum    bigint NOT NULL DEFAULT 0,
  response_time_count  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (monitor_id, hour)
);
SELECT pharos_enable_rls('monitor_hourly_stats');

-- Day buckets (0005) gain the same counters, so uptime_1y and the 90-day bars use one rule.
ALTER TABLE monitor_daily_stats ADD COLUMN down_checks integer NOT NULL DEFAULT 0 CHECK (down_checks >= 0);
ALTER TABLE monitor_daily_stats ADD COLUMN excluded_checks integer NOT NULL DEFAULT 0 CHECK (excluded_checks >= 0);
ALTER TABLE monitor_daily_stats ADD COLUMN response_time_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE monitor_daily_stats ADD COLUMN response_time_count integer NOT NULL DEFAULT 0;

-- What a monitor reports to the rest of Pharos (alerting subscribes): an outbox read by id.
CREATE TABLE monitor_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  monitor_id   uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('status_changed', 'certificate_expiring')),
  from_status  text,
  to_status    text,
  message      text NOT NULL DEFAULT '',
  details      jsonb NOT NULL DEFAULT '{}',
  occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX monitor_events_org_idx ON monitor_events (org_id, id);
CREATE INDEX monitor_events_monitor_idx ON monitor_events (monitor_id, occurred_at DESC);
SELECT pharos_enable_rls('monitor_events');
