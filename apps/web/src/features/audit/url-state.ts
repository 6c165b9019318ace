import {
  readTimeRangeParams,
  resolveTimeRange,
  type TimeRangeState,
} from '../../lib/time-range.ts';
import {
  formatColumnList,
  formatSortParam,
  parseColumnList,
  parseSortParam,
  type SortState,
} from '../../components/data-table/sort.ts';
import type { AuditFilters } from './api.ts';

export const AUDIT_DEFAULT_RANGE: TimeRangeState = { from: 'now-24h', to: 'now', refresh: 'off' };
export const TEXT_FILTERS = ['user', 'action', 'resource_type', 'resource_id'] as const;
/** The table's column ids (see audit-columns.tsx), for the `sort` and `hide` parameters. */
export const AUDIT_COLUMN_IDS = [
  'time',
  'actor',
  'action',
  'resource',
  'description',
  'outcome',
  'ip',
] as const;

/** Everything the audit page shows is in its URL, so a link reproduces the same view. */
export interface AuditView {
  user: string;
  action: string;
  resource_type: string;
  resource_id: string;
  outcome: '' | 'success' | 'failure';
  range: TimeRangeState;
  /** The event open in the detail drawer. */
  event: string | null;
  /** Client-side sort of the loaded events (`sort=-time`); null keeps the server's newest first. */
  sort: SortState | null;
  /** Hidden columns (`hide=ip,resource`). */
  hidden: string[];
}

export function readAuditView(params: URLSearchParams): AuditView {
  const outcome = params.get('outcome');
  return {
    user: params.get('user') ?? '',
    action: params.get('action') ?? '',
    resource_type: params.get('resource_type') ?? '',
    resource_id: params.get('resource_id') ?? '',
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : '',
    range: readTimeRangeParams(params, AUDIT_DEFAULT_RANGE),
    event: params.get('event'),
    sort: parseSortParam(params.get('sort'), AUDIT_COLUMN_IDS),
    hidden: parseColumnList(params.get('hide'), AUDIT_COLUMN_IDS),
  };
}

/** Writes the table state (sort, hidden columns) into a copy of `params`. */
export function writeTableParams(
  params: URLSearchParams,
  table: { sort?: SortState | null; hidden?: readonly string[] },
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | null) => (v ? next.set(k, v) : next.delete(k));
  if (table.sort !== undefined) set('sort', formatSortParam(table.sort));
  if (table.hidden !== undefined) set('hide', formatColumnList(table.hidden));
  return next;
}

/** The API filters for a view, with relative times resolved at `nowMs`. */
export function toApiFilters(view: AuditView, nowMs: number): AuditFilters {
  const f: AuditFilters = {};
  for (const k of TEXT_FILTERS) {
    const v = view[k].trim();
    if (v) f[k] = v;
  }
  if (view.outcome) f.outcome = view.outcome;
  const r = resolveTimeRange(view.range, nowMs);
  if (r) {
    f.from = new Date(r.fromMs).toISOString();
    f.to = new Date(r.toMs).toISOString();
  }
  return f;
}
