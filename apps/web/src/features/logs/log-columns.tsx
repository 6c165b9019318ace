import { Badge } from '../../components/badge.tsx';
import type { Tone } from '../../components/badge.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { Time } from '../common/time.tsx';
import type { LogRecord } from './api.ts';

const LEVEL_TONES: Record<string, Tone> = {
  fatal: 'danger',
  critical: 'danger',
  error: 'danger',
  warn: 'warning',
  warning: 'warning',
  info: 'info',
  debug: 'neutral',
  trace: 'neutral',
};

export const levelTone = (level: string): Tone => LEVEL_TONES[level.toLowerCase()] ?? 'neutral';

export const logRowId = (r: LogRecord) => `${r.time}/${r.record_id}`;

export const LOG_COLUMNS: ColumnDef<LogRecord>[] = [
  {
    id: 'time',
    header: 'Time',
    cell: (r) => <Time iso={r.time} />,
    width: 170,
    sortable: false,
    hideable: false,
  },
  {
    id: 'level',
    header: 'Level',
    cell: (r) => <Badge tone={levelTone(r.level)}>{r.level}</Badge>,
    width: 72,
    sortable: false,
  },
  { id: 'service', header: 'Service', value: (r) => r.service, width: 130, sortable: false },
  { id: 'host', header: 'Host', value: (r) => r.host ?? '', width: 110, sortable: false },
  {
    id: 'message',
    header: 'Message',
    value: (r) => r.message,
    cell: (r) => <span className="log-message">{r.message}</span>,
    width: 640,
    sortable: false,
  },
];
