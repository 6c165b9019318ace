import { api } from '../../lib/api.ts';

export const MONITOR_KINDS = [
  'http',
  'keyword',
  'json-query',
  'tcp',
  'dns',
  'tls',
  'heartbeat',
  'postgres',
] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];
export type MonitorStatus = 'healthy' | 'degraded' | 'unhealthy' | 'down' | 'unknown';

export interface MonitorConfig {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  expectedStatus?: string[];
  keyword?: string;
  invertKeyword?: boolean;
  jsonPath?: string;
  expectedValue?: string;
  degradedAboveMs?: number;
  followRedirects?: boolean;
  maxRedirects?: number;
  ignoreTls?: boolean;
  tlsWarnDays?: number[];
  recordType?: string;
  resolver?: string;
  expectedAnswer?: string;
  query?: string;
}

export interface Monitor {
  id: string;
  name: string;
  description: string | null;
  kind: MonitorKind;
  url: string | null;
  check_interval: number;
  timeout: number;
  retry_count: number;
  retry_interval: number;
  config: MonitorConfig;
  has_secrets: boolean;
  status: MonitorStatus;
  is_active: boolean;
  last_check: string | null;
  next_check_at: string | null;
  last_status_change: string | null;
  last_response_time: number | null;
  last_error: string | null;
  consecutive_failures: number;
  uptime_24h: number | null;
  uptime_7d: number | null;
  uptime_30d: number | null;
  uptime_1y: number | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  push_url?: string;
}

export interface MonitorInput {
  name: string;
  kind?: MonitorKind;
  url?: string | null;
  check_interval?: number;
  timeout?: number;
  retry_count?: number;
  retry_interval?: number;
  config?: MonitorConfig;
  secrets?: { password?: string } | null;
  is_active?: boolean;
}

export interface CheckResult {
  checked_at: string;
  status: string;
  response_time: number | null;
  status_code: number | null;
  attempt: number;
  error_message: string | null;
  in_maintenance: boolean;
  details: Record<string, unknown> | null;
}

export interface TestResult {
  status: string;
  monitor_status: MonitorStatus;
  response_time: number | null;
  status_code: number | null;
  error: string | null;
  details: Record<string, unknown>;
}

export interface MonitorStats {
  uptime: { '24h': number | null; '7d': number | null; '30d': number | null; '1y': number | null };
  response_time: {
    window: string;
    count: number;
    avg: number | null;
    p50: number | null;
    p95: number | null;
    p99: number | null;
  };
}

export interface RecentChecks {
  id: string;
  status: string;
  recent_checks: Array<{ status: string; response_time: number | null; checked_at: string }>;
}

export interface MonitorEvent {
  id: number;
  monitor_id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  message: string;
  occurred_at: string;
}

export type ResultWindow = '24h' | '7d' | '30d';

export const listMonitors = (status?: string) =>
  api<{ items: Monitor[] }>('/monitors', { query: { status, limit: 1000 } });
export const getMonitor = (id: string) => api<Monitor>(`/monitors/${id}`);
export const createMonitor = (body: MonitorInput) =>
  api<Monitor>('/monitors', { method: 'POST', body });
export const updateMonitor = (id: string, body: Partial<MonitorInput>) =>
  api<Monitor>(`/monitors/${id}`, { method: 'PATCH', body });
export const deleteMonitor = (id: string) => api<void>(`/monitors/${id}`, { method: 'DELETE' });
export const testMonitor = (id: string) =>
  api<TestResult>(`/monitors/${id}/test`, { method: 'POST' });
export const listResults = (id: string, window: ResultWindow, limit = 1000) =>
  api<{ items: CheckResult[] }>(`/monitors/${id}/results`, { query: { window, limit } });
export const getStats = (id: string, window: ResultWindow) =>
  api<MonitorStats>(`/monitors/${id}/stats`, { query: { window } });
export const listRecentChecks = () =>
  api<{ items: RecentChecks[] }>('/monitors/recent-checks', { query: { limit: 1000 } });
export const listMonitorEvents = (monitorId: string) =>
  api<{ items: MonitorEvent[] }>('/monitor-events', {
    query: { monitor_id: monitorId, limit: 1000 },
  });
