import { useSearchParams } from 'react-router-dom';
import type { ColumnDef } from '../../components/data-table/types.ts';
import type { SortState } from '../../components/data-table/sort.ts';
import { formatValue } from '../../lib/format.ts';
import type { Totals } from './api.ts';

const num = (header: string, id: keyof Totals, unit: Parameters<typeof formatValue>[1]) =>
  ({
    id,
    header,
    value: (r: Totals) => r[id],
    cell: (r: Totals) => formatValue(r[id], unit),
    width: id === 'throughput' ? 120 : 96,
    align: 'end',
  }) satisfies ColumnDef<Totals>;

/** Requests, throughput, error rate and latency percentiles: the columns every table shares. */
export function totalsColumns<Row extends Totals>(): ColumnDef<Row>[] {
  return [
    num('Requests', 'requests', 'count'),
    num('Throughput', 'throughput', 'reqps'),
    {
      ...num('Errors', 'errorRate', 'percent'),
      cell: (r: Totals) => (
        <span className={r.errorRate >= 5 ? 'perf-bad' : undefined}>
          {formatValue(r.errorRate, 'percent')}
        </span>
      ),
    },
    num('p50', 'p50', 'ms'),
    num('p95', 'p95', 'ms'),
    num('p99', 'p99', 'ms'),
  ];
}

/** `p95:asc` as a sort; no parameter means the fallback, an empty one means unsorted. */
export function readSort(raw: string | null, fallback: SortState): SortState | null {
  if (raw === null) return fallback;
  if (raw === '') return null;
  const [columnId = '', direction] = raw.split(':');
  return { columnId, direction: direction === 'asc' ? 'asc' : 'desc' };
}

/** A DataTable sort kept in the URL as `sort=<column>:<asc|desc>`. */
export function useUrlSort(
  param: string,
  fallback: SortState,
): [SortState | null, (s: SortState | null) => void] {
  const [params, setParams] = useSearchParams();
  const sort = readSort(params.get(param), fallback);
  const setSort = (s: SortState | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        n.set(param, s ? `${s.columnId}:${s.direction}` : '');
        return n;
      },
      { replace: true },
    );
  return [sort, setSort];
}

/** Height of a table's scroll area that fits its rows (and the empty state when there are none). */
export const tableHeight = (rows: number, rowHeight: number, max = 480) =>
  rows === 0 ? 200 : Math.min(max, 38 + rowHeight * rows);

/** A link target that keeps the page's time range and environment. */
export function keepRange(
  path: string,
  params: URLSearchParams,
  extra: Record<string, string> = {},
) {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'environment']) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
