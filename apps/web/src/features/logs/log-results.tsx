import { countOf } from '../../lib/format.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useRef, type MouseEvent, type UIEvent } from 'react';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { queryErrorOf, searchLogs, type LogRecord, type SearchWindow } from './api.ts';
import { LOG_COLUMNS, logRowId } from './log-columns.tsx';
import { LogsEmptyState } from './logs-empty.tsx';
import type { LiveTail } from './use-live-tail.ts';

interface Props {
  window: SearchWindow;
  tail: LiveTail;
  tailOn: boolean;
  selectedId: string | null;
  onOpen: (r: LogRecord) => void;
}

/** Matching records newest first; "Load older" follows the cursor; tail lines go on top. */
export function LogResults({ window: w, tail, tailOn, selectedId, onOpen }: Props) {
  const toast = useToast();
  const logs = useInfiniteQuery({
    queryKey: ['logs-search', w],
    queryFn: ({ pageParam, signal }) => searchLogs(w, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    retry: false,
  });
  const searched = useMemo(() => logs.data?.pages.flatMap((p) => p.items) ?? [], [logs.data]);
  const rows = useMemo(() => {
    if (!tailOn || tail.lines.length === 0) return searched;
    const seen = new Set(tail.lines.map((r) => r.record_id));
    return [...tail.lines, ...searched.filter((r) => !seen.has(r.record_id))];
  }, [tailOn, tail.lines, searched]);
  const lastTop = useRef(0);

  // Scrolling away from the newest lines pauses the tail; back at the top it resumes.
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    if (!tailOn) return;
    const el = e.target as HTMLElement;
    if (el.scrollTop === lastTop.current) return;
    lastTop.current = el.scrollTop;
    const away = el.scrollTop > 8;
    if (away !== tail.paused) tail.setPaused(away);
  };
  const jumpToNewest = (e: MouseEvent<HTMLButtonElement>) => {
    const grid = e.currentTarget.closest('.logs-results')?.querySelector('.px-table-scroll');
    if (grid instanceof HTMLElement) grid.scrollTop = 0;
    tail.setPaused(false);
  };
  const loadOlder = () =>
    void logs.fetchNextPage().then((r) => {
      if (r.isError) toast.error(`Could not load older records: ${errorText(r.error)}`);
    });

  if (logs.isPending && !tailOn) return <LoadingState label="Searching logs…" />;
  if (logs.isError && !queryErrorOf(logs.error) && rows.length === 0)
    return <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />;

  return (
    <div className="logs-results" onScrollCapture={onScroll}>
      {tailOn && (
        <div className="logs-tail-bar" role="status" aria-live="polite">
          <span>
            Live tail:{' '}
            {tail.status === 'live' ? (tail.paused ? 'paused' : 'streaming') : tail.status}
            {tail.lines.length > 0 && ` · ${tail.lines.length} new`}
          </span>
          {tail.paused && (
            <Button size="sm" onClick={jumpToNewest}>
              Resume{tail.pending > 0 ? ` (${tail.pending} waiting)` : ''}
            </Button>
          )}
          {tail.notices.map((n, i) => (
            <span key={i} className="logs-tail-notice">
              {n}
            </span>
          ))}
        </div>
      )}
      <DataTable
        label="Log records"
        rows={rows}
        columns={LOG_COLUMNS}
        getRowId={logRowId}
        selectedRowId={selectedId}
        onRowActivate={(r) => onOpen(r)}
        rowHeight={24}
        height="max(300px, calc(100vh - 420px))"
        empty={<LogsEmptyState filtered={w.q !== ''} />}
        toolbar={
          <div className="logs-more">
            <span className="muted">
              {countOf(rows.length, 'record')}
              {logs.hasNextPage ? ' loaded' : ''}
            </span>
            {logs.hasNextPage && (
              <Button size="sm" busy={logs.isFetchingNextPage} onClick={loadOlder}>
                Load older
              </Button>
            )}
          </div>
        }
      />
    </div>
  );
}
