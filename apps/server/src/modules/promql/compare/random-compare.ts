// Random-expression comparison with Prometheus (a tool, not a test): nested queries built from
// the suite's series are evaluated by both sides like the table's rows. Run:
//   npx tsx apps/server/src/modules/promql/compare/random-compare.ts [seed] [count]
// Known noise: topk/bottomk ties inside range queries over computed inputs (Prometheus' own
// order is random there) and predict_linear with @ (prometheus#11708).
import type { QueryCase } from './compare.ts';
import { runCase } from './compare.ts';
import { generateSeries, prng } from './data.ts';
import { MemorySource } from './memory-source.ts';
import { PrometheusProcess } from './prometheus.ts';
import { FUNCTIONS } from '../engine/signatures.ts';

const SELECTORS = [
  'http_requests_total',
  'http_requests_total{job="api"}',
  'http_requests_total{status=~"5.."}',
  'node_temperature_celsius',
  'balance_delta',
  'memory_bytes',
  'tiny_ratio',
  'queue_depth',
  'up',
  'build_info',
  'request_duration_seconds_bucket',
  'request_duration_seconds_count',
  'path_hits_total',
];
const RANGES = ['15s', '30s', '1m', '2m', '5m', '7m', '10m', '1h'];
const LABELS = ['job', 'instance', 'method', 'status', 'zone', 'queue', 'le', 'nonexistent'];
// Functions of one range vector (rate, *_over_time, ...), from the engine's own signatures;
// absent_over_time answers in another shape and is left out.
const RANGE_FNS = Object.entries(FUNCTIONS)
  .filter(([n, f]) => f.args.length === 1 && f.args[0] === 'matrix' && n !== 'absent_over_time')
  .map(([n]) => n);
const MATH_FNS = [
  'abs',
  'ceil',
  'floor',
  'exp',
  'sqrt',
  'ln',
  'log2',
  'log10',
  'sgn',
  'round',
  'timestamp',
  'sort',
  'sort_desc',
];
const AGGS = ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar'];
const OPS = [
  '+',
  '-',
  '/',
  '%',
  '^',
  'atan2',
  '>',
  '!=',
  '== bool',
  '<= bool',
  'and',
  'or',
  'unless',
];
const MATCHING = [
  '',
  ' on(job)',
  ' ignoring(instance)',
  ' on(instance)',
  ' on(job, instance)',
  ' on() group_left',
  ' ignoring(status) group_left',
  ' on(job) group_left(instance)',
  ' on(instance) group_right(job)',
  ' ignoring(method, status) group_right',
  ' on(job) group_right(zone, version)',
];

export function randomQuery(r: () => number, depth: number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const mod = () =>
    r() < 0.2
      ? ` offset ${pick(['1m', '5m', '-2m', '30m'])}`
      : r() < 0.15
        ? ` @ ${pick(['start()', 'end()', '$T1', '$T3'])}`
        : '';
  const grouping = () => {
    const g = [...new Set([pick(LABELS), pick(LABELS)])].slice(0, 1 + Math.floor(r() * 2));
    return r() < 0.5 ? ` by (${g.join(', ')})` : ` without (${g.join(', ')})`;
  };
  const range = () => `${pick(SELECTORS)}[${pick(RANGES)}]${mod()}`;
  const vec = (d: number): string => {
    const x = r();
    if (d <= 0 || x < 0.2) return pick(SELECTORS) + mod();
    if (x < 0.45) {
      const inner =
        r() < 0.8 ? range() : `${vec(d - 1)}[${pick(['5m', '10m'])}:${pick(['1m', '30s', ''])}]`;
      return `${pick(RANGE_FNS)}(${inner})`;
    }
    if (x < 0.6) return `${pick(AGGS)}${grouping()} (${vec(d - 1)})`;
    if (x < 0.7) return `${pick(MATH_FNS)}(${vec(d - 1)})`;
    if (x < 0.8)
      return `${vec(d - 1)} ${pick(['+', '*', '/', '%', '^', '>', '== bool'])} ${pick(['1', '0', '-1', '0.5', 'Inf', 'NaN'])}`;
    if (x < 0.9) return `${vec(d - 1)} ${pick(OPS)}${pick(MATCHING)} ${vec(d - 1)}`;
    if (x < 0.95)
      return pick([
        `histogram_quantile(${pick(['0.5', '0.99', '1'])}, ${pick(['sum by (le) ', 'sum by (le, job) ', ''])}(rate(request_duration_seconds_bucket[${pick(RANGES)}])))`,
        `label_replace(${vec(d - 1)}, "${pick(['dst', 'job'])}", "${pick(['$1', 'x$1', '', '${1}y'])}", "${pick(LABELS)}", "${pick(['(.*)', 'i(.)', '(a)(p)?.*'])}")`,
        `count_values${r() < 0.5 ? grouping() : ''} ("cv", ${vec(d - 1)})`,
        `absent(${vec(d - 1)})`,
        `clamp(${vec(d - 1)}, ${pick(['0', '-1', '5'])}, ${pick(['10', '1', '-5'])})`,
        `${vec(d - 1)} * scalar(${vec(d - 1)})`,
        `vector(${pick(['time()', '1', 'scalar(up)', 'NaN'])})`,
        `${pick(['hour', 'minute', 'day_of_week', 'month'])}(${r() < 0.5 ? '' : `timestamp(${pick(SELECTORS)})`})`,
        `quantile_over_time(${pick(['0.1', '0.5', '0.95'])}, ${range()})`,
        `predict_linear(${range()}, ${pick(['60', '3600', '-600'])})`,
        `absent_over_time(${range()})`,
      ]);
    return `${pick(['topk', 'bottomk'])}(${pick(['1', '2', '3'])}, ${vec(d - 1)})`;
  };
  return vec(depth);
}

async function main(seed: number, count: number): Promise<void> {
  const r = prng(seed);
  const end = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
  const series = generateSeries(end);
  const prom = await PrometheusProcess.start();
  try {
    await prom.write(series);
    const source = new MemorySource(series);
    let fails = 0;
    for (let i = 0; i < count; i++) {
      const q = randomQuery(r, 4);
      const c: QueryCase =
        r() < 0.5
          ? { q, at: Math.floor(r() * 7400) }
          : {
              q,
              range: [
                Math.floor(3600 + r() * 3600),
                Math.floor(r() * 1800),
                [15, 30, 60, 97, 300][Math.floor(r() * 5)]!,
              ],
            };
      const out = await runCase(c, prom, source, { end, defaultAt: 300 });
      if (out.diffs.length === 0) continue;
      fails++;
      console.log(JSON.stringify(c), out.diffs.slice(0, 3).join(' | '));
    }
    console.log(`${count} queries, ${fails} differ`);
  } finally {
    await prom.stop();
  }
}

await main(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 300));
