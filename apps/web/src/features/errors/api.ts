import { api } from '../../lib/api.ts';

export const ISSUE_STATUSES = [
  'new',
  'acknowledged',
  'in-progress',
  'resolved',
  'ignored',
] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const ISSUE_SORTS = ['last_seen', 'first_seen', 'events', 'users'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export interface Issue {
  id: string;
  project_id: number;
  error_type: string;
  message: string;
  severity: string;
  status: string;
  regressed: boolean;
  service: string | null;
  environment: string | null;
  environments: string[];
  releases: string[];
  platform: string | null;
  file_path: string | null;
  line_number: number | null;
  function_name: string | null;
  endpoint: string | null;
  assigned_to: string | null;
  resolution_note: string | null;
  resolved_at: string | null;
  first_release: string | null;
  last_release: string | null;
  first_seen: string;
  last_seen: string;
  occurrence_count: number;
  affected_users: number;
}

export interface ErrorEvent {
  event_id: string;
  group_id: string;
  occurred_at: string;
  severity: string;
  error_type: string | null;
  message: string;
  service: string | null;
  environment: string | null;
  release: string | null;
  platform: string | null;
  stack_trace: string | null;
  exception: unknown;
  breadcrumbs: unknown;
  context: unknown;
  tags: unknown;
  request: unknown;
  user_id: string | null;
  user_data: unknown;
  request_id: string | null;
  trace_id: string | null;
  url: string | null;
  endpoint: string | null;
  method: string | null;
  user_agent: string | null;
  ip_address: string | null;
  status_code: number | null;
  sdk: unknown;
}

export interface IssueFilters {
  /** '' = all, 'unresolved' = new/acknowledged/in-progress, or one status. */
  status: '' | 'unresolved' | IssueStatus;
  environment: string;
  release: string;
  query: string;
  sort: IssueSort;
}

/** Issues per page of the list ("Load more" fetches the next). */
export const ISSUE_PAGE = 100;

export const listIssues = (f: IssueFilters, offset: number, signal?: AbortSignal) => {
  const query: Record<string, string | number | boolean> = {
    sort: f.sort,
    limit: ISSUE_PAGE,
    offset,
  };
  if (f.status === 'unresolved') query.unresolved = true;
  else if (f.status) query.status = f.status;
  if (f.environment.trim()) query.environment = f.environment.trim();
  if (f.release.trim()) query.release = f.release.trim();
  if (f.query.trim()) query.query = f.query.trim();
  return api<{ items: Issue[]; total: number }>('/errors/issues', {
    query,
    ...(signal ? { signal } : {}),
  });
};

export const getIssue = (id: string, signal?: AbortSignal) =>
  api<{ issue: Issue; latest_event: ErrorEvent | null }>(`/errors/issues/${id}`, {
    ...(signal ? { signal } : {}),
  });

export const listIssueEvents = (id: string, cursor: string | null, signal?: AbortSignal) =>
  api<{ items: ErrorEvent[]; next_cursor: string | null }>(`/errors/issues/${id}/events`, {
    query: { limit: 50, cursor },
    ...(signal ? { signal } : {}),
  });

export interface IssueUpdate {
  status?: IssueStatus;
  assigned_to?: string | null;
  resolution_note?: string | null;
}

export const updateIssue = (id: string, body: IssueUpdate) =>
  api<Issue>(`/errors/issues/${id}`, { method: 'PATCH', body });

/** Each issue's events per UTC day over the last `days` days, oldest first. */
export const getIssueTrend = (ids: readonly string[], days: number, signal?: AbortSignal) =>
  api<{ days: number; items: Array<{ id: string; counts: number[] }> }>('/errors/issues/trend', {
    query: { ids: [...ids], days },
    ...(signal ? { signal } : {}),
  });

export interface OrgUser {
  id: string;
  email: string;
  name: string;
}

export const listUsers = (signal?: AbortSignal) =>
  api<{ items: OrgUser[] }>('/users', { query: { limit: 500 }, ...(signal ? { signal } : {}) });
