import type { MouseEvent } from 'react';
import { Badge } from '../../components/badge.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { Time } from '../common/time.tsx';
import type { AuditEvent } from './api.ts';

export const auditRowId = (e: AuditEvent) => e.id;

/** The audit table's columns; ids match AUDIT_COLUMN_IDS (the URL's `sort` and `hide`). */
export function auditColumns(open: (id: string) => void): ColumnDef<AuditEvent>[] {
  return [
    {
      id: 'time',
      header: 'Time',
      width: 190,
      value: (e) => Date.parse(e.occurred_at),
      cell: (e) => <Time iso={e.occurred_at} />,
      hideable: false,
    },
    { id: 'actor', header: 'Actor', width: 200, value: (e) => e.user_email ?? e.actor_type },
    {
      id: 'action',
      header: 'Action',
      width: 200,
      value: (e) => e.action,
      hideable: false,
      cell: (e) => (
        <button
          type="button"
          className="row-link mono"
          onClick={(ev: MouseEvent) => {
            // The row's own click would open it too; one navigation is enough.
            ev.stopPropagation();
            open(e.id);
          }}
          aria-label={`Details of ${e.action} at ${e.occurred_at}`}
        >
          {e.action}
        </button>
      ),
    },
    {
      id: 'resource',
      header: 'Resource',
      width: 200,
      value: (e) => `${e.resource_type}${e.resource_name ? `: ${e.resource_name}` : ''}`,
      cell: (e) => (
        <span className="mono">
          {e.resource_type}
          {e.resource_name ? `: ${e.resource_name}` : ''}
        </span>
      ),
    },
    {
      id: 'description',
      header: 'Description',
      width: 360,
      value: (e) => e.description,
      cell: (e) => <span title={e.description}>{e.description}</span>,
    },
    {
      id: 'outcome',
      header: 'Outcome',
      width: 100,
      value: (e) => e.outcome,
      cell: (e) =>
        e.outcome === 'success' ? (
          <Badge tone="success">success</Badge>
        ) : (
          <Badge tone="danger">failure</Badge>
        ),
    },
    {
      id: 'ip',
      header: 'IP',
      width: 140,
      value: (e) => e.ip_address,
      cell: (e) => <span className="mono">{e.ip_address ?? ''}</span>,
    },
  ];
}
