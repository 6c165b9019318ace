-- Prometheus/OpenMetrics endpoints Pharos pulls on a schedule (issue 5, "Scrape targets"). The
-- worker's scrape scheduler claims due rows with FOR UPDATE SKIP LOCKED (like monitors, ADR
-- 0008), writes the scraped samples plus `up`, `scrape_duration_seconds` and
-- `scrape_samples_scraped`, and records the outcome here.
CREATE TABLE scrape_targets (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id        bigint REFERENCES projects(id) ON DELETE SET NULL,   -- where the series are reported
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  url               text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2048),
  interval_seconds  integer NOT NULL DEFAULT 60 CHECK (interval_seconds BETWEEN 5 AND 86400),
  timeout_seconds   integer NOT NULL DEFAULT 10 CHECK (timeout_seconds BETWEEN 1 AND 300),
  -- Target labels put on every scraped series (honor_labels=false): job and instance at least.
  labels            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(labels) = 'object'),
  enabled           boolean NOT NULL DEFAULT true,
  auth_type         text NOT NULL DEFAULT 'none' CHECK (auth_type IN ('none', 'bearer', 'basic')),
  auth_username     text CHECK (length(auth_username) <= 256),
  auth_secret_enc   text,           -- bearer token or basic password: AES-256-GCM under PHAROS_SECRET_KEY
  next_scrape_at    timestamptz NOT NULL DEFAULT now(),
  last_scrape_at    timestamptz,
  last_duration_ms  integer,
  last_samples      integer,
  last_error        text,
  health            text NOT NULL DEFAULT 'unknown' CHECK (health IN ('unknown', 'up', 'down')),
  created_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name),
  CHECK (timeout_seconds < interval_seconds),
  CHECK ((auth_type = 'none') = (auth_secret_enc IS NULL))
);
CREATE INDEX scrape_targets_due_idx ON scrape_targets (next_scrape_at) WHERE enabled;
SELECT pharos_enable_rls('scrape_targets');
CREATE TRIGGER scrape_targets_touch BEFORE UPDATE ON scrape_targets FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();
