import type {
  IncidentImpact as Impact,
  IncidentStatus,
  MaintenanceStatus,
  PublicPage,
} from '@pharos/contracts';
import { api, ApiError } from '../../lib/api.ts';

export interface StatusPage {
  id: string;
  slug: string;
  title: string;
  description: string | null;
  is_public: boolean;
  show_uptime: boolean;
  is_published: boolean;
  updated_at: string;
}
export interface PageMonitorInput {
  monitor_id: string;
  group_name?: string | null;
  position?: number;
}
export interface StatusPageInput {
  slug: string;
  title: string;
  description?: string | null;
  is_published?: boolean;
  show_uptime?: boolean;
  monitors?: PageMonitorInput[];
}

export {
  INCIDENT_IMPACTS as IMPACTS,
  INCIDENT_STATUSES,
  type IncidentImpact as Impact,
  type IncidentStatus,
  type PublicPage,
} from '@pharos/contracts';

export interface Incident {
  id: string;
  status_page_id: string | null;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  started_at: string;
  resolved_at: string | null;
}
export interface MaintenanceWindow {
  id: string;
  status_page_id: string | null;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string;
  status: MaintenanceStatus;
}

const list = <T>(path: string) => api<{ items: T[] }>(path, { query: { limit: 500 } });

export const listStatusPages = () => list<StatusPage>('/status-pages');
export const createStatusPage = (body: StatusPageInput) =>
  api<StatusPage>('/status-pages', { method: 'POST', body });
export const updateStatusPage = (id: string, body: Partial<StatusPageInput>) =>
  api<StatusPage>(`/status-pages/${id}`, { method: 'PATCH', body });
export const deleteStatusPage = (id: string) =>
  api<void>(`/status-pages/${id}`, { method: 'DELETE' });

export const listIncidents = () => list<Incident>('/incidents');
export const createIncident = (body: {
  title: string;
  status_page_id: string | null;
  status: IncidentStatus;
  impact: Impact;
}) => api<Incident>('/incidents', { method: 'POST', body });
export const postIncidentUpdate = (id: string, body: { status: IncidentStatus; message: string }) =>
  api<unknown>(`/incidents/${id}/updates`, { method: 'POST', body });
export const deleteIncident = (id: string) => api<void>(`/incidents/${id}`, { method: 'DELETE' });

export const listMaintenance = () => list<MaintenanceWindow>('/maintenance-windows');
export const createMaintenance = (body: {
  title: string;
  description?: string | null;
  status_page_id: string | null;
  starts_at: string;
  ends_at: string;
  monitor_ids?: string[];
}) => api<MaintenanceWindow>('/maintenance-windows', { method: 'POST', body });
export const updateMaintenance = (id: string, body: { status: MaintenanceWindow['status'] }) =>
  api<MaintenanceWindow>(`/maintenance-windows/${id}`, { method: 'PATCH', body });
export const deleteMaintenance = (id: string) =>
  api<void>(`/maintenance-windows/${id}`, { method: 'DELETE' });

/** The public page as anonymous visitors get it; 404 while the page is not published. */
export async function getPublicPage(slug: string): Promise<PublicPage> {
  // Served outside /api/v1 and without sign-in; the problem body still carries the detail.
  const res = await fetch(`/status/${encodeURIComponent(slug)}`, {
    headers: { Accept: 'application/json' },
    credentials: 'omit',
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const detail = (data as { detail?: string } | null)?.detail;
    throw new ApiError(res.status, null, detail ?? `${res.status} ${res.statusText}`);
  }
  return data as PublicPage;
}

export const publicPath = (slug: string) => `/s/${slug}`;
export const feedUrl = (slug: string, kind: 'atom' | 'rss') => `/status/${slug}/feed.${kind}`;
export const badgeUrl = (slug: string) => `/status/${slug}/badge.svg`;
