import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { readWriteRequest, type WireLabel, type WireWriteRequest } from './remote-write-wire.ts';

/**
 * Prometheus remote write 1.0: decoding of the WriteRequest (after snappy) and its validation
 * into series and samples. Pure: no database, no HTTP.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

/** One decoded, validated series of a request with its samples. */
export interface SeriesInput {
  name: string;
  /** The labels without __name__, sorted by name. */
  labels: Record<string, string>;
  /** Hex of the first 16 bytes of SHA-256 over the name and the sorted label pairs. */
  fingerprint: string;
  service: string | null;
  le: number | null;
  samples: { timeMs: number; value: number }[];
}

export interface MetadataInput {
  name: string;
  type: MetricType;
  help: string | null;
  unit: string | null;
}

export interface DecodedWrite {
  series: SeriesInput[];
  metadata: MetadataInput[];
  /** Samples refused (invalid series or timestamps), with the first reason. */
  rejected: number;
  firstError: string | null;
  /** Stale markers skipped (see README: staleness is not stored). */
  staleSkipped: number;
}

/** The Prometheus stale marker: a NaN with this exact bit pattern. */
const STALE_BITS = 0x7ff0000000000002n;
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
export function isStaleMarker(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  f64[0] = v;
  return u64[0] === STALE_BITS;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// 1970 .. 2200: anything else is a client bug, not a measurement.
const MAX_TIME_MS = 7_258_118_400_000;
const TYPES: Record<number, MetricType> = {
  1: 'counter',
  2: 'gauge',
  3: 'histogram',
  4: 'histogram',
  5: 'summary',
};

function notWriteRequest(err: unknown): AppError {
  return new AppError('VALIDATION', `Not a remote write WriteRequest: ${(err as Error).message}`);
}

/** The WriteRequest of a decompressed body; 400 when it is not one. */
export function decodeWriteRequest(body: Buffer): WireWriteRequest {
  try {
    return readWriteRequest(body);
  } catch (err) {
    throw notWriteRequest(err);
  }
}

// Fingerprints of recently seen label sets: steady-state ingest sends the same series in every
// request, and the SHA-256 was ~10% of the remote write CPU profile. Bounded by clearing.
const FINGERPRINT_CACHE_MAX = 100_000;
const fingerprints = new Map<string, string>();

export function fingerprintOf(name: string, labels: Record<string, string>): string {
  let key = name;
  for (const k of Object.keys(labels).sort()) key += `\xff${k}\xfe${labels[k]}`;
  let fp = fingerprints.get(key);
  if (fp === undefined) {
    fp = createHash('sha256').update(key).digest('hex').slice(0, 32);
    if (fingerprints.size >= FINGERPRINT_CACHE_MAX) fingerprints.clear();
    fingerprints.set(key, fp);
  }
  return fp;
}

function seriesOf(wireLabels: WireLabel[]): SeriesInput | string {
  let name: string | null = null;
  const labels: Record<string, string> = {};
  for (const l of wireLabels) {
    const k = l.name;
    const v = l.value;
    if (k === '__name__') {
      name = v;
      continue;
    }
    if (!LABEL_NAME.test(k)) return `invalid label name ${JSON.stringify(k)}`;
    if (k in labels) return `duplicate label ${k}`;
    if (v.includes('\0')) return `label ${k}: value contains NUL`;
    if (v !== '') labels[k] = v; // an empty value is the same as no label
  }
  if (name === null) return 'series without __name__';
  if (name.includes('\0')) return 'metric name contains NUL';
  if (!METRIC_NAME.test(name) || name.length > 255)
    return `invalid metric name ${JSON.stringify(name.slice(0, 100))}`;
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) sorted[k] = labels[k]!;
  const leText = name.endsWith('_bucket') ? sorted.le : undefined;
  const le = leText === undefined ? null : leText === '+Inf' ? Infinity : Number(leText);
  return {
    name,
    labels: sorted,
    fingerprint: fingerprintOf(name, sorted),
    service: sorted.job ?? sorted.service_name ?? null,
    le: le === null || Number.isNaN(le) ? null : le,
    samples: [],
  };
}

// Validated series by the raw bytes of their labels: a steady stream sends the same label sets in
// every request, so most series skip label decoding, validation and hashing. An entry is the
// series (one object per fingerprint, however its labels were encoded) or why it is invalid.
// `seen`/`current` merge the samples of a series named twice in one request without a Map per
// request. Bounded by clearing.
interface KnownSeries {
  input: SeriesInput;
  seen: number;
  current: SeriesInput | null;
}
const SERIES_CACHE_MAX = 200_000;
const seriesByKey = new Map<string, KnownSeries | string>();
const seriesByFingerprint = new Map<string, KnownSeries>();
let requestSeq = 0;

function knownSeries(ts: WireWriteRequest['timeseries'][number]): KnownSeries | string {
  const hit = seriesByKey.get(ts.labelKey);
  if (hit !== undefined) return hit;
  let labels: WireLabel[];
  try {
    labels = ts.labels();
  } catch (err) {
    throw notWriteRequest(err);
  }
  const s = seriesOf(labels);
  if (seriesByKey.size >= SERIES_CACHE_MAX) {
    seriesByKey.clear();
    seriesByFingerprint.clear();
  }
  let known: KnownSeries | string;
  if (typeof s === 'string') known = s;
  else {
    known = seriesByFingerprint.get(s.fingerprint) ?? { input: s, seen: 0, current: null };
    seriesByFingerprint.set(s.fingerprint, known);
  }
  seriesByKey.set(ts.labelKey, known);
  return known;
}

/** Validates a decoded request: invalid series and samples are counted, not thrown. */
export function toWriteInput(req: WireWriteRequest): DecodedWrite {
  const out: DecodedWrite = {
    series: [],
    metadata: [],
    rejected: 0,
    firstError: null,
    staleSkipped: 0,
  };
  const reject = (n: number, why: string) => {
    out.rejected += n;
    out.firstError ??= why;
  };
  const seq = ++requestSeq;
  const touched: KnownSeries[] = [];
  for (const ts of req.timeseries) {
    const k = knownSeries(ts);
    const raw = ts.samples;
    if (typeof k === 'string') {
      reject(Math.max(raw.length, 1), k);
      continue;
    }
    const again = k.seen === seq;
    const series = again ? k.current! : { ...k.input, samples: [] };
    for (const sample of raw) {
      const value = sample.value;
      const t = sample.timestamp;
      if (!Number.isSafeInteger(t) || t <= 0 || t > MAX_TIME_MS) {
        reject(1, `${series.name}: timestamp ${t} out of range`);
        continue;
      }
      if (isStaleMarker(value)) {
        out.staleSkipped++;
        continue;
      }
      series.samples.push({ timeMs: t, value });
    }
    if (!again && series.samples.length) {
      k.seen = seq;
      k.current = series;
      touched.push(k);
      out.series.push(series);
    }
  }
  for (const k of touched) k.current = null; // no samples kept alive by the cache
  for (const m of req.metadata) {
    const name = m.metricFamilyName;
    if (!METRIC_NAME.test(name)) continue;
    out.metadata.push({
      name,
      type: TYPES[m.type] ?? 'unknown',
      help: m.help || null,
      unit: m.unit || null,
    });
  }
  return out;
}

/** The metadata family a series name belongs to (histogram/summary parts share one). */
export function familyCandidates(name: string): string[] {
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  return m ? [name, m[1]!] : [name];
}
