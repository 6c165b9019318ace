import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { formatNumber } from '../../lib/format.ts';
import { Time } from '../common/time.tsx';
import { getIssue, type ErrorEvent, type Issue } from './api.ts';
import { Breadcrumbs, EventContext, KeyValues } from './event-details.tsx';
import { IssueActions } from './issue-actions.tsx';
import { IssueStatusBadge } from './issue-columns.tsx';
import { IssueEvents } from './issue-events.tsx';
import { StackTrace } from './stack-trace.tsx';
import '../common/tables.css';
import './errors.css';

type Section = 'stack' | 'breadcrumbs' | 'tags' | 'context';

/** One issue: summary, triage actions, an event's stack trace and context, and its events. */
export function IssuePage() {
  const { id = '' } = useParams();
  const issue = useQuery({
    queryKey: ['error-issue', id],
    queryFn: ({ signal }) => getIssue(id, signal),
  });
  const [picked, setPicked] = useState<ErrorEvent | null>(null);
  const [tab, setTab] = useState<Section>('stack');

  if (issue.isPending) return <LoadingState label="Loading the issue…" />;
  if (issue.isError)
    return (
      <section className="page">
        <ErrorState
          error={issue.error}
          onRetry={() => void issue.refetch()}
          action={{ label: 'All issues', href: '/errors' }}
        />
      </section>
    );
  const { issue: i, latest_event } = issue.data;
  const event = picked ?? latest_event;
  return (
    <section className="page issue-page" aria-labelledby="page-title">
      <nav aria-label="Breadcrumb" className="issue-crumbs">
        <Link to="/errors">Errors</Link> / <span className="mono">{i.id.slice(0, 8)}</span>
      </nav>
      <header className="issue-header">
        <h1 id="page-title">
          <span className="mono">{i.error_type}</span>
          <span className="issue-header-message">{i.message}</span>
        </h1>
        <IssueSummary issue={i} />
        <IssueActions issue={i} />
        {i.resolution_note && (
          <p className="issue-note">
            <strong>Resolution note:</strong> {i.resolution_note}
          </p>
        )}
      </header>
      {event ? (
        <section aria-labelledby="event-title" className="issue-event">
          <h2 id="event-title">
            {picked ? 'Selected event' : 'Latest event'} <Time iso={event.occurred_at} />{' '}
            <CopyButton text={event.event_id} label="Copy event id" />
          </h2>
          <Tabs
            label="Event"
            selected={tab}
            onSelect={setTab}
            tabs={[
              {
                id: 'stack',
                label: 'Stack trace',
                content: <StackTrace exception={event.exception} fallback={event.stack_trace} />,
              },
              {
                id: 'breadcrumbs',
                label: 'Breadcrumbs',
                content: <Breadcrumbs breadcrumbs={event.breadcrumbs} />,
              },
              { id: 'tags', label: 'Tags', content: <KeyValues value={event.tags} label="Tags" /> },
              { id: 'context', label: 'User and request', content: <EventContext event={event} /> },
            ]}
          />
        </section>
      ) : (
        <p className="muted">The events of this issue have expired.</p>
      )}
      <section aria-labelledby="events-title">
        <h2 id="events-title">Events</h2>
        <IssueEvents issueId={i.id} selected={event?.event_id ?? null} onSelect={setPicked} />
      </section>
    </section>
  );
}

function IssueSummary({ issue: i }: { issue: Issue }) {
  return (
    <dl className="issue-summary">
      <div>
        <dt>Status</dt>
        <dd>
          <IssueStatusBadge issue={i} />
        </dd>
      </div>
      <div>
        <dt>Events</dt>
        <dd>{formatNumber(i.occurrence_count)}</dd>
      </div>
      <div>
        <dt>Users</dt>
        <dd>{formatNumber(i.affected_users)}</dd>
      </div>
      <div>
        <dt>First seen</dt>
        <dd>
          <Time iso={i.first_seen} relative />
        </dd>
      </div>
      <div>
        <dt>Last seen</dt>
        <dd>
          <Time iso={i.last_seen} relative />
        </dd>
      </div>
      <div>
        <dt>Severity</dt>
        <dd>
          <Badge tone={i.severity === 'fatal' || i.severity === 'error' ? 'danger' : 'warning'}>
            {i.severity}
          </Badge>
        </dd>
      </div>
      {i.environments.length > 0 && (
        <div>
          <dt>Environments</dt>
          <dd>{i.environments.join(', ')}</dd>
        </div>
      )}
      {i.last_release && (
        <div>
          <dt>Releases</dt>
          <dd className="mono">
            {i.first_release && i.first_release !== i.last_release ? `${i.first_release} → ` : ''}
            {i.last_release}
          </dd>
        </div>
      )}
      {(i.file_path || i.function_name) && (
        <div>
          <dt>Where</dt>
          <dd className="mono">
            {i.function_name ?? '?'} · {i.file_path ?? '?'}
            {i.line_number != null ? `:${i.line_number}` : ''}
          </dd>
        </div>
      )}
    </dl>
  );
}
