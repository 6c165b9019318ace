import { countOf } from '../../lib/format.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { listIssueEvents, type ErrorEvent } from './api.ts';

const COLUMNS: ColumnDef<ErrorEvent>[] = [
  {
    id: 'time',
    header: 'Time',
    cell: (e) => <Time iso={e.occurred_at} />,
    width: 170,
    hideable: false,
    sortable: false,
  },
  { id: 'message', header: 'Message', value: (e) => e.message, width: 360, sortable: false },
  { id: 'user', header: 'User', value: (e) => e.user_id ?? '', width: 120, sortable: false },
  {
    id: 'environment',
    header: 'Env',
    value: (e) => e.environment ?? '',
    width: 100,
    sortable: false,
  },
  { id: 'release', header: 'Release', value: (e) => e.release ?? '', width: 120, sortable: false },
  { id: 'event_id', header: 'Event id', value: (e) => e.event_id, width: 280, sortable: false },
];

/** The issue's events, newest first; choosing one shows it above. */
export function IssueEvents({
  issueId,
  selected,
  onSelect,
}: {
  issueId: string;
  selected: string | null;
  onSelect: (e: ErrorEvent) => void;
}) {
  const events = useInfiniteQuery({
    queryKey: ['error-issue-events', issueId],
    queryFn: ({ pageParam, signal }) => listIssueEvents(issueId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);
  if (events.isPending) return <LoadingState label="Loading events…" />;
  if (events.isError)
    return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  return (
    <DataTable
      label="Events"
      rows={rows}
      columns={COLUMNS}
      getRowId={(e) => e.event_id}
      selectedRowId={selected}
      onRowActivate={onSelect}
      height={Math.min(360, 40 + rows.length * 28)}
      toolbar={
        <div className="logs-more">
          <span className="muted">{countOf(rows.length, 'event')} · Enter shows one above</span>
          {events.hasNextPage && (
            <Button
              size="sm"
              busy={events.isFetchingNextPage}
              onClick={() => void events.fetchNextPage()}
            >
              Load older
            </Button>
          )}
        </div>
      }
    />
  );
}
