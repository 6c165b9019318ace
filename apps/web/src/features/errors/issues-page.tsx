import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import { TextField } from '../../components/form-field.tsx';
import { Select } from '../../components/select.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import {
  getTrend,
  ISSUE_SORTS,
  ISSUE_STATUSES,
  listIssues,
  type IssueFilters,
  type IssueSort,
} from './api.ts';
import { issueColumns } from './issue-columns.tsx';
import { trendByType } from './sparkline.tsx';
import '../common/tables.css';
import './errors.css';

const STATUS_OPTIONS = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: '', label: 'All statuses' },
  ...ISSUE_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
] as const;
const SORT_LABELS: Record<IssueSort, string> = {
  last_seen: 'Last seen',
  first_seen: 'First seen',
  events: 'Events',
  users: 'Users',
};

function readFilters(p: URLSearchParams): IssueFilters {
  const status = p.get('status') ?? 'unresolved';
  const sort = p.get('sort') as IssueSort | null;
  return {
    status: STATUS_OPTIONS.some((o) => o.value === status)
      ? (status as IssueFilters['status'])
      : 'unresolved',
    environment: p.get('environment') ?? '',
    release: p.get('release') ?? '',
    query: p.get('query') ?? '',
    sort: sort && ISSUE_SORTS.includes(sort) ? sort : 'last_seen',
  };
}

/** Error issues (groups) with filters and sort in the URL. */
export function IssuesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = readFilters(params);
  const issues = useQuery({
    queryKey: ['error-issues', filters],
    queryFn: ({ signal }) => listIssues(filters, signal),
  });
  const trend = useQuery({
    queryKey: ['error-trend'],
    queryFn: ({ signal }) => getTrend(signal),
    staleTime: 60_000,
  });
  const trendMap = useMemo(
    () => trendByType(trend.data?.items ?? [], 14, trend.dataUpdatedAt),
    [trend.data, trend.dataUpdatedAt],
  );
  const columns = useMemo(() => issueColumns(trendMap), [trendMap]);
  const set = (k: keyof IssueFilters, v: string) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (v === '' && k !== 'status') n.delete(k);
      else n.set(k, v);
      return n;
    });
  const [text, setText] = useState({
    environment: filters.environment,
    release: filters.release,
    query: filters.query,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setParams((p) => {
      const n = new URLSearchParams(p);
      for (const [k, v] of Object.entries(text))
        if (v.trim()) n.set(k, v.trim());
        else n.delete(k);
      return n;
    });
  };
  const unfiltered =
    !filters.environment && !filters.release && !filters.query && filters.status === '';

  return (
    <section className="page issues-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Errors</h1>
        {issues.data && <span className="muted">{issues.data.total} issues</span>}
      </header>
      <form className="issues-filters" onSubmit={apply} aria-label="Issue filters">
        <Select
          label="Status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(v) => set('status', v)}
        />
        <Select
          label="Sort by"
          value={filters.sort}
          options={ISSUE_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          onChange={(v) => set('sort', v)}
        />
        <TextField
          label="Search"
          value={text.query}
          onChange={(v) => setText({ ...text, query: v })}
          placeholder="type, message, file"
        />
        <TextField
          label="Environment"
          value={text.environment}
          onChange={(v) => setText({ ...text, environment: v })}
        />
        <TextField
          label="Release"
          value={text.release}
          onChange={(v) => setText({ ...text, release: v })}
        />
        <Button type="submit" size="sm">
          Apply
        </Button>
      </form>
      {issues.isPending ? (
        <LoadingState label="Loading issues…" />
      ) : issues.isError ? (
        <ErrorState error={issues.error} onRetry={() => void issues.refetch()} />
      ) : (
        <DataTable
          label="Issues"
          rows={issues.data.items}
          columns={columns}
          getRowId={(i) => i.id}
          onRowActivate={(i) => void navigate(`/errors/${i.id}`)}
          rowHeight={32}
          height="max(320px, calc(100vh - 260px))"
          empty={
            unfiltered || filters.status === 'unresolved' ? (
              <ErrorsHowTo all={unfiltered} />
            ) : (
              <EmptyState compact title="No issues match" description="Change a filter." />
            )
          }
        />
      )}
    </section>
  );
}

function ErrorsHowTo({ all }: { all: boolean }) {
  return (
    <EmptyState
      title={all ? 'No errors yet' : 'No unresolved issues'}
      description={
        <div className="errors-howto">
          <p>
            Point any Sentry SDK at Pharos: create an API key with the <em>ingest</em> scope in{' '}
            <Link to="/settings/api-keys">Settings → API keys</Link>; it comes with a DSN. Then:
          </p>
          <pre className="mono">{`Sentry.init({ dsn: '<the key\u2019s DSN>' })`}</pre>
          <p>Events are grouped into issues as they arrive.</p>
        </div>
      }
    />
  );
}
