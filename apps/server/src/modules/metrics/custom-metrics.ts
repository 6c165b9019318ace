import { Type, type Static } from '@sinclair/typebox';
import type { SeriesBatch } from './ingest-series.ts';
import type { DeltaTransaction, Total } from './otlp-delta.ts';
import { leText } from './otlp-histograms.ts';
import { attributesToLabels, promMetricName } from './otlp-metrics-names.ts';
import type { SeriesInput } from './remote-write.ts';
import { SeriesBatchBuilder } from './series-batch.ts';

/**
 * Custom metrics as JSON (seed 000 performance_metrics: name, type, value, unit, tags), stored
 * as Prometheus series the way a client library would expose them:
 * - gauge: the value, as is (`name[_unit]`);
 * - counter: the value is an increment; Pharos keeps the running total (`name[_unit]_total`);
 * - histogram, summary, timer: the value is one observation, counted into classic cumulative
 *   buckets (`_bucket{le}`, `_sum`, `_count`); a timer's unit defaults to `ms`.
 * Running totals live in this process, seeded from storage when unknown (see otlp-delta.ts).
 */

const Tag = Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Boolean()]);
export const CustomMetricSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-zA-Z_][a-zA-Z0-9_.:]{0,199}$',
      description: 'Letters, digits, `_`, `.` and `:`; dots become underscores',
    }),
    type: Type.Union(
      ['counter', 'gauge', 'histogram', 'summary', 'timer'].map((t) => Type.Literal(t)),
    ),
    value: Type.Number(),
    unit: Type.Optional(Type.String({ pattern: '^[a-zA-Z%{}/]{0,32}$', maxLength: 32 })),
    tags: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_.]{0,99}$' }), Tag, {
        maxProperties: 32,
        additionalProperties: false,
      }),
    ),
    timestamp: Type.Optional(
      Type.Union([
        Type.String({ format: 'date-time' }),
        Type.Integer({ minimum: 946_684_800_000, description: 'Milliseconds since the epoch' }),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type CustomMetric = Static<typeof CustomMetricSchema>;
export const CustomMetricsBodySchema = Type.Object(
  { metrics: Type.Array(CustomMetricSchema, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

const MS_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const S_BUCKETS = MS_BUCKETS.map((b) => b / 1000);
const FUTURE_MS = 3_600_000;

export class CustomMetricError extends Error {}

function timeOf(m: CustomMetric, i: number, nowMs: number): number {
  if (m.timestamp === undefined) return nowMs;
  const t = typeof m.timestamp === 'number' ? m.timestamp : Date.parse(m.timestamp);
  if (!Number.isFinite(t)) throw new CustomMetricError(`metrics/${i}/timestamp is not a time`);
  if (t > nowMs + FUTURE_MS)
    throw new CustomMetricError(`metrics/${i}/timestamp is more than an hour ahead`);
  return t;
}

/** The batch for ingestSeries; throws CustomMetricError (a 400) for the first invalid metric. */
export function customMetricsToBatch(
  metrics: CustomMetric[],
  orgId: string,
  txn: DeltaTransaction,
  nowMs = Date.now(),
): SeriesBatch {
  const b = new SeriesBatchBuilder({ maxLabels: 40 });
  const points = new Map<Total, SeriesInput>();
  const series = (i: number, name: string, labels: Record<string, string>) => {
    const s = b.prepare(name, labels);
    if (typeof s === 'string') throw new CustomMetricError(`metrics/${i}: ${s}`);
    return s;
  };
  const add = (s: SeriesInput, t: number, delta: number) =>
    points.set(txn.accumulate(`${orgId}\n${s.fingerprint}`, t, delta), s);
  metrics.forEach((m, i) => {
    const t = timeOf(m, i, nowMs);
    const labels = attributesToLabels(m.tags ?? {});
    if (!Number.isFinite(m.value)) throw new CustomMetricError(`metrics/${i}/value is not finite`);
    const unit = m.unit ?? (m.type === 'timer' ? 'ms' : '');
    const kind = m.type === 'gauge' || m.type === 'counter' ? m.type : 'histogram';
    const name = promMetricName(m.name, unit, kind);
    b.describe(name, kind, null, unit || null);
    if (m.type === 'gauge') {
      const s = series(i, name, labels);
      if (!b.push(s, t, m.value))
        throw new CustomMetricError(`metrics/${i}/timestamp out of range`);
      return;
    }
    if (m.type === 'counter') {
      if (m.value < 0)
        throw new CustomMetricError(`metrics/${i}/value: a counter increment is >= 0`);
      add(series(i, name, labels), t, m.value);
      return;
    }
    const bounds = unit === 's' ? S_BUCKETS : MS_BUCKETS;
    for (const le of bounds) {
      add(series(i, `${name}_bucket`, { ...labels, le: leText(le) }), t, m.value <= le ? 1 : 0);
    }
    add(series(i, `${name}_bucket`, { ...labels, le: '+Inf' }), t, 1);
    add(series(i, `${name}_sum`, labels), t, m.value);
    add(series(i, `${name}_count`, labels), t, 1);
  });
  for (const [p, s] of points) b.push(s, p.t, p.value);
  return b.result();
}
