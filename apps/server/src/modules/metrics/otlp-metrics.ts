import { anyValueToJson, attributesToObject, int64String, otlpService } from '../logs/index.ts';
import type { SeriesBatch } from './ingest-series.ts';
import type { DeltaTransaction } from './otlp-delta.ts';
import {
  attributesToLabels,
  promMetricName,
  resourceLabels,
  type OtlpKind,
} from './otlp-metrics-names.ts';
import { histogramParts, expHistogramBuckets, type Bucket } from './otlp-histograms.ts';
import type { SeriesInput } from './remote-write.ts';
import { SeriesBatchBuilder } from './series-batch.ts';
import { Lru } from './series-resolver.ts';

/**
 * OTLP metrics (ExportMetricsServiceRequest, protobuf-decoded or OTLP/JSON) as Prometheus
 * series: gauge → gauge; monotonic sum → counter (`_total`); non-monotonic sum → gauge;
 * histogram → classic `_bucket{le}` (cumulative counts), `_sum`, `_count`; exponential histogram →
 * classic buckets (otlp-histograms.ts); summary → `{quantile}`, `_sum`, `_count`. Delta points are
 * turned into cumulative ones through the DeltaTransaction. A data point that cannot be stored is
 * counted (partial_success.rejected_data_points) and the others kept. Pure apart from the
 * lazily loaded protobuf types.
 */

const service = otlpService(
  'metrics_service.proto',
  'opentelemetry.proto.collector.metrics.v1',
  'Metrics',
  'rejectedDataPoints',
);

export const decodeMetricsProtobuf = (body: Buffer): unknown => service.decode(body);
export const encodeMetricsResponse = (rejected: number, message: string): Buffer =>
  service.encodeResponse(rejected, message);

type Obj = Record<string, unknown>;
const own = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A double, int64 (Long, string, number) or OTLP/JSON's "NaN"/"Infinity" as a number. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? NaN : Number(v);
  const s = int64String(v);
  return s === null ? NaN : Number(s);
}

function isDelta(t: unknown): boolean {
  return t === 1 || t === '1' || (typeof t === 'string' && t.endsWith('DELTA'));
}

const NO_RECORDED_VALUE = 1;
const MAX_BUCKETS = 500;

interface Ctx {
  b: SeriesBatchBuilder;
  txn: DeltaTransaction;
  orgId: string;
  nowMs: number;
  /** Resource labels (job, instance): they win over data point attributes. */
  base: Record<string, string>;
  baseKey: string;
  maxT: number;
  /** The last point's raw time and its result: a request's points mostly share one time. */
  lastTimeKey: unknown;
  lastTime: number | string;
}

interface Part {
  name: string;
  extra?: Record<string, string>;
  value: number;
}

/** A raw int64 time as a cheap comparable key (a Long by its words, not its decimal text). */
function timeKey(v: unknown): unknown {
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return `${l.high}:${l.low}`;
  }
  return v;
}

/** The point's time in ms (receive time when unset), or an error. */
function pointTime(c: Ctx, p: Obj): number | string {
  const key = timeKey(p.timeUnixNano);
  if (key !== undefined && key === c.lastTimeKey) return c.lastTime;
  const ns = int64String(p.timeUnixNano);
  let t: number | string = c.nowMs;
  if (ns !== null && ns !== '0') {
    const ms = Number(BigInt(ns) / 1_000_000n);
    t = ms > 0 && ms <= 7_258_118_400_000 ? ms : `timestamp ${ns} ns out of range`;
  }
  c.lastTimeKey = key;
  c.lastTime = t;
  return t;
}

/**
 * Validated series by their raw identity (name, resource labels, attributes as sent): steady
 * streams skip attribute translation, label sorting and the SHA-256 fingerprint per point.
 */
const templates = new Lru<SeriesInput>(50_000);

function attributesKey(attrs: unknown): string {
  if (!Array.isArray(attrs)) return '';
  let key = '';
  for (const kv of attrs as { key?: unknown; value?: unknown }[]) {
    const v = (kv?.value ?? null) as Record<string, unknown> | null;
    const text =
      v && typeof v.stringValue === 'string' ? v.stringValue : JSON.stringify(anyValueToJson(v));
    // JSON quoting keeps the key unambiguous: the cache is shared by every organization.
    key += `${JSON.stringify(String(kv?.key))}:${JSON.stringify(text)},`;
  }
  return key;
}

/** The series of one data point; a part that fails rejects the point (returns the reason). */
function emit(c: Ctx, p: Obj, parts: Part[], delta: boolean): string | null {
  const t = pointTime(c, p);
  if (typeof t === 'string') return t;
  const pointKey = `${c.baseKey}\x03${attributesKey(p.attributes)}`;
  let labels: Record<string, string> | null = null;
  for (const part of parts) {
    const key = part.extra
      ? `${part.name}\x00${pointKey}\x00${JSON.stringify(part.extra)}`
      : `${part.name}\x00${pointKey}`;
    let s = templates.get(key);
    if (!s) {
      labels ??= { ...attributesToLabels(attributesToObject(p.attributes)), ...c.base };
      const fresh = c.b.prepare(part.name, part.extra ? { ...labels, ...part.extra } : labels);
      if (typeof fresh === 'string') return fresh;
      // Long identities are not cached: 50,000 keys of bounded size keep the cache small.
      if (key.length <= 1024) templates.set(key, fresh);
      s = fresh;
    }
    let value = part.value;
    if (delta) {
      // A NaN or infinite delta would poison the running total for good.
      if (!Number.isFinite(value)) return 'a delta value must be finite';
      const total = c.txn.next(`${c.orgId}\n${s.fingerprint}`, t, value);
      if (total === null) continue; // a re-sent or out-of-order delta: already counted
      value = total;
    }
    c.b.push({ ...s, samples: [] }, t, value);
  }
  c.maxT = Math.max(c.maxT, t);
  return null;
}

