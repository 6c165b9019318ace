import { describe, expect, it } from 'vitest';
import { trendSeries } from './api.ts';
import { keepRange, readSort, tableHeight } from './columns.tsx';

describe('performance page helpers', () => {
  it('reads the sort from the URL', () => {
    const fallback = { columnId: 'requests', direction: 'desc' } as const;
    expect(readSort(null, fallback)).toBe(fallback);
    expect(readSort('', fallback)).toBeNull();
    expect(readSort('p95:asc', fallback)).toEqual({ columnId: 'p95', direction: 'asc' });
    expect(readSort('p99:sideways', fallback)).toEqual({ columnId: 'p99', direction: 'desc' });
  });

  it('keeps the range and environment in links, and nothing else', () => {
    const params = new URLSearchParams('from=now-1h&to=now&environment=prod&sort=p95:asc&slow=500');
    expect(keepRange('/performance/api', params)).toBe(
      '/performance/api?from=now-1h&to=now&environment=prod',
    );
    expect(keepRange('/traces', new URLSearchParams(), { service: 'a b' })).toBe(
      '/traces?service=a+b',
    );
    expect(keepRange('/performance', new URLSearchParams())).toBe('/performance');
  });

  it('fits tables to their rows up to a maximum', () => {
    expect(tableHeight(0, 30)).toBe(200);
    expect(tableHeight(2, 30)).toBe(98);
    expect(tableHeight(100, 30, 420)).toBe(420);
  });

  it('turns trend points into one series per field, gaps kept as null', () => {
    const points = [
      {
        time: '2026-01-01T00:00:00Z',
        requests: 2,
        errors: 0,
        errorRate: 0,
        throughput: 0.1,
        p50: 5,
        p95: 9,
        p99: 9,
      },
      {
        time: '2026-01-01T00:01:00Z',
        requests: 0,
        errors: 0,
        errorRate: 0,
        throughput: 0,
        p50: null,
        p95: null,
        p99: null,
      },
    ];
    const [p50, p95] = trendSeries(points, [
      { key: 'p50', name: 'p50' },
      { key: 'p95', name: 'p95', color: '#f00' },
    ]);
    expect(p50).toEqual({
      name: 'p50',
      points: [
        [Date.parse('2026-01-01T00:00:00Z'), 5],
        [Date.parse('2026-01-01T00:01:00Z'), null],
      ],
    });
    expect(p95?.color).toBe('#f00');
  });
});
