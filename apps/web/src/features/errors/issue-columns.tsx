import { Link } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import type { Tone } from '../../components/badge.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { formatCompact } from '../../lib/format.ts';
import { Time } from '../common/time.tsx';
import type { Issue } from './api.ts';
import { Sparkline } from './sparkline.tsx';

const STATUS_TONES: Record<string, Tone> = {
  new: 'danger',
  acknowledged: 'warning',
  'in-progress': 'info',
  resolved: 'success',
  ignored: 'neutral',
};

export function IssueStatusBadge({ issue }: { issue: Pick<Issue, 'status' | 'regressed'> }) {
  return (
    <>
      <Badge tone={STATUS_TONES[issue.status] ?? 'neutral'}>{issue.status}</Badge>
      {issue.regressed && (
        <>
          {' '}
          <Badge tone="danger" title="Reopened by a new event after being resolved">
            regressed
          </Badge>
        </>
      )}
    </>
  );
}

export function issueColumns(trend: Map<string, number[]>): ColumnDef<Issue>[] {
  return [
    {
      id: 'issue',
      header: 'Issue',
      cell: (i) => (
        <span className="issue-cell">
          <Link to={`/errors/${i.id}`} className="issue-title">
            {i.error_type}
          </Link>{' '}
          <span className="issue-message">{i.message}</span>
        </span>
      ),
      width: 520,
      hideable: false,
      sortable: false,
    },
    {
      id: 'status',
      header: 'Status',
      cell: (i) => <IssueStatusBadge issue={i} />,
      width: 130,
      sortable: false,
    },
    {
      id: 'trend',
      header: '14 days',
      cell: (i) => (
        <Sparkline
          values={trend.get(i.id) ?? []}
          label={`Daily events of this issue over 14 days`}
        />
      ),
      width: 100,
      sortable: false,
    },
    {
      id: 'events',
      header: 'Events',
      cell: (i) => formatCompact(i.occurrence_count),
      width: 80,
      align: 'end',
      sortable: false,
    },
    {
      id: 'users',
      header: 'Users',
      cell: (i) => formatCompact(i.affected_users),
      width: 70,
      align: 'end',
      sortable: false,
    },
    {
      id: 'last_seen',
      header: 'Last seen',
      cell: (i) => <Time iso={i.last_seen} relative />,
      width: 120,
      sortable: false,
    },
    {
      id: 'first_seen',
      header: 'First seen',
      cell: (i) => <Time iso={i.first_seen} relative />,
      width: 120,
      sortable: false,
    },
    {
      id: 'environment',
      header: 'Env',
      value: (i) => i.environment ?? '',
      width: 100,
      sortable: false,
    },
  ];
}
