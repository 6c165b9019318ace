/** One changed leaf between two JSON documents, addressed by a dotted path. */
export interface DiffRow {
  path: string;
  kind: 'added' | 'removed' | 'changed' | 'same';
  before?: unknown;
  after?: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flattens objects to dotted paths; arrays and scalars are leaves (compared as JSON). */
export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()) {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix || value !== null) {
    out.set(prefix || '(value)', value);
  }
  return out;
}

/**
 * The before/after difference of an audited change, one row per leaf path, sorted by path;
 * unchanged leaves are included (kind `same`) so the viewer can show them dimmed.
 */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path): DiffRow => {
    const inA = a.has(path);
    const inB = b.has(path);
    if (!inA) return { path, kind: 'added', after: b.get(path) };
    if (!inB) return { path, kind: 'removed', before: a.get(path) };
    const x = a.get(path);
    const y = b.get(path);
    return {
      path,
      kind: JSON.stringify(x) === JSON.stringify(y) ? 'same' : 'changed',
      before: x,
      after: y,
    };
  });
}

export function showJson(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
