import { Link } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { formatDuration } from '../../lib/format.ts';
import { Time } from '../common/time.tsx';
import type { TraceSummary } from './api.ts';
import { serviceColor } from './service-colors.ts';

export function traceColumns(maxDurationMs: number): ColumnDef<TraceSummary>[] {
  return [
    {
      id: 'trace',
      header: 'Trace',
      value: (t) => `${t.root_service} ${t.root_name}`,
      cell: (t) => (
        <span className="trace-cell">
          <span
            className="trace-swatch"
            style={{ background: serviceColor(t.root_service) }}
            aria-hidden="true"
          />
          <span className="trace-service">{t.root_service}</span>{' '}
          <Link to={`/traces/${t.trace_id}`} className="trace-root">
            {t.root_name}
          </Link>
        </span>
      ),
      width: 380,
      hideable: false,
    },
    {
      id: 'start',
      header: 'Start',
      value: (t) => Date.parse(t.start_time),
      cell: (t) => <Time iso={t.start_time} />,
      width: 180,
    },
    {
      id: 'duration',
      header: 'Duration',
      value: (t) => t.duration_ms,
      cell: (t) => (
        <span className="trace-duration">
          <span
            className="trace-duration-bar"
            style={{ width: `${Math.max(2, (t.duration_ms / Math.max(maxDurationMs, 1)) * 60)}px` }}
            aria-hidden="true"
          />
          {formatDuration(t.duration_ms)}
        </span>
      ),
      width: 150,
      align: 'end',
    },
    { id: 'spans', header: 'Spans', value: (t) => t.span_count, width: 80, align: 'end' },
    {
      id: 'status',
      header: 'Status',
      value: (t) => (t.has_error ? 1 : 0),
      cell: (t) => (t.has_error ? <Badge tone="danger">error</Badge> : <Badge>ok</Badge>),
      width: 90,
    },
    {
      id: 'trace_id',
      header: 'Trace id',
      value: (t) => t.trace_id,
      cell: (t) => <span className="mono">{t.trace_id}</span>,
      width: 280,
    },
  ];
}
