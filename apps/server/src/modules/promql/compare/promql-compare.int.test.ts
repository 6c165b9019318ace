// The engine against a real Prometheus 2.42 over the same samples: each table row is one query,
// evaluated by both; result types, label sets, values (relative 1e-9) and errors must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryCase } from './compare.ts';
import { runCase } from './compare.ts';
import { generateSeries } from './data.ts';
import { MemorySource } from './memory-source.ts';
import { hasPrometheus, PROMETHEUS_BIN, PrometheusProcess } from './prometheus.ts';
import { EDGE_CASES } from './queries-edge.ts';
import { OPERATOR_CASES } from './queries-operators.ts';
import { SELECTOR_CASES } from './queries-selectors.ts';

const CASES: QueryCase[] = [...SELECTOR_CASES, ...OPERATOR_CASES, ...EDGE_CASES];
const name = (c: QueryCase) =>
  `${c.q}${c.range ? ` [range ${c.range.join(',')}]` : c.at ? ` @-${c.at}s` : ''}`;

describe.skipIf(!hasPrometheus())(
  `PromQL compared with ${PROMETHEUS_BIN} (skipped when the binary is absent)`,
  () => {
    let prom: PrometheusProcess;
    // The data ends a few minutes before now: Prometheus' head takes recent samples only.
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const series = generateSeries(end);
    const source = new MemorySource(series);

    beforeAll(async () => {
      prom = await PrometheusProcess.start();
      await prom.write(series);
    }, 60_000);

    afterAll(async () => {
      await prom?.stop();
    });

    it('holds at least 150 queries', () => {
      expect(CASES.length).toBeGreaterThanOrEqual(150);
    });

    it('sees every written series in Prometheus', async () => {
      const res = await prom.query('query', {
        query: 'count(last_over_time({__name__=~".+"}[3h]))',
        time: String(end / 1000),
      });
      expect(res).toMatchObject({
        data: { result: [{ value: [end / 1000, String(series.length)] }] },
      });
    });

    const agree = CASES.filter((c) => !c.known);
    const known = CASES.filter((c) => c.known);

    const answers = { error: 0, empty: 0, data: 0 };

    it.each(agree.map((c) => [name(c), c] as const))('%s', async (_n, c) => {
      const out = await runCase(c, prom, source, { end, defaultAt: 300 });
      answers[out.answer]++;
      expect(out.diffs).toEqual([]);
    });

    // Known, explained differences: they must still differ (a fix moves them to the table above).
    it.each(known.map((c) => [`${name(c)} (known difference: ${c.known})`, c] as const))(
      '%s',
      async (_n, c) => {
        expect((await runCase(c, prom, source, { end, defaultAt: 300 })).diffs).not.toEqual([]);
      },
    );

    it('compared data, not only empty answers and errors', () => {
      expect(answers.data).toBeGreaterThanOrEqual(240);
      expect(answers.error).toBeGreaterThanOrEqual(20);
    });
  },
);
