import { PROMQL_AGGREGATIONS, PROMQL_FUNCTIONS, PROMQL_KEYWORDS } from './promql-words.ts';

/** What the text before the caret asks to complete. */
export type CompletionContext =
  | { kind: 'identifier'; prefix: string; start: number }
  | { kind: 'label-name'; metric: string; prefix: string; start: number; inBraces: boolean }
  | { kind: 'label-value'; metric: string; label: string; prefix: string; start: number }
  | { kind: 'none' };

export interface Completion {
  /** What the list shows. */
  label: string;
  /** What replaces the text from the context's start to the caret. */
  insert: string;
  kind: 'metric' | 'function' | 'aggregation' | 'keyword' | 'label' | 'value';
  detail?: string;
}

const IDENT_END = /[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)$/;
const RESERVED = new Set([...PROMQL_FUNCTIONS, ...PROMQL_AGGREGATIONS, ...PROMQL_KEYWORDS]);

/** The first metric name in a query (for label completion in `by (...)`). */
export function firstMetric(text: string): string {
  const cleaned = text
    .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, ' ');
  for (const m of cleaned.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = m[0];
    const end = m.index + name.length;
    if (m.index > 0 && /[0-9.]/.test(cleaned[m.index - 1] ?? '')) continue; // 1e3, 0x1f
    if (/^\s*\(/.test(cleaned.slice(end))) continue; // a function or aggregation call
    if (!RESERVED.has(name) && !/^(?:inf|nan)$/i.test(name)) return name;
  }
  return '';
}

