import type { TimeSeries } from '../../components/charts/types.ts';
import { api } from '../../lib/api.ts';

// The performance API (apps/server/src/modules/performance/schemas.ts): errorRate in percent,
// throughput in requests per second, latencies in milliseconds (null when none was recorded).

export interface Totals {
  requests: number;
  errors: number;
  errorRate: number;
  throughput: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ServicePerformance extends Totals {
  service: string;
  mean: number | null;
}

export interface EndpointPerformance extends ServicePerformance {
  endpoint: string;
  method: string;
}

export interface SlowEndpoint {
  service: string;
  endpoint: string;
  method: string;
  p95: number;
  p99: number | null;
  requests: number;
  errorRate: number;
}

export interface TrendPoint extends Totals {
  time: string;
}

export interface Trend {
  from: string;
  to: string;
  interval: '1m' | '5m' | '1h';
  points: TrendPoint[];
}

export interface PerfWindow {
  from: string;
  to: string;
  environment: string;
}

type Q = Record<string, string | number | undefined>;
const get = <T>(path: string, query: Q, signal?: AbortSignal) =>
  api<T>(`/performance/${path}`, { query, ...(signal ? { signal } : {}) });
const base = (w: PerfWindow): Q => ({
  from: w.from,
  to: w.to,
  environment: w.environment.trim() || undefined,
});

export const getServices = (w: PerfWindow, signal?: AbortSignal) =>
  get<{ services: ServicePerformance[] }>('services', base(w), signal);

export const getEndpoints = (w: PerfWindow, service: string, signal?: AbortSignal) =>
  get<{ endpoints: EndpointPerformance[] }>(
    'endpoints',
    { ...base(w), service, limit: 1000 },
    signal,
  );

export const getSlowest = (
  w: PerfWindow,
  opts: { service?: string; thresholdMs: number; limit?: number },
  signal?: AbortSignal,
) =>
  get<{ thresholdMs: number; endpoints: SlowEndpoint[] }>(
    'slowest',
    { ...base(w), service: opts.service, thresholdMs: opts.thresholdMs, limit: opts.limit ?? 10 },
    signal,
  );

export interface TrendTarget {
  service?: string;
  endpoint?: string;
  method?: string;
}

export const getTrend = (w: PerfWindow, target: TrendTarget, signal?: AbortSignal) =>
  get<Trend>('trend', { ...base(w), ...target, interval: 'auto' }, signal);

/** Chart series of one field per named line, e.g. p50/p95/p99. */
export function trendSeries(
  points: readonly TrendPoint[],
  fields: ReadonlyArray<{ key: keyof Totals; name: string; color?: string }>,
): TimeSeries[] {
  return fields.map(({ key, name, color }) => ({
    name,
    ...(color ? { color } : {}),
    points: points.map((p) => [Date.parse(p.time), p[key]] as const),
  }));
}
