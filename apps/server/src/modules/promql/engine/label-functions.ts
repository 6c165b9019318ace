// label_replace and label_join: static per series, values unchanged.
import type { Labels } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { CallNode } from './ast.ts';
import { stringValue } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { compileAnchored, isValidLabelName } from './labels.ts';
import type { Grid, Value } from './series.ts';
import { mergeSameLabels } from './series.ts';

const stringArg = (e: CallNode, i: number): string => stringValue(e.args[i]);

/** Go's regexp.Expand: $1, ${1}, $name, ${name}, $$; a $name takes the longest word. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([^}]*)\}|([a-zA-Z0-9_]+))?/g,
    (all, tok?: string, braced?: string, bare?: string) => {
      if (tok === '$') return '$';
      const name = braced ?? bare;
      if (name === undefined || (braced !== undefined && !/^[a-zA-Z0-9_]+$/.test(braced)))
        return all;
      if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
      return m.groups?.[name] ?? '';
    },
  );
}

function setLabel(l: Labels, name: string, value: string): Labels {
  const out = { ...l };
  delete out[name];
  if (value !== '') out[name] = value;
  return out;
}

export function labelFunction(ev: Evaluator, e: CallNode, g: Grid): Value {
  const input = ev.evalVector(e.args[0]!, g);
  const dst = stringArg(e, 1);
  let relabel: (l: Labels) => Labels;
  if (e.func === 'label_replace') {
    const repl = stringArg(e, 2);
    const src = stringArg(e, 3);
    const reStr = stringArg(e, 4);
    let re: RegExp;
    try {
      re = compileAnchored(reStr);
    } catch {
      throw new PromQLError('execution', `invalid regular expression in label_replace(): ${reStr}`);
    }
    if (!isValidLabelName(dst))
      throw new PromQLError(
        'execution',
        `invalid destination label name in label_replace(): ${dst}`,
      );
    relabel = (l) => {
      const m = re.exec(l[src] ?? '');
      return m ? setLabel(l, dst, expandTemplate(repl, m)) : l;
    };
  } else {
    const sep = stringArg(e, 2);
    const srcs = e.args.slice(3).map((_, i) => stringArg(e, i + 3));
    for (const s of srcs)
      if (!isValidLabelName(s))
        throw new PromQLError('execution', `invalid source label name in label_join(): ${s}`);
    if (!isValidLabelName(dst))
      throw new PromQLError('execution', `invalid destination label name in label_join(): ${dst}`);
    relabel = (l) => setLabel(l, dst, srcs.map((s) => l[s] ?? '').join(sep));
  }
  const out = input.map((s) => ({
    labels: relabel(s.labels),
    vals: s.vals.slice(),
    has: s.has.slice(),
  }));
  return { kind: 'vector', series: mergeSameLabels(out) };
}
