import { api } from '../../lib/api.ts';

// The Prometheus HTTP API on the same origin (session cookie). Successes are
// `{status:"success",data}`; errors are problem JSON that also carries Prometheus' `errorType`
// and `error`, so api() throws an ApiError whose message is the error text.

export type Labels = Record<string, string>;
export type PromPoint = [number, string];

export type QueryData =
  | { resultType: 'vector'; result: Array<{ metric: Labels; value: PromPoint }> }
  | { resultType: 'matrix'; result: Array<{ metric: Labels; values: PromPoint[] }> }
  | { resultType: 'scalar' | 'string'; result: PromPoint };

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

interface Envelope<T> {
  status: 'success';
  data: T;
  warnings?: string[];
}

type Q = Record<string, string | number | undefined>;
const get = async <T>(path: string, query: Q, signal?: AbortSignal): Promise<T> =>
  (await api<Envelope<T>>(`/api/v1/${path}`, { query, ...(signal ? { signal } : {}) })).data;

export const listMetricNames = (signal?: AbortSignal) =>
  get<string[]>('label/__name__/values', {}, signal);

export const listMetadata = (signal?: AbortSignal) =>
  get<Record<string, MetricMetadata[]>>('metadata', {}, signal);

/** Label names of the series of one metric, or of all series for '' (without `__name__`). */
export const listLabelNames = async (metric: string, signal?: AbortSignal) =>
  (await get<string[]>('labels', metric ? { 'match[]': metric } : {}, signal)).filter(
    (n) => n !== '__name__',
  );

export const listLabelValues = (metric: string, label: string, signal?: AbortSignal) =>
  get<string[]>(
    `label/${encodeURIComponent(label)}/values`,
    metric ? { 'match[]': metric } : {},
    signal,
  );

export const instantQuery = (query: string, timeMs: number, signal?: AbortSignal) =>
  get<QueryData>('query', { query, time: timeMs / 1000 }, signal);

export const rangeQuery = (
  query: string,
  r: { fromMs: number; toMs: number; stepMs: number },
  signal?: AbortSignal,
) =>
  get<QueryData>(
    'query_range',
    { query, start: r.fromMs / 1000, end: r.toMs / 1000, step: r.stepMs / 1000 },
    signal,
  );

/** A Prometheus sample value ("1.5", "NaN", "+Inf") as a number. */
export function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** `name{a="1", b="2"}`, as Prometheus prints a series. */
export function formatSeries(metric: Labels): string {
  const { __name__: name = '', ...rest } = metric;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return pairs.length ? `${name}{${pairs.join(', ')}}` : name || '{}';
}

/** Metadata for a series name: its own entry, else its histogram/summary family's. */
export function metadataOf(
  meta: Record<string, MetricMetadata[]> | undefined,
  name: string,
): MetricMetadata | undefined {
  if (!meta) return undefined;
  return meta[name]?.[0] ?? meta[name.replace(/_(bucket|sum|count|total)$/, '')]?.[0];
}

/**
 * The character offset of a Prometheus parse error (`1:5: parse error: ...` is line 1, column 5)
 * in the query text; undefined when the message has no position.
 */
export function errorPosition(message: string, query: string): number | undefined {
  const m = /^(\d+):(\d+):/.exec(message);
  if (!m) return undefined;
  const line = Number(m[1]);
  const col = Number(m[2]);
  const lines = query.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
  return Math.min(offset + col - 1, query.length);
}
