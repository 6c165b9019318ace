import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { exportUrl, listAuditEvents } from './api.ts';
import { AuditDetail } from './audit-detail.tsx';
import { AuditFiltersForm } from './audit-filters.tsx';
import { readAuditView, toApiFilters, type AuditView } from './url-state.ts';
import '../common/table.css';
import './audit.css';

// Relative ranges ("last 24 hours") are resolved when a page is fetched or a file exported, not
// during render.
const fetchPage = (view: AuditView, cursor: string | null, signal: AbortSignal) =>
  listAuditEvents(toApiFilters(view, Date.now()), cursor, signal);
const exportHref = (view: AuditView, format: 'csv' | 'json') =>
  exportUrl(toApiFilters(view, Date.now()), format);

export function AuditPage() {
  const canRead = useCan('audit.read');
  const [params, setParams] = useSearchParams();
  const view = readAuditView(params);
  // The key holds the view (relative times unresolved); "now" is resolved when a page is fetched.
  const { event: _event, ...queryView } = view;
  const events = useInfiniteQuery({
    queryKey: ['audit-events', queryView],
    queryFn: ({ pageParam, signal }) => fetchPage(view, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 10_000,
  });
  const open = (id: string | null) =>
    setParams((p) => {
      if (id) p.set('event', id);
      else p.delete('event');
      return p;
    });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="page audit-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Audit log</h1>
        <span className="muted">Export:</span>
        <a
          className="px-btn px-btn-secondary px-btn-sm"
          href={exportUrl({}, 'csv')}
          onClick={(e) => (e.currentTarget.href = exportHref(view, 'csv'))}
          download
        >
          CSV
        </a>
        <a
          className="px-btn px-btn-secondary px-btn-sm"
          href={exportUrl({}, 'json')}
          onClick={(e) => (e.currentTarget.href = exportHref(view, 'json'))}
          download
        >
          JSON
        </a>
      </header>
      {!canRead && (
        <p className="muted" role="note">
          Your role does not include the audit log; Pharos will refuse to list it.
        </p>
      )}
      <AuditFiltersForm view={view} />
      {events.isPending ? (
        <LoadingState label="Loading audit events…" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No audit events match"
          description="Widen the time range or clear a filter."
        />
      ) : (
        <>
          <div className="table-wrap audit-table">
            <table className="table" aria-label="Audit events">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Description</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">IP</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id} aria-selected={e.id === view.event}>
                    <td>
                      <Time iso={e.occurred_at} />
                    </td>
                    <td>{e.user_email ?? e.actor_type}</td>
                    <td>
                      <button
                        type="button"
                        className="row-link mono"
                        onClick={() => open(e.id)}
                        aria-label={`Details of ${e.action} at ${e.occurred_at}`}
                      >
                        {e.action}
                      </button>
                    </td>
                    <td className="mono">
                      {e.resource_type}
                      {e.resource_name ? `: ${e.resource_name}` : ''}
                    </td>
                    <td className="wrap audit-desc">{e.description}</td>
                    <td>
                      {e.outcome === 'success' ? (
                        <Badge tone="success">success</Badge>
                      ) : (
                        <Badge tone="danger">failure</Badge>
                      )}
                    </td>
                    <td className="mono">{e.ip_address ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="audit-more">
            <span className="muted">{rows.length} events</span>
            {events.hasNextPage && (
              <Button busy={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                Load older events
              </Button>
            )}
          </div>
        </>
      )}
      <AuditDetail id={view.event} onClose={() => open(null)} />
    </section>
  );
}
