import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Test data for the performance tests: spans sent through the real OTLP/HTTP protobuf exporter,
 * and the list of the requests they stand for, from which the tests compute expected figures
 * on their own (never from Pharos' tables).
 */

export interface RequestSpec {
  /** Minutes after the test's base time. */
  minute: number;
  /** Seconds into that minute. */
  second?: number;
  durationMs: number;
  route?: string;
  /** A raw path attribute (url.path) when there is no route. */
  path?: string;
  method?: string;
  status?: number;
  spanError?: boolean;
  kind?: 'server' | 'internal' | 'client';
  name?: string;
  /** Adds an internal child span and a client child span (neither is an entry span). */
  children?: boolean;
}

const KIND = { server: SpanKind.SERVER, internal: SpanKind.INTERNAL, client: SpanKind.CLIENT };

/** Exports spans of one service through POST /v1/traces (protobuf) with an ingest key. */
export async function sendSpans(
  baseUrl: string,
  key: string,
  service: string,
  environment: string,
  base: number,
  specs: RequestSpec[],
): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'deployment.environment.name': environment,
    }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `${baseUrl}/v1/traces`,
          headers: { Authorization: `Bearer ${key}` },
        }),
        { maxExportBatchSize: 512, maxQueueSize: 4096 },
      ),
    ],
  });
  const tracer = provider.getTracer('performance-test', '1.0.0');
  for (const s of specs) {
    const start = base + s.minute * 60_000 + (s.second ?? 1) * 1000;
    const attributes: Attributes = {};
    if (s.method) attributes['http.request.method'] = s.method;
    if (s.route) attributes['http.route'] = s.route;
    if (s.path) attributes['url.path'] = s.path;
    if (s.status) attributes['http.response.status_code'] = s.status;
    const span = tracer.startSpan(s.name ?? `${s.method ?? 'GET'} ${s.route ?? ''}`.trim(), {
      kind: KIND[s.kind ?? 'server'],
      startTime: start,
      attributes,
    });
    if (s.children) {
      const inSpan = trace.setSpan(context.active(), span);
      tracer.startSpan('render', { startTime: start + 1 }, inSpan).end(start + 2);
      tracer
        .startSpan('SELECT', { kind: SpanKind.CLIENT, startTime: start + 1 }, inSpan)
        .end(start + 3);
    }
    if (s.spanError) span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    span.end(start + s.durationMs);
  }
  await provider.forceFlush();
  await provider.shutdown();
}

/** NDJSON request logs (seed 002 LogEntry fields) as a service without tracing writes them. */
export function requestLogs(
  service: string,
  base: number,
  specs: Array<Required<Pick<RequestSpec, 'minute' | 'durationMs' | 'path' | 'status'>>>,
): string {
  return specs
    .map((s, i) =>
      JSON.stringify({
        time: new Date(base + s.minute * 60_000 + 1000 + i).toISOString(),
        level: s.status >= 500 ? 'error' : 'info',
        service,
        environment: 'prod',
        message: 'request completed',
        method: 'GET',
        path: s.path,
        status_code: s.status,
        latency_ms: s.durationMs,
      }),
    )
    .join('\n');
}

/** The exact q-quantile of values as PostgreSQL's percentile_cont computes it. */
export function percentileCont(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

/**
 * The q-quantile estimated from a histogram over `bounds` (bucket i holds bounds[i-1] <= v <
 * bounds[i]), interpolated linearly at rank q * n and clamped to [min, max]: an independent
 * statement of the documented rule.
 */
export function bucketQuantile(values: number[], q: number, bounds: readonly number[]): number {
  const edges = [0, ...bounds, Math.max(...values, bounds[bounds.length - 1]!)];
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < bounds.length && v >= bounds[i]!) i++;
    counts[i]!++;
  }
  const rank = q * values.length;
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && cum + c >= rank) {
      const est = edges[i]! + (edges[i + 1]! - edges[i]!) * ((rank - cum) / c);
      return Math.min(Math.max(est, Math.min(...values)), Math.max(...values));
    }
    cum += c;
  }
  return Math.max(...values);
}

// The data set of performance.int.test.ts: minutes after its base time T0 (an hour boundary).
export const ordersMinute0: RequestSpec[] = Array.from({ length: 40 }, (_, i) => ({
  minute: 0,
  durationMs: 7 * (i + 1),
  route: '/orders/{id}',
  method: 'GET',
  status: i % 8 === 0 ? 500 : 200,
  children: i < 3,
}));
export const ordersLater: RequestSpec[] = [1, 1, 1, 7, 7, 61].map((minute, i) => ({
  minute,
  durationMs: 20 + i * 3,
  route: '/orders/{id}',
  method: 'GET',
  status: 200,
}));
export const pay: RequestSpec[] = Array.from({ length: 6 }, (_, i) => ({
  minute: 2,
  durationMs: 100 + i,
  path: `/pay/${1000 + i}`,
  method: 'POST',
  status: 201,
  spanError: i < 2,
}));
export const reports: RequestSpec[] = Array.from({ length: 20 }, (_, i) => ({
  minute: 3,
  durationMs: 1500 + i * 80,
  route: '/reports/{id}',
  method: 'GET',
  status: i === 0 ? 503 : 200,
}));
export const clientOnly: RequestSpec = { minute: 0, durationMs: 5, name: 'GET', kind: 'client' };
export const nightly: RequestSpec[] = [
  { minute: 4, durationMs: 3000, name: 'nightly-job', kind: 'internal' },
];
export const legacy = [
  { minute: 2, durationMs: 12, path: '/users/42/profile', status: 200 },
  { minute: 2, durationMs: 30, path: '/users/7/profile', status: 502 },
  { minute: 8, durationMs: 18, path: '/users/9f1c2a3b4d5e6f70/profile', status: 200 },
];
// The traced service also logs its requests: those log lines must not be counted again.
export const checkoutLogs = [{ minute: 0, durationMs: 999, path: '/orders/1', status: 200 }];
