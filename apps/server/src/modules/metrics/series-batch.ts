import {
  fingerprintOf,
  type MetadataInput,
  type MetricType,
  type SeriesInput,
} from './remote-write.ts';
import type { SeriesBatch } from './ingest-series.ts';

/**
 * Builds a SeriesBatch (what ingestSeries stores) from samples given as name + labels, for the
 * adapters that are not remote write (OTLP, scrapes, custom JSON): validates names, labels and
 * timestamps as remote write does, groups samples by series, and keeps one metadata entry per
 * metric family. Pure.
 */

export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// 1970 .. 2200: anything else is a client bug, not a measurement.
const MAX_TIME_MS = 7_258_118_400_000;

export interface BatchLimits {
  /** Labels per series at most (beyond it the sample is rejected). */
  maxLabels: number;
  /** Characters per label value at most. */
  maxLabelValue: number;
}

const DEFAULT_LIMITS: BatchLimits = { maxLabels: 64, maxLabelValue: 4096 };

export class SeriesBatchBuilder {
  private readonly series = new Map<string, SeriesInput>();
  private readonly metadata = new Map<string, MetadataInput>();
  private readonly limits: BatchLimits;
  rejected = 0;
  firstError: string | null = null;
  samples = 0;

  constructor(limits: Partial<BatchLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  reject(n: number, why: string): void {
    this.rejected += n;
    this.firstError ??= why;
  }

  /** A validated series (not yet in the batch) or the reason it is invalid. */
  prepare(name: string, labels: Record<string, string>): SeriesInput | string {
    if (!METRIC_NAME_RE.test(name) || name.length > 255)
      return `invalid metric name ${JSON.stringify(name.slice(0, 100))}`;
    const keys = Object.keys(labels).filter((k) => labels[k] !== '');
    if (keys.length > this.limits.maxLabels)
      return `${name}: more than ${this.limits.maxLabels} labels`;
    const sorted: Record<string, string> = {};
    for (const k of keys.sort()) {
      const v = labels[k]!;
      if (!LABEL_NAME_RE.test(k) || k === '__name__')
        return `${name}: invalid label name ${JSON.stringify(k.slice(0, 100))}`;
      if (v.includes('\0')) return `${name}: label ${k} contains NUL`;
      if (v.length > this.limits.maxLabelValue)
        return `${name}: label ${k} longer than ${this.limits.maxLabelValue} characters`;
      sorted[k] = v;
    }
    const leText = name.endsWith('_bucket') ? sorted.le : undefined;
    const le = leText === undefined ? NaN : leText === '+Inf' ? Infinity : Number(leText);
    return {
      name,
      labels: sorted,
      fingerprint: fingerprintOf(name, sorted),
      service: sorted.job ?? sorted.service_name ?? null,
      le: Number.isNaN(le) ? null : le,
      samples: [],
    };
  }

  /** Adds one sample of a prepared series; false (and counted) when the time is invalid. */
  push(s: SeriesInput, timeMs: number, value: number): boolean {
    if (!Number.isSafeInteger(timeMs) || timeMs <= 0 || timeMs > MAX_TIME_MS) {
      this.reject(1, `${s.name}: timestamp ${timeMs} out of range`);
      return false;
    }
    let target = this.series.get(s.fingerprint);
    if (!target) {
      target = s;
      this.series.set(s.fingerprint, s);
    }
    target.samples.push({ timeMs, value });
    this.samples++;
    return true;
  }

  /** prepare + push; false (and counted) when the sample is refused. */
  add(name: string, labels: Record<string, string>, timeMs: number, value: number): boolean {
    const s = this.prepare(name, labels);
    if (typeof s === 'string') {
      this.reject(1, s);
      return false;
    }
    return this.push(s, timeMs, value);
  }

  /** Type, help and unit of a family (histogram and summary parts share their base name). */
  describe(family: string, type: MetricType, help: string | null, unit: string | null): void {
    if (!METRIC_NAME_RE.test(family)) return;
    this.metadata.set(family, { name: family, type, help: help || null, unit: unit || null });
  }

  result(): SeriesBatch {
    return {
      series: [...this.series.values()],
      metadata: [...this.metadata.values()],
      rejected: this.rejected,
      firstError: this.firstError,
    };
  }
}
