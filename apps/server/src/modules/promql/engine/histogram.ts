// histogram_quantile over classic `le` buckets.
import type { Labels } from '../types.ts';
import type { CallNode } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { parseGoFloat } from './format.ts';
import { labelsKey, NAME } from './labels.ts';
import type { Bucket } from './quantile.ts';
import { bucketQuantile } from './quantile.ts';
import type { Grid, StepSeries, Value } from './series.ts';
import { mergeSameLabels, newStepSeries } from './series.ts';

interface Group {
  labels: Labels;
  members: { series: StepSeries; le: number }[];
}

export function histogramQuantile(ev: Evaluator, e: CallNode, g: Grid): Value {
  const q = ev.evalScalar(e.args[0]!, g);
  const input = ev.evalVector(e.args[1]!, g);
  const groups = new Map<string, Group>();
  for (const s of input) {
    const le = parseGoFloat(s.labels.le ?? '');
    if (le === undefined || s.labels.le === undefined) continue;
    const { le: _le, ...rest } = s.labels;
    // Grouped by all labels but `le` (the name included); the answer has neither.
    const key = labelsKey(rest);
    let grp = groups.get(key);
    if (!grp) {
      const { [NAME]: _n, quantile: _q, ...labels } = rest;
      grp = { labels, members: [] };
      groups.set(key, grp);
    }
    grp.members.push({ series: s, le });
  }
  const out: StepSeries[] = [];
  for (const grp of groups.values()) {
    const r = newStepSeries(grp.labels, g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) {
      const buckets: Bucket[] = [];
      for (const m of grp.members)
        if (m.series.has[i]) buckets.push({ upperBound: m.le, count: m.series.vals[i]! });
      if (buckets.length === 0) continue;
      r.has[i] = 1;
      r.vals[i] = bucketQuantile(q[i]!, buckets);
    }
    out.push(r);
  }
  return { kind: 'vector', series: mergeSameLabels(out) };
}
