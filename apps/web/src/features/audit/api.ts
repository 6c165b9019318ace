import { api, buildUrl } from '../../lib/api.ts';

export interface AuditEvent {
  id: string;
  occurred_at: string;
  org_id: string;
  user_id: string | null;
  user_email: string | null;
  user_role: string | null;
  api_key_id: string | null;
  actor_type: string;
  action: string;
  action_type: string;
  resource_type: string;
  resource_id: string | null;
  resource_name: string | null;
  description: string;
  before_data: unknown;
  after_data: unknown;
  changes: unknown;
  outcome: 'success' | 'failure';
  failure_reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
  session_id: string | null;
  request_id: string | null;
  module: string | null;
  severity: string;
  metadata: Record<string, unknown>;
}

/** Filters as the API takes them (`from`/`to` are ISO instants by then). */
export interface AuditFilters {
  user?: string;
  action?: string;
  resource_type?: string;
  resource_id?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
}

export const listAuditEvents = (
  filters: AuditFilters,
  cursor: string | null,
  signal?: AbortSignal,
) =>
  api<{ items: AuditEvent[]; next_cursor: string | null }>('/audit-events', {
    query: { ...filters, limit: 100, cursor },
    ...(signal ? { signal } : {}),
  });

export const getAuditEvent = (id: string) => api<AuditEvent>(`/audit-events/${id}`);

/** The export is a plain download link: the browser sends the session cookie with it. */
export const exportUrl = (filters: AuditFilters, format: 'csv' | 'json' | 'ndjson') =>
  buildUrl('/audit-events/export', { ...filters, format });
