// Status pages: the enums the API validates and the public page JSON (GET /status/:slug), shared
// by the server (which builds it) and the web UI (which renders it).

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in-progress', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export type PublicPageStatus =
  'operational' | 'degraded' | 'partial-outage' | 'major-outage' | 'maintenance' | 'unknown';

export interface PublicMonitor {
  id: string;
  name: string;
  status: string;
  uptime_24h: number | null;
  uptime_30d: number | null;
  uptime_90d: number | null;
  /** 90 UTC days, oldest first; uptime null for days without counted checks. */
  bars: Array<{ day: string; uptime: number | null }>;
}

/** The public JSON of a published page (no sign-in). */
export interface PublicPage {
  slug: string;
  title: string;
  description: string | null;
  status: PublicPageStatus;
  updated_at: string;
  groups: Array<{ name: string | null; monitors: PublicMonitor[] }>;
  incidents: Array<{
    id: string;
    title: string;
    status: string;
    impact: string;
    started_at: string;
    resolved_at: string | null;
    updates: Array<{ status: string; message: string; created_at: string }>;
  }>;
  maintenance: Array<{
    id: string;
    title: string;
    description: string | null;
    starts_at: string;
    ends_at: string;
    status: string;
  }>;
}
