-- Visualization (DOMAIN.md section 5): dashboards and their widgets (seed 001 tb_dashboard and
-- tb_widget, seed 003 dashboards). Seed 003's configuration blob is split into layout,
-- variables and widget rows; its is_public is visibility = 'public'.

CREATE TABLE dashboards (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id              uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description         text,
  visibility          text NOT NULL DEFAULT 'private'
                      CHECK (visibility IN ('private', 'team', 'organization', 'public')),
  owner_id            uuid REFERENCES users(id) ON DELETE SET NULL,
  team_id             uuid REFERENCES teams(id) ON DELETE SET NULL,
  layout              jsonb NOT NULL DEFAULT '[]',   -- grid layout
  variables           jsonb NOT NULL DEFAULT '{}',   -- dashboard-level variables
  auto_refresh        boolean NOT NULL DEFAULT true,
  refresh_interval    integer DEFAULT 30 CHECK (refresh_interval >= 5),   -- seconds
  default_time_range  text NOT NULL DEFAULT '24h',
  theme               text NOT NULL DEFAULT 'light' CHECK (theme IN ('light', 'dark', 'system')),
  tags                text[] NOT NULL DEFAULT '{}',
  is_template         boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (visibility <> 'team' OR team_id IS NOT NULL)
);
CREATE INDEX dashboards_owner_idx ON dashboards (owner_id);
CREATE INDEX dashboards_team_idx ON dashboards (team_id);
CREATE INDEX dashboards_visibility_idx ON dashboards (org_id, visibility);
CREATE INDEX dashboards_template_idx ON dashboards (org_id) WHERE is_template;
CREATE INDEX dashboards_tags_idx ON dashboards USING gin (tags);
SELECT pharos_enable_rls('dashboards');
CREATE TRIGGER dashboards_touch BEFORE UPDATE ON dashboards FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();

CREATE TABLE widgets (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  dashboard_id      uuid NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  widget_type       text NOT NULL
                    CHECK (widget_type IN ('time-series', 'counter', 'gauge', 'table', 'pie-chart', 'bar-chart',
                                           'heatmap', 'alert-list', 'custom-query')),
  position          jsonb NOT NULL CHECK (jsonb_typeof(position) = 'object'),   -- {x, y, w, h}
  data_source       text NOT NULL
                    CHECK (data_source IN ('metrics', 'logs', 'traces', 'errors', 'endpoint-stats', 'health-checks',
                                           'web-vitals', 'user-activity', 'security-events', 'alerts', 'slos',
                                           'deployments', 'custom-query')),
  metric_name       text,
  query             text,             -- for custom-query widgets; run read-only under the viewer's organization
  aggregation       text CHECK (aggregation IN ('sum', 'avg', 'min', 'max', 'count', 'rate', 'last',
                                                'p50', 'p75', 'p90', 'p95', 'p99')),
  time_range        text,             -- '1h', '24h', '7d', 'custom'; NULL: the dashboard's
  filters           jsonb NOT NULL DEFAULT '{}',
  visualization     jsonb NOT NULL DEFAULT '{}',   -- chart options, colors, thresholds
  refresh_interval  integer CHECK (refresh_interval >= 5),   -- seconds; NULL: the dashboard's
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX widgets_dashboard_idx ON widgets (dashboard_id);
CREATE INDEX widgets_type_idx ON widgets (org_id, widget_type);
SELECT pharos_enable_rls('widgets');
CREATE TRIGGER widgets_touch BEFORE UPDATE ON widgets FOR EACH ROW EXECUTE FUNCTION pharos_touch_updated_at();
