import { countOf } from '../../lib/format.ts';
import { listProjects } from '../settings/projects-api.ts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import { TextField } from '../../components/form-field.tsx';
import { Select } from '../../components/select.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import {
  getIssueTrend,
  ISSUE_PAGE,
  ISSUE_SORTS,
  ISSUE_STATUSES,
  listIssues,
  type IssueFilters,
  type IssueSort,
} from './api.ts';
import { issueColumns } from './issue-columns.tsx';
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

const EMPTY_TREND = new Map<string, number[]>();

/** Error issues (groups) with filters and sort in the URL. */
export function IssuesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = readFilters(params);
  const issues = useInfiniteQuery({
    queryKey: ['error-issues', filters],
    queryFn: ({ signal, pageParam }) => listIssues(filters, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return last.items.length === ISSUE_PAGE && loaded < last.total ? loaded : undefined;
    },
  });
  const rows = useMemo(() => issues.data?.pages.flatMap((p) => p.items) ?? [], [issues.data]);
  const total = issues.data?.pages[0]?.total;
  // Each issue's own 14-day line, fetched per loaded page of ids.
  const ids = useMemo(() => rows.map((i) => i.id), [rows]);
  const trend = useQuery({
    queryKey: ['error-issue-trend', ids],
    queryFn: async ({ signal }) => {
      const out = new Map<string, number[]>();
      for (let i = 0; i < ids.length; i += 200) {
        const r = await getIssueTrend(ids.slice(i, i + 200), 14, signal);
        for (const x of r.items) out.set(x.id, x.counts);
      }
      return out;
    },
    enabled: ids.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const trendMap = trend.data ?? EMPTY_TREND;
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
        {total !== undefined && (
          <span className="muted">
            {rows.length < total ? `${rows.length} of ${total} issues` : countOf(total, 'issue')}
          </span>
        )}
      </header>
      <form className="issues-filters" onSubmit={apply} aria-label="Issue filters">
        <Select
          stacked
          label="Status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(v) => set('status', v)}
        />
        <Select
          stacked
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
          rows={rows}
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
      {issues.hasNextPage && (
        <div className="issues-more">
          <Button
            variant="secondary"
            size="sm"
            disabled={issues.isFetchingNextPage}
            onClick={() => void issues.fetchNextPage()}
          >
            {issues.isFetchingNextPage ? 'Loading…' : `Load ${ISSUE_PAGE} more issues`}
          </Button>
        </div>
      )}
    </section>
  );
}

function ErrorsHowTo({ all }: { all: boolean }) {
  const projects = useQuery({ queryKey: ['projects'], queryFn: listProjects });
  const dsn = projects.data?.items.find((p) => p.dsn)?.dsn;
  return (
    <EmptyState
      title={all ? 'No errors yet' : 'No unresolved issues'}
      description={
        <div className="errors-howto">
          <p>
            Point any Sentry SDK at Pharos with a project&rsquo;s DSN (every project has one, in{' '}
            <Link to="/settings/projects">Settings → Projects and DSNs</Link>):
          </p>
          <pre className="mono">{`Sentry.init({ dsn: '${dsn ?? '<the project’s DSN>'}' })`}</pre>
          <p>Events are grouped into issues as they arrive.</p>
        </div>
      }
    />
  );
}
