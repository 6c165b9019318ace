/*
 * /kit: every shared component with demo data, for people building screens and for the browser
 * test (screenshots, frame timing). The pages engineer registers the route in app/router.tsx:
 *   { path: 'kit', lazy: async () => ({ Component: (await import('../features/kit/kit-page.tsx')).KitPage }) }
 * Stable hooks for tests: data-testid="kit-big-timeseries" (50 series x 1,000 points) and
 * data-testid="kit-big-table" (100,000 rows). Demo data is seeded, so screenshots are stable.
 */
import { useCallback, useMemo, useState } from 'react';
import {
  Badge,
  BarChart,
  Button,
  CopyButton,
  DataTable,
  Dialog,
  Drawer,
  EmptyState,
  ErrorState,
  GaugeChart,
  HeatmapChart,
  LoadingState,
  PieChart,
  QueryBar,
  Select,
  Skeleton,
  StatPanel,
  StatusPill,
  Tabs,
  TimeRangePicker,
  TimeSeriesChart,
  Tooltip,
  useTimeRangeParams,
  useToast,
} from '../../components/index.ts';
import type { ColumnDef, QuerySyntaxError } from '../../components/index.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { absoluteRange, chooseStep, resolveTimeRange } from '../../lib/time-range.ts';
import { DEMO_NOW, makeHeatmap, makeRows, makeSeries } from './demo-data.ts';
import type { DemoLogRow } from './demo-data.ts';
import './kit-page.css';

const LEVEL_TONE = { debug: 'neutral', info: 'info', warn: 'warning', error: 'danger' } as const;

const COLUMNS: ColumnDef<DemoLogRow>[] = [
  {
    id: 'time',
    header: 'Time',
    value: (r) => r.time,
    cell: (r) => formatDateTime(r.time, 'UTC'),
    width: 170,
    hideable: false,
  },
  {
    id: 'level',
    header: 'Level',
    value: (r) => r.level,
    cell: (r) => <Badge tone={LEVEL_TONE[r.level]}>{r.level}</Badge>,
    width: 80,
  },
  { id: 'service', header: 'Service', value: (r) => r.service, width: 120 },
  { id: 'host', header: 'Host', value: (r) => r.host, width: 90 },
  {
    id: 'duration',
    header: 'Duration',
    value: (r) => r.durationMs,
    cell: (r) => formatDuration(r.durationMs),
    width: 100,
    align: 'end',
  },
  { id: 'message', header: 'Message', value: (r) => r.message, width: 360, sortable: false },
];

const CATEGORIES = [
  { name: 'api', value: 4210 },
  { name: 'worker', value: 1830 },
  { name: 'ingest', value: 2975 },
  { name: 'web', value: 920 },
  { name: 'scheduler', value: 310 },
];

const SUGGESTIONS = [
  'level:',
  'level:error',
  'level:warn',
  'service:',
  'service:api',
  'host:',
  'trace_id:',
];

