/**
 * A small JSONPath subset for assertions: `$.a.b`, `$.items[0].name`, `$['key with space']`.
 * Returns undefined when the path does not resolve (or is not valid).
 */
export function evaluateJsonPath(doc: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const tokens: Array<string | number> = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) tokens.push(m[1]);
    else if (m[2] !== undefined) tokens.push(Number(m[2]));
    else tokens.push(m[3] ?? m[4] ?? '');
  }
  let cur: unknown = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof t === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[t];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
      cur = (cur as Record<string, unknown>)[t];
    }
  }
  return cur;
}

/** Whether a status code is accepted by a list of codes and ranges ("200", "200-299"). */
export function statusAccepted(code: number, expected: string[] | undefined): boolean {
  const list = expected && expected.length > 0 ? expected : ['200-399'];
  return list.some((e) => {
    const [lo, hi] = e.split('-').map((x) => Number(x.trim()));
    if (lo === undefined || Number.isNaN(lo)) return false;
    return hi === undefined ? code === lo : code >= lo && code <= (Number.isNaN(hi) ? lo : hi);
  });
}