/** Finds where the caret is: in a selector's braces, after a label and operator, or on a word. */
export function completionContext(text: string, caret: number): CompletionContext {
  const before = text.slice(0, caret);
  let quote: string | null = null;
  let quoteStart = -1;
  let brace = -1;
  let lastComma = -1;
  let bracket = false;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      quoteStart = i;
    } else if (c === '{') {
      brace = i;
      lastComma = i;
    } else if (c === '}') brace = -1;
    else if (c === ',' && brace >= 0) lastComma = i;
    else if (c === '[') bracket = true;
    else if (c === ']') bracket = false;
    else if (c === '#') return { kind: 'none' }; // the rest of the line is a comment
  }
  if (brace >= 0) {
    const metric = IDENT_END.exec(before.slice(0, brace).trimEnd())?.[0] ?? '';
    const segment = before.slice(lastComma + 1);
    const value = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*(["'`].*)?$/.exec(segment);
    if (value) {
      const label = value[1] ?? '';
      if (quote)
        return {
          kind: 'label-value',
          metric,
          label,
          prefix: unescape(before.slice(quoteStart + 1)),
          start: quoteStart,
        };
      if (value[2]) return { kind: 'none' }; // the value's string is closed
      return { kind: 'label-value', metric, label, prefix: '', start: caret };
    }
    if (quote) return { kind: 'none' };
    const name = segment.trimStart();
    if (name === '' || LABEL_NAME.test(name))
      return {
        kind: 'label-name',
        metric,
        prefix: name,
        start: caret - name.length,
        inBraces: true,
      };
    return { kind: 'none' };
  }
  if (quote || bracket) return { kind: 'none' };
  const grouping = GROUPING.exec(before);
  if (grouping) {
    const name = (grouping[1] ?? '').split(',').pop()?.trimStart() ?? '';
    if (name === '' || LABEL_NAME.test(name))
      return {
        kind: 'label-name',
        metric: firstMetric(text),
        prefix: name,
        start: caret - name.length,
        inBraces: false,
      };
    return { kind: 'none' };
  }
  const word = IDENT_END.exec(before)?.[0] ?? '';
  if (/[0-9.]$/.test(before) && word === '') return { kind: 'none' };
  return { kind: 'identifier', prefix: word, start: caret - word.length };
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
const quoteValue = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Prefix matches first, then matches anywhere; at most `limit`. */
export function rank(words: readonly string[], prefix: string, limit = 50): string[] {
  const p = prefix.toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const w of words) {
    const l = w.toLowerCase();
    if (l === p) continue;
    if (l.startsWith(p)) starts.push(w);
    else if (p && l.includes(p)) contains.push(w);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Completions for identifiers: metrics, then aggregations and functions, then keywords. */
export function identifierCompletions(prefix: string, metrics: readonly string[]): Completion[] {
  const out: Completion[] = rank(metrics, prefix, 30).map((m) => ({
    label: m,
    insert: m,
    kind: 'metric',
  }));
  if (prefix === '') return out;
  for (const a of rank(PROMQL_AGGREGATIONS, prefix, 10))
    out.push({ label: a, insert: `${a}(`, kind: 'aggregation' });
  for (const f of rank(PROMQL_FUNCTIONS, prefix, 10))
    out.push({ label: f, insert: `${f}(`, kind: 'function' });
  for (const k of rank(PROMQL_KEYWORDS, prefix, 5))
    out.push({ label: k, insert: `${k} `, kind: 'keyword' });
  return out;
}

export const labelNameCompletions = (
  prefix: string,
  names: readonly string[],
  inBraces: boolean,
): Completion[] =>
  rank(names, prefix).map((n) => ({ label: n, insert: inBraces ? `${n}=` : n, kind: 'label' }));

export const labelValueCompletions = (prefix: string, values: readonly string[]): Completion[] =>
  rank(values, prefix).map((v) => ({ label: v, insert: quoteValue(v), kind: 'value' }));

/** The text after accepting `c` at `ctx`, and where the caret goes. */
export function applyCompletion(
  text: string,
  caret: number,
  start: number,
  c: Completion,
): { text: string; caret: number } {
  let end = caret;
  // An editor-closed quote right after the caret belongs to the value being replaced.
  if (c.kind === 'value' && text[end] === '"') end++;
  else if (c.kind !== 'value') end += /^[a-zA-Z0-9_:]*/.exec(text.slice(caret))?.[0].length ?? 0;
  const next = text.slice(0, start) + c.insert + text.slice(end);
  return { text: next, caret: start + c.insert.length };
}

/**
 * Adds (or replaces) `label="value"` in the first selector of `metric` in the query; a query
 * without that metric becomes the selector alone.
 */
export function addMatcher(query: string, metric: string, label: string, value: string): string {
  const matcher = `${label}=${quoteValue(value)}`;
  const name = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const braced = new RegExp(`(^|[^a-zA-Z0-9_:])${name}\\{([^}]*)\\}`).exec(query);
  if (braced) {
    const inner = (braced[2] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m && !new RegExp(`^${label}\\s*(=|!=|=~|!~)`).test(m));
    const at = braced.index + (braced[1] ?? '').length;
    return `${query.slice(0, at)}${metric}{${[...inner, matcher].join(', ')}}${query.slice(at + braced[0].length - (braced[1] ?? '').length)}`;
  }
  const bare = new RegExp(`(^|[^a-zA-Z0-9_:])${name}(?![a-zA-Z0-9_:({])`).exec(query);
  if (bare) {
    const at = bare.index + (bare[1] ?? '').length;
    return `${query.slice(0, at)}${metric}{${matcher}}${query.slice(at + metric.length)}`;
  }
  return `${metric}{${matcher}}`;
}

/** A useful first query for a metric of a type: rates for counters, p95 for histogram buckets. */
export function starterQuery(name: string, type: string | undefined): string {
  const histogram = type === 'histogram' || type === 'gaugehistogram';
  if (histogram && name.endsWith('_bucket'))
    return `histogram_quantile(0.95, sum by (le) (rate(${name}[5m])))`;
  if (type === 'counter' || (histogram && /_(sum|count)$/.test(name)) || name.endsWith('_total'))
    return `rate(${name}[5m])`;
  return name;
}