/** Toasts come from the app-wide ToastProvider (app.tsx). */
export function KitPage() {
  const toast = useToast();
  const [range, setRange] = useTimeRangeParams();
  const [refreshCount, setRefreshCount] = useState(0);
  const resolved = useMemo(() => resolveTimeRange(range, DEMO_NOW) ?? undefined, [range]);
  const big = useMemo(() => makeSeries(50, 1000, 15_000), []);
  const small = useMemo(
    () => makeSeries(4, 120, chooseStep({ fromMs: DEMO_NOW - 3_600_000, toMs: DEMO_NOW }, 120)),
    [],
  );
  const rows = useMemo(() => makeRows(100_000), []);
  const heatmap = useMemo(() => makeHeatmap(), []);
  const [query, setQuery] = useState('level:error service:api');
  const [queryError, setQueryError] = useState<QuerySyntaxError | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [drawerRow, setDrawerRow] = useState<DemoLogRow | null>(null);
  const [tab, setTab] = useState<'overview' | 'details' | 'raw'>('overview');
  const [density, setDensity] = useState<'compact' | 'comfortable'>('compact');
  const [hidden, setHidden] = useState<string[]>(['host']);

  const suggest = useCallback(async (prefix: string) => {
    const token = prefix.split(/\s/).pop() ?? '';
    return SUGGESTIONS.filter((s) => s.startsWith(token) && token.length > 0);
  }, []);
  const onRangeSelect = useCallback(
    (r: { fromMs: number; toMs: number }) =>
      setRange({ ...range, ...absoluteRange(r.fromMs, r.toMs) }),
    [range, setRange],
  );
  const annotations = useMemo(
    () => [
      { time: DEMO_NOW - 3 * 3_600_000, label: 'deploy api v2.14', kind: 'deploy' as const },
      { time: DEMO_NOW - 1.2 * 3_600_000, label: 'incident #42', kind: 'incident' as const },
    ],
    [],
  );
  const thresholds = useMemo(
    () => [
      { value: 80, tone: 'warning' as const },
      { value: 95, tone: 'danger' as const },
    ],
    [],
  );

  return (
    <div className="kit">
      <header className="kit-header">
        <h1>Component kit</h1>
        <TimeRangePicker
          value={range}
          onChange={setRange}
          onRefresh={() => setRefreshCount((n) => n + 1)}
          now={() => DEMO_NOW}
        />
        <span className="kit-muted">refreshed {refreshCount}×</span>
      </header>

      <section className="kit-section" aria-labelledby="kit-query">
        <h2 id="kit-query">Query bar</h2>
        <QueryBar
          label="Search logs"
          value={query}
          onChange={setQuery}
          historyKey="pharos.kit.history"
          suggest={suggest}
          error={queryError}
          placeholder="level:error service:api timeout"
          onSubmit={(q) => {
            const bad = q.indexOf('((');
            setQueryError(
              bad >= 0 ? { message: 'Unexpected "(": expected a term', position: bad + 1 } : null,
            );
            if (bad < 0) toast.info(`Ran query: ${q}`);
          }}
        />
      </section>

      <section className="kit-section" aria-labelledby="kit-stats">
        <h2 id="kit-stats">Stats</h2>
        <div className="kit-grid kit-grid-4">
          <StatPanel
            title="Requests / s"
            value={1240}
            previous={1100}
            unit="reqps"
            trend={big[0]?.points.map((p) => p[1] ?? 0)}
          />
          <StatPanel
            title="Error rate"
            value={2.4}
            previous={0.9}
            unit="percent"
            higherIsBetter={false}
            tone="warning"
            trend={big[7]?.points.map((p) => p[1] ?? 0)}
          />
          <StatPanel
            title="p95 latency"
            value={312}
            previous={340}
            unit="ms"
            higherIsBetter={false}
            trend={big[3]?.points.map((p) => p[1] ?? 0)}
          />
          <StatPanel title="Loading stat" value={null} loading />
        </div>
      </section>

      <section className="kit-section" aria-labelledby="kit-charts">
        <h2 id="kit-charts">Charts</h2>
        <div data-testid="kit-big-timeseries">
          <TimeSeriesChart
            title="Requests by service (50 series × 1,000 points)"
            series={big}
            unit="reqps"
            height={320}
            annotations={annotations}
            onRangeSelect={onRangeSelect}
          />
        </div>
        <div className="kit-grid kit-grid-2">
          <TimeSeriesChart
            title="Stacked areas"
            series={small}
            kind="area"
            stacked
            unit="short"
            range={resolved}
            thresholds={[{ value: 900, label: 'SLO', tone: 'danger' }]}
          />
          <TimeSeriesChart
            title="Bars"
            series={small.slice(0, 2)}
            kind="bar"
            stacked
            unit="count"
          />
          <BarChart title="Errors by service" data={CATEGORIES} unit="count" />
          <PieChart title="Traffic share" data={CATEGORIES} unit="count" />
          <GaugeChart title="Disk used" value={87} thresholds={thresholds} />
          <HeatmapChart title="Latency distribution" data={heatmap} timeZone="UTC" />
          <TimeSeriesChart title="Empty chart" series={[]} />
          <TimeSeriesChart
            title="Failed chart"
            series={[]}
            error={new Error('The metrics query timed out after 30 s.')}
            onRetry={() => toast.info('Retrying')}
          />
        </div>
      </section>

      <section className="kit-section" aria-labelledby="kit-table">
        <h2 id="kit-table">Data table (100,000 rows)</h2>
        <div data-testid="kit-big-table">
          <DataTable
            label="Demo log lines"
            rows={rows}
            columns={COLUMNS}
            getRowId={getRowId}
            defaultSort={{ columnId: 'time', direction: 'desc' }}
            hiddenColumns={hidden}
            onHiddenColumnsChange={setHidden}
            onRowActivate={(row) => setDrawerRow(row)}
            height={360}
            rowHeight={density === 'compact' ? 24 : 32}
            toolbar={<span>{rows.length.toLocaleString()} rows · click or Enter opens a row</span>}
          />
        </div>
      </section>

      <section className="kit-section" aria-labelledby="kit-states">
        <h2 id="kit-states">States</h2>
        <div className="kit-grid kit-grid-2">
          <EmptyState
            title="No alert rules yet"
            description="Create a rule to be told when a metric crosses a threshold."
            action={{
              label: 'Create alert rule',
              onClick: () => toast.success('Would open the editor'),
            }}
          />
          <ErrorState
            problem={{
              type: 'https://pharos.dev/problems/unavailable',
              title: 'Unavailable',
              status: 503,
              detail: 'The database is not answering. Try again in a minute.',
              code: 'UNAVAILABLE',
              request_id: 'req_01HZX4K2M9',
            }}
            onRetry={() => toast.info('Retrying')}
          />
          <LoadingState label="Loading dashboards…" />
          <Skeleton lines={4} />
        </div>
      </section>

      <section className="kit-section" aria-labelledby="kit-primitives">
        <h2 id="kit-primitives">Primitives</h2>
        <div className="kit-row">
          <Button variant="primary" onClick={() => toast.success('Saved')}>
            Success toast
          </Button>
          <Button
            variant="danger"
            onClick={() =>
              toast.error('Could not delete the monitor: it is used by 2 alert rules.')
            }
          >
            Error toast
          </Button>
          <Button onClick={() => setDialogOpen(true)}>Open dialog</Button>
          <Button variant="ghost" busy>
            Saving
          </Button>
          <Tooltip content="Copies the API key to the clipboard">
            <CopyButton text="phk_demo_123" label="Copy API key" />
          </Tooltip>
          <Select
            label="Density"
            value={density}
            onChange={setDensity}
            options={[
              { value: 'compact', label: 'Compact' },
              { value: 'comfortable', label: 'Comfortable' },
            ]}
          />
        </div>
        <div className="kit-row">
          <StatusPill status="ok" />
          <StatusPill status="firing" />
          <StatusPill status="pending" />
          <StatusPill status="muted" />
          <Badge>v2.14.0</Badge>
          <Badge tone="info">beta</Badge>
        </div>
        <Tabs
          label="Demo tabs"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { id: 'overview', label: 'Overview', content: <p>Arrow keys move between tabs.</p> },
            { id: 'details', label: 'Details', content: <p>Details panel.</p> },
            { id: 'raw', label: 'Raw', content: <pre>{'{"level":"error"}'}</pre> },
          ]}
        />
      </section>

      <Dialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        title="Delete monitor?"
        description="Its history is kept for 30 days."
        footer={
          <>
            <Button onClick={() => setDialogOpen(false)}>Cancel</Button>
            <Button
              variant="danger"
              onClick={() => {
                setDialogOpen(false);
                toast.success('Monitor deleted');
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p>Escape closes this dialog and focus returns to the button that opened it.</p>
      </Dialog>
      <Drawer
        open={drawerRow !== null}
        onClose={() => setDrawerRow(null)}
        title={drawerRow ? `Log line ${drawerRow.id}` : 'Log line'}
      >
        <pre className="kit-pre">{JSON.stringify(drawerRow, null, 2)}</pre>
      </Drawer>
    </div>
  );
}

const getRowId = (row: DemoLogRow): string => String(row.id);
