import { countOf } from '../../lib/format.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { SortState } from '../../components/data-table/sort.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import { useTimeRangeParams } from '../../components/time-range-picker/use-time-range-params.ts';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { exportUrl, listAuditEvents } from './api.ts';
import { auditColumns, auditRowId } from './audit-columns.tsx';
import { AuditDetail } from './audit-detail.tsx';
import { AuditFiltersForm } from './audit-filters.tsx';
import {
  AUDIT_DEFAULT_RANGE,
  readAuditView,
  toApiFilters,
  writeTableParams,
  type AuditView,
} from './url-state.ts';
import './audit.css';

// Relative ranges ("last 24 hours") are resolved when a page is fetched or a file exported, not
// during render.
const fetchPage = (view: AuditView, cursor: string | null, signal: AbortSignal) =>
  listAuditEvents(toApiFilters(view, Date.now()), cursor, signal);
const exportHref = (view: AuditView, format: 'csv' | 'json') =>
  exportUrl(toApiFilters(view, Date.now()), format);

export function AuditPage() {
  const canRead = useCan('audit.read');
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const view = readAuditView(params);
  const [range, setRange] = useTimeRangeParams(AUDIT_DEFAULT_RANGE);
  // The key holds the filters (relative times unresolved; "now" is resolved per fetched page);
  // the drawer and the table layout do not change what is fetched.
  const { event: _event, sort: _sort, hidden: _hidden, ...queryView } = view;
  const events = useInfiniteQuery({
    queryKey: ['audit-events', queryView],
    queryFn: ({ pageParam, signal }) => fetchPage(view, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 10_000,
  });
  const open = useCallback(
    (id: string | null) =>
      setParams((p) => {
        if (id) p.set('event', id);
        else p.delete('event');
        return p;
      }),
    [setParams],
  );
  const setTable = (table: { sort?: SortState | null; hidden?: readonly string[] }) =>
    setParams((p) => writeTableParams(p, table), { replace: true });
  // Arrow keys move the selection without opening the drawer; opening selects the row too.
  const [selected, setSelected] = useState<string | null>(view.event);
  const columns = useMemo(() => auditColumns(open), [open]);
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);

  const refresh = () =>
    void events.refetch().then((r) => {
      if (r.isError) toast.error(`Could not refresh the audit log: ${errorText(r.error)}`);
    });
  const loadOlder = () =>
    void events.fetchNextPage().then((r) => {
      if (r.isError) toast.error(`Could not load older events: ${errorText(r.error)}`);
    });
  const exportLink = (format: 'csv' | 'json') => (
    <a
      className="px-btn px-btn-secondary px-btn-sm"
      href={exportUrl({}, format)}
      onClick={(e) => {
        e.currentTarget.href = exportHref(view, format);
        toast.info(`Export started: ${format.toUpperCase()} of the events matching the filters`);
      }}
      download
    >
      {format.toUpperCase()}
    </a>
  );

  return (
    <section className="page audit-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Audit log</h1>
        <TimeRangePicker value={range} onChange={setRange} onRefresh={refresh} />
        <span className="muted">Export:</span>
        {exportLink('csv')}
        {exportLink('json')}
      </header>
      {!canRead && (
        <p className="muted" role="note">
          Your role does not include the audit log; Pharos will refuse to list it.
        </p>
      )}
      <AuditFiltersForm view={view} />
      {events.isPending ? (
        <LoadingState label="Loading audit events…" />
      ) : events.isError && rows.length === 0 ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <DataTable
          label="Audit events"
          rows={rows}
          columns={columns}
          getRowId={auditRowId}
          sort={view.sort}
          onSortChange={(sort) => setTable({ sort })}
          hiddenColumns={view.hidden}
          onHiddenColumnsChange={(hidden) => setTable({ hidden })}
          selectedRowId={selected ?? view.event}
          onSelectionChange={(_row, id) => setSelected(id)}
          onRowActivate={(_row, id) => open(id)}
          height="max(320px, calc(100vh - 300px))"
          empty={
            <EmptyState
              title="No audit events match"
              description="Widen the time range or clear a filter."
            />
          }
          toolbar={
            <div className="audit-more">
              <span className="muted">
                {countOf(rows.length, 'event')}
                {events.hasNextPage ? ' loaded' : ''}
                {view.sort && events.hasNextPage ? ' (sorting covers the loaded events)' : ''}
              </span>
              {events.hasNextPage && (
                <Button size="sm" busy={events.isFetchingNextPage} onClick={loadOlder}>
                  Load older events
                </Button>
              )}
            </div>
          }
        />
      )}
      <AuditDetail id={view.event} onClose={() => open(null)} />
    </section>
  );
}
