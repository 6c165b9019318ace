// Loki stream selectors as the protobuf push sends them: `{app="demo", env="test"}` with Go
// string escapes in the values.

export class LabelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelsError';
  }
}

const NAME = /[a-zA-Z_][a-zA-Z0-9_.]*/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** Parses a label set; throws LabelsError when it is not one. */
export function parseLabels(text: string): Record<string, string> {
  const s = text.trim();
  const out: Record<string, string> = {};
  if (!s.startsWith('{') || !s.endsWith('}'))
    throw new LabelsError('labels must be {name="value", ...}');
  let i = 1;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  };
  skipSpace();
  while (i < s.length - 1) {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) throw new LabelsError(`expected a label name at offset ${i}`);
    i += m[0].length;
    skipSpace();
    if (s[i] !== '=') throw new LabelsError(`expected = after label ${m[0]}`);
    i++;
    skipSpace();
    if (s[i] !== '"') throw new LabelsError(`expected a quoted value for label ${m[0]}`);
    i++;
    let value = '';
    for (;;) {
      if (i >= s.length - 1) throw new LabelsError(`unterminated value for label ${m[0]}`);
      const c = s[i] as string;
      if (c === '"') break;
      if (c === '\\') {
        const e = s[i + 1] as string;
        value += ESCAPES[e] ?? e;
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    out[m[0]] = value;
    skipSpace();
    if (s[i] === ',') {
      i++;
      skipSpace();
    } else if (i !== s.length - 1) throw new LabelsError(`expected , or } at offset ${i}`);
  }
  return out;
}

/** A canonical text of a label set (sorted), part of derived record ids. */
export function canonicalLabels(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
