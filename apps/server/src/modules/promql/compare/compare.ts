// Runs one query on Prometheus and on the engine, and lists how the answers differ.
import { instantQuery, rangeQuery } from '../engine/index.ts';
import { labelsKey } from '../engine/labels.ts';
import type { Labels, PromQueryData, PromValue, SeriesSource } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { PrometheusProcess } from './prometheus.ts';

export interface QueryCase {
  /** The expression; `$T0`..`$T3` stand for the case times in seconds (for `@`). */
  q: string;
  /** Instant evaluation time (seconds before the data end), default the table's time. */
  at?: number;
  /** Range query [start, end] in seconds before the data end, step in seconds. */
  range?: [number, number, number];
  /** Prometheus orders the result (sort, sort_desc, topk at one group): compare the order. */
  ordered?: boolean;
  /** A known, explained semantic difference: the case is expected to differ. */
  known?: string;
}

const num = (s: string): number => (s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s));

function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  const x = num(a);
  const y = num(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  // Equal numbers must be spelled the same (formatting); different ones may differ by rounding.
  if (x === y) return false;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-12;
}

function samePoint(a: PromValue, b: PromValue): boolean {
  return Math.abs(a[0] - b[0]) < 1e-6 && sameValue(a[1], b[1]);
}

const show = (l: Labels) => labelsKey(l).replace(/\xff/g, '=').replace(/\xfe/g, ',');

/** Differences between Prometheus' answer (`want`) and ours (`got`); empty when they agree. */
export function diffData(want: PromQueryData, got: PromQueryData, ordered: boolean): string[] {
  if (want.resultType !== got.resultType)
    return [`result type ${got.resultType}, want ${want.resultType}`];
  if (want.resultType === 'scalar' || want.resultType === 'string') {
    const g = got.result as PromValue;
    return samePoint(want.result, g)
      ? []
      : [`value ${JSON.stringify(g)}, want ${JSON.stringify(want.result)}`];
  }
  const diffs: string[] = [];
  const entries = (d: PromQueryData) =>
    (d.result as { metric: Labels; value?: PromValue; values?: PromValue[] }[]).map(
      (r) => [labelsKey(r.metric), r] as const,
    );
  const w = new Map(entries(want));
  const g = new Map(entries(got));
  if (w.size !== entries(want).length) diffs.push('prometheus answered duplicate series');
  if (g.size !== entries(got).length) diffs.push('duplicate series');
  for (const [k, r] of w) {
    const o = g.get(k);
    if (!o) {
      diffs.push(`missing ${show(r.metric)}`);
      continue;
    }
    const wp = r.value ? [r.value] : (r.values ?? []);
    const gp = o.value ? [o.value] : (o.values ?? []);
    if (wp.length !== gp.length)
      diffs.push(`${show(r.metric)}: ${gp.length} points, want ${wp.length}`);
    else
      wp.forEach((p, i) => {
        if (!samePoint(p, gp[i]!))
          diffs.push(`${show(r.metric)}: ${JSON.stringify(gp[i])}, want ${JSON.stringify(p)}`);
      });
  }
  for (const [k, r] of g) if (!w.has(k)) diffs.push(`extra ${show(r.metric)}`);
  if (ordered && diffs.length === 0) {
    const wk = [...w.keys()].join('|');
    const gk = [...g.keys()].join('|');
    if (wk !== gk) diffs.push('order differs');
  }
  return diffs.slice(0, 10);
}

export interface CaseTimes {
  /** Data end, ms. */
  end: number;
  /** Default instant evaluation time, seconds before the end. */
  defaultAt: number;
}

export const substitute = (q: string, end: number): string =>
  q.replace(/\$T(\d)/g, (_m, d: string) => String(end / 1000 - [0, 600, 1800, 3600][Number(d)]!));

export interface CaseOutcome {
  /** Differences; [] when both sides agree (errors included). */
  diffs: string[];
  /** What Prometheus answered: an error, no series, or data (the suite checks it is not vacuous). */
  answer: 'error' | 'empty' | 'data';
}

const answerKind = (d: PromQueryData): CaseOutcome['answer'] =>
  (d.resultType === 'vector' || d.resultType === 'matrix') && d.result.length === 0
    ? 'empty'
    : 'data';

/** Runs the case on both sides and compares the answers. */
export async function runCase(
  c: QueryCase,
  prom: PrometheusProcess,
  source: SeriesSource,
  times: CaseTimes,
): Promise<CaseOutcome> {
  const q = substitute(c.q, times.end);
  let want;
  let got: PromQueryData | PromQLError;
  const asError = (e: unknown) => {
    if (e instanceof PromQLError) return e;
    throw e;
  };
  if (c.range) {
    const [s, e, step] = c.range;
    const start = times.end - s * 1000;
    const end = times.end - e * 1000;
    want = await prom.query('query_range', {
      query: q,
      start: String(start / 1000),
      end: String(end / 1000),
      step: String(step),
    });
    got = await rangeQuery(q, { source, start, end, step: step * 1000 }).catch(asError);
  } else {
    const t = times.end - (c.at ?? times.defaultAt) * 1000;
    want = await prom.query('query', { query: q, time: String(t / 1000) });
    got = await instantQuery(q, { source, time: t }).catch(asError);
  }
  if (want.status === 'error') {
    const diffs =
      got instanceof PromQLError ? [] : [`no error, want ${want.errorType}: ${want.error}`];
    return { answer: 'error', diffs };
  }
  const answer = answerKind(want.data);
  if (got instanceof PromQLError)
    return { answer, diffs: [`error ${got.errorType}: ${got.message}`] };
  return { answer, diffs: diffData(want.data, got, c.ordered ?? false) };
}
