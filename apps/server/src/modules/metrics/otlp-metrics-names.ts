import type { Json } from '../logs/index.ts';

/**
 * OTLP → Prometheus names, after the Prometheus/OpenTelemetry compatibility specification
 * (the "underscore escaping with suffixes" translation Prometheus' own OTLP receiver uses):
 * invalid characters become `_`, the unit becomes a suffix (`ms` → `_milliseconds`,
 * `By/s` → `_bytes_per_second`, `{request}` annotations dropped), monotonic sums end in
 * `_total`, gauges with unit `1` end in `_ratio`. Pure.
 */

const UNITS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};
const PER_UNITS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const clean = (s: string) => s.replace(/[^a-zA-Z0-9_:]+/g, '_').replace(/__+/g, '_');

/** One unit part: mapped, or kept when it is a plain word; annotations and `1` give nothing. */
function unitWord(part: string, map: Record<string, string>): string {
  const p = part.replace(/\{[^}]*\}/g, '').trim();
  if (!p || p === '1') return '';
  if (map[p]) return map[p];
  return /^[a-zA-Z][a-zA-Z0-9]*$/.test(p) ? p.toLowerCase() : '';
}

export type OtlpKind = 'counter' | 'gauge' | 'histogram' | 'summary';

/** The Prometheus metric name of an OTLP metric (the family name for histograms/summaries). */
export function promMetricName(name: string, unit: string, kind: OtlpKind): string {
  let out = clean(name).replace(/_+$/, '');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  const tokens = new Set(out.split('_'));
  const [main = '', per = ''] = unit.split('/', 2);
  const mainWord = unitWord(main, UNITS);
  const perWord = unitWord(per, PER_UNITS);
  if (kind === 'counter' && out.endsWith('_total')) {
    out = out.slice(0, -'_total'.length); // re-added last, after the unit
  }
  if (mainWord && !tokens.has(mainWord)) out += `_${mainWord}`;
  if (perWord && !tokens.has(perWord)) out += `_per_${perWord}`;
  if (kind === 'gauge' && unit.trim() === '1' && !tokens.has('ratio')) out += '_ratio';
  if (kind === 'counter') out += '_total';
  return out || '_';
}

/** An attribute key as a label name: invalid characters → `_`, a leading digit gets `key_`. */
export function promLabelName(key: string): string {
  let out = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  else if (out.startsWith('__')) out = `key${out}`;
  return out;
}

/** An attribute value as label text (arrays and maps as JSON). */
export function labelText(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Attributes as labels. Keys that collide after translation (`a.b` and `a_b`) have their values
 * joined with `;` in key order, as the specification asks.
 */
export function attributesToLabels(attrs: Record<string, Json>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(attrs).sort()) {
    const value = labelText(attrs[key]);
    if (value === '') continue;
    const name = promLabelName(key);
    out[name] = out[name] === undefined ? value : `${out[name]};${value}`;
  }
  return out;
}

/**
 * Labels from the resource: `service.namespace`/`service.name` → `job`,
 * `service.instance.id` → `instance`; the other attributes go to target_info only.
 */
export function resourceLabels(attrs: Record<string, Json>): {
  job: string | null;
  instance: string | null;
  rest: Record<string, Json>;
} {
  const name = labelText(attrs['service.name']);
  const ns = labelText(attrs['service.namespace']);
  const instance = labelText(attrs['service.instance.id']);
  const rest: Record<string, Json> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'service.name' && k !== 'service.namespace' && k !== 'service.instance.id')
      rest[k] = v;
  }
  return {
    job: name ? (ns ? `${ns}/${name}` : name) : null,
    instance: instance || null,
    rest,
  };
}
