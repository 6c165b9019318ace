/** The product areas in the navigation, in order; `ready` ones have real screens. */
export interface Area {
  path: string;
  label: string;
  /** One glyph, drawn in the collapsed navigation. */
  icon: string;
  group: 'observe' | 'respond' | 'manage';
  /** For areas still to come: what the screen will do, and what to do meanwhile. */
  coming?: { what: string; now: string; docs?: { label: string; href: string } };
}

export const AREAS: readonly Area[] = [
  {
    path: '/explore',
    label: 'Explore logs',
    icon: '≡',
    group: 'observe',
    coming: {
      what: 'Search, filter and tail logs across services with a query bar, live tail and histograms.',
      now: 'Send logs with OTLP/HTTP to /v1/logs (JSON or protobuf) with an ingest API key; they are stored and will be searchable here.',
      docs: { label: 'API docs', href: '/api/docs' },
    },
  },
  {
    path: '/errors',
    label: 'Errors',
    icon: '⚠',
    group: 'observe',
    coming: {
      what: 'Grouped exceptions with stack traces, releases, affected users and regressions.',
      now: 'Point a Sentry SDK at Pharos with a DSN built from an ingest API key; events are grouped as they arrive.',
      docs: { label: 'API docs', href: '/api/docs' },
    },
  },
  {
    // Not /metrics: the server owns that path (its own Prometheus exposition).
    path: '/metric-explorer',
    label: 'Metrics',
    icon: '∿',
    group: 'observe',
    coming: {
      what: 'Query and chart time series with rates, percentiles and group-by.',
      now: 'Send metrics with OTLP/HTTP to /v1/metrics with an ingest API key.',
      docs: { label: 'API docs', href: '/api/docs' },
    },
  },
  {
    path: '/traces',
    label: 'Traces',
    icon: '⇶',
    group: 'observe',
    coming: {
      what: 'Find slow requests and follow them across services in a waterfall view.',
      now: 'Send spans with OTLP/HTTP to /v1/traces with an ingest API key.',
      docs: { label: 'API docs', href: '/api/docs' },
    },
  },
  { path: '/performance', label: 'Performance', icon: '◷', group: 'observe' },
  {
    path: '/dashboards',
    label: 'Dashboards',
    icon: '▦',
    group: 'observe',
    coming: {
      what: 'Shared dashboards of charts over logs, metrics and traces, with variables and time sync.',
      now: 'Create an API key in Settings so your services can start sending data to chart.',
      docs: { label: 'Create an API key', href: '/settings/api-keys' },
    },
  },
  {
    path: '/alerts',
    label: 'Alerts',
    icon: '◔',
    group: 'respond',
    coming: {
      what: 'Alert rules on metrics, logs and errors with routing to on-call channels.',
      now: 'Set up teams in Settings: alerts will be routed to them.',
      docs: { label: 'Manage teams', href: '/settings/teams' },
    },
  },
  {
    path: '/monitors',
    label: 'Monitors',
    icon: '◉',
    group: 'respond',
  },
  {
    path: '/services',
    label: 'Services',
    icon: '⬡',
    group: 'respond',
    coming: {
      what: 'A catalog of your services with owners, dependencies and their health at a glance.',
      now: 'Set service.name on your OTLP resources so services appear here once the catalog lands.',
    },
  },
  {
    path: '/security',
    label: 'Security',
    icon: '◈',
    group: 'manage',
    coming: {
      what: 'Sign-in anomalies, API key usage and access-denied trends.',
      now: 'Every change and denied access is already recorded: see the audit log.',
      docs: { label: 'Open the audit log', href: '/audit' },
    },
  },
  { path: '/audit', label: 'Audit log', icon: '☰', group: 'manage' },
  { path: '/settings', label: 'Settings', icon: '⚙', group: 'manage' },
];
