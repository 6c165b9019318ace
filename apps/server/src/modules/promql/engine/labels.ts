// Label sets, matchers and RE2-style regexes.
import type { Labels, Matcher } from '../types.ts';
import { PromQLError } from '../types.ts';

export const NAME = '__name__';
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const isValidLabelName = (s: string): boolean => LABEL_NAME_RE.test(s);

/** Prometheus' ordering of label sets: by sorted (name, value) pairs. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const va = a[x]!;
    const vb = b[y]!;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}

/** A canonical string for a label set (used as a map key). */
export function labelsKey(l: Labels): string {
  const keys = Object.keys(l).sort();
  let s = '';
  for (const k of keys) s += k + '\xff' + l[k] + '\xfe';
  return s;
}

/** Key over only (`on`) or all but (`ignoring`, always without `__name__`) the given names. */
export function signature(l: Labels, on: boolean, names: string[]): string {
  if (on) {
    let s = '';
    for (const n of [...names].sort()) s += n + '\xff' + (l[n] ?? '') + '\xfe';
    return s;
  }
  const skip = new Set(names);
  skip.add(NAME);
  const keys = Object.keys(l)
    .filter((k) => !skip.has(k))
    .sort();
  let s = '';
  for (const k of keys) s += k + '\xff' + l[k] + '\xfe';
  return s;
}

export function dropName(l: Labels): Labels {
  if (!(NAME in l)) return l;
  const { [NAME]: _n, ...rest } = l;
  return rest;
}

/** Labels with empty values removed, as Prometheus' label builder does. */
export function cleanLabels(l: Labels): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(l)) if (v !== '') out[k] = v;
  return out;
}

export function formatLabels(l: Labels): string {
  const keys = Object.keys(l).sort();
  return '{' + keys.map((k) => `${k}=${JSON.stringify(l[k])}`).join(', ') + '}';
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const regexCache = new Map<string, RegExp>();

/** Go RE2 syntax, fully anchored, as a JS RegExp (flags groups, POSIX classes, \z, \Q..\E). */
export function compileAnchored(re: string): RegExp {
  const hit = regexCache.get(re);
  if (hit) return hit;
  let src = re;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('s')) flags += 's';
  }
  src = src
    .replace(/\\Q(.*?)(\\E|$)/g, (_m, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
      POSIX[name] ? (neg ? `^${POSIX[name]}` : POSIX[name]) : m,
    )
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^');
  let out: RegExp;
  try {
    out = new RegExp(`^(?:${src})$`, flags + 'u');
  } catch {
    try {
      out = new RegExp(`^(?:${src})$`, flags);
    } catch {
      throw new PromQLError('bad_data', `invalid regular expression ${JSON.stringify(re)}`);
    }
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(re, out);
  return out;
}

export type LabelPredicate = (v: string) => boolean;

export function matcherPredicate(m: Matcher): LabelPredicate {
  switch (m.op) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = compileAnchored(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = compileAnchored(m.value);
      return (v) => !re.test(v);
    }
  }
}

/** Whether a label set satisfies every matcher (a missing label has the empty value). */
export function matchesAll(l: Labels, matchers: Matcher[]): boolean {
  return matchers.every((m) => matcherPredicate(m)(l[m.name] ?? ''));
}