function bucketParts(name: string, buckets: Bucket[], count: number, sum: number | null): Part[] {
  return histogramParts(name, buckets, count, sum).map((x) =>
    x.le === undefined
      ? { name: x.name, value: x.value }
      : { name: x.name, extra: { le: x.le }, value: x.value },
  );
}

function convertMetric(c: Ctx, m: Obj): void {
  const rawName = typeof m.name === 'string' ? m.name : '';
  const unit = typeof m.unit === 'string' ? m.unit : '';
  const help = typeof m.description === 'string' ? m.description : null;
  const data = (['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const).find(
    (k) => m[k] && typeof m[k] === 'object',
  );
  const body = obj(data ? m[data] : null);
  const points = arr(body.dataPoints).map(obj);
  if (!rawName || !data) {
    if (points.length)
      c.b.reject(points.length, `metric ${rawName || '(unnamed)'}: no name or data`);
    return;
  }
  const delta = isDelta(body.aggregationTemporality);
  const kind: OtlpKind =
    data === 'sum'
      ? body.isMonotonic === true
        ? 'counter'
        : 'gauge'
      : data === 'gauge'
        ? 'gauge'
        : data === 'summary'
          ? 'summary'
          : 'histogram';
  const name = promMetricName(rawName, unit, kind);
  c.b.describe(name, kind, help, unit);
  for (const p of points) {
    if ((num(p.flags ?? 0) & NO_RECORDED_VALUE) !== 0) continue; // a staleness marker: skipped
    let why: string | null;
    if (data === 'gauge' || data === 'sum') {
      const v = own(p, 'asInt') ? num(p.asInt) : own(p, 'asDouble') ? num(p.asDouble) : NaN;
      why =
        own(p, 'asInt') || own(p, 'asDouble')
          ? emit(c, p, [{ name, value: v }], delta)
          : 'data point without a value';
    } else if (data === 'summary' && arr(p.quantileValues).length > MAX_BUCKETS) {
      why = `more than ${MAX_BUCKETS} quantiles`;
    } else if (data === 'summary') {
      const parts: Part[] = arr(p.quantileValues).map((q) => ({
        name,
        extra: { quantile: String(num(obj(q).quantile)) },
        value: num(obj(q).value),
      }));
      parts.push({ name: `${name}_sum`, value: num(p.sum ?? 0) });
      parts.push({ name: `${name}_count`, value: num(p.count ?? 0) });
      why = emit(c, p, parts, false);
    } else {
      const sum = own(p, 'sum') && p.sum !== null ? num(p.sum) : null;
      const buckets =
        data === 'histogram'
          ? explicitBuckets(p)
          : expHistogramBuckets({
              scale: num(p.scale ?? 0),
              zeroCount: num(p.zeroCount ?? 0),
              zeroThreshold: num(p.zeroThreshold ?? 0),
              positive: bucketsOf(p.positive),
              negative: bucketsOf(p.negative),
            });
      // Every bucket is a series: a hostile point must not create thousands of them.
      why =
        typeof buckets === 'string'
          ? buckets
          : buckets.length > MAX_BUCKETS
            ? `more than ${MAX_BUCKETS} buckets`
            : buckets.some((b) => Number.isNaN(b.le))
              ? 'a bucket bound is NaN'
              : emit(c, p, bucketParts(name, buckets, num(p.count ?? 0), sum), delta);
    }
    if (why) c.b.reject(1, `${name}: ${why}`);
  }
}

function bucketsOf(v: unknown): { offset: number; counts: number[] } {
  const o = obj(v);
  return { offset: num(o.offset ?? 0), counts: arr(o.bucketCounts).map(num) };
}

/** Explicit-bounds buckets as (upper bound, count in bucket) pairs, +Inf excluded. */
function explicitBuckets(p: Obj): Bucket[] | string {
  const bounds = arr(p.explicitBounds).map(num);
  const counts = arr(p.bucketCounts).map(num);
  if (!counts.length) return [];
  if (counts.length !== bounds.length + 1) return 'bucket_counts needs explicit_bounds + 1 entries';
  return bounds.map((le, i) => ({ le, count: counts[i]! }));
}

/** The samples of an export request, for ingestSeries. */
export function otlpMetricsToBatch(
  req: unknown,
  orgId: string,
  txn: DeltaTransaction,
  nowMs = Date.now(),
): SeriesBatch {
  const b = new SeriesBatchBuilder();
  for (const rm of arr(obj(req).resourceMetrics).map(obj)) {
    const attrs = attributesToObject(obj(rm.resource).attributes);
    const { job, instance, rest } = resourceLabels(attrs);
    const base: Record<string, string> = {};
    if (job) base.job = job;
    if (instance) base.instance = instance;
    const c: Ctx = {
      b,
      txn,
      orgId,
      nowMs,
      base,
      baseKey: JSON.stringify(base),
      maxT: 0,
      lastTimeKey: undefined,
      lastTime: nowMs,
    };
    for (const sm of arr(rm.scopeMetrics).map(obj)) {
      for (const m of arr(sm.metrics).map(obj)) convertMetric(c, m);
    }
    // Resource attributes other than job/instance: one target_info series, as the spec says.
    if (c.maxT && Object.keys(rest).length) {
      b.describe('target_info', 'gauge', 'Target metadata', null);
      b.add('target_info', { ...attributesToLabels(rest), ...base }, c.maxT, 1);
    }
  }
  return b.result();
}
