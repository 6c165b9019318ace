// Number formatting and parsing as Prometheus (Go's strconv) does it.

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  return undefined;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatFloat(v: number): string {
  const sp = special(v);
  if (sp !== undefined) return sp;
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = mant.replace('.', '');
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = '0.' + '0'.repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return (neg ? '-' : '') + out;
}

/**
 * A vector or matrix point's value as Prometheus 2.42's API writes it (marshalPointJSON): 'f'
 * form, but Go's 'e' form (two-digit exponent at least) below 1e-6 and from 1e21. Scalars use
 * formatFloat (measured against Prometheus: scalar 1.5e-7 is "0.00000015", a sample "1.5e-07").
 */
export function formatSampleValue(v: number): string {
  const abs = Math.abs(v);
  // Fast path: JavaScript writes no exponent in this range either.
  if (abs >= 1e-6 && abs < 1e21) return String(v);
  const sp = special(v);
  if (sp !== undefined) return sp;
  if (abs === 0) return '0';
  return v
    .toExponential()
    .replace(/e([+-])(\d)$/, (_m, sign: string, d: string) => `e${sign}0${d}`);
}

/** Go's strconv.ParseFloat(s, 64) for the forms label values carry (`le`); NaN when invalid. */
export function parseGoFloat(s: string): number | undefined {
  const t = s.toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.startsWith('-') || t.startsWith('+') ? t.slice(1) : t;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  if (/^0x[0-9a-f_]*(\.[0-9a-f]*)?(p[+-]?\d+)?$/.test(body)) {
    const m = /^0x([0-9a-f_]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(body)!;
    const mant = parseInt((m[1] ?? '').replace(/_/g, '') || '0', 16);
    const frac = m[2] ? parseInt(m[2], 16) / 16 ** m[2].length : 0;
    return sign * (mant + frac) * 2 ** Number(m[3] ?? 0);
  }
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) return undefined;
  return sign * Number(body);
}

/** A PromQL number literal: a float as above, or an integer in Go's base-prefixed forms. */
export function parseNumberLiteral(text: string): number | undefined {
  const s = text.replace(/\s+/g, '');
  const f = parseGoFloat(s);
  if (f !== undefined) return f;
  const m = /^([+-]?)0([0-7]+)$/.exec(s);
  if (m) return (m[1] === '-' ? -1 : 1) * parseInt(m[2]!, 8);
  return undefined;
}

const UNITS: Record<string, number> = {
  y: 365 * 86400000,
  w: 7 * 86400000,
  d: 86400000,
  h: 3600000,
  m: 60000,
  s: 1000,
  ms: 1,
};

/** Prometheus' model.ParseDuration: units in descending order, each at most once; ms. */
export function parseDuration(text: string): number | undefined {
  const m = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  const order = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let total = 0;
  order.forEach((u, i) => {
    const n = m[2 + 2 * i];
    if (n !== undefined) total += Number(n) * UNITS[u]!;
  });
  return total;
}

/** Go's strconv.Unquote for PromQL string literals ("...", '...', `...`). */
export function unquoteString(lit: string): string {
  const q = lit[0];
  const body = lit.slice(1, -1);
  if (q === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
    };
    if (n !== undefined && n in simple) {
      out += simple[n];
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len)
        throw new Error(`invalid escape \\${n}`);
      out +=
        n === 'x'
          ? String.fromCharCode(parseInt(hex, 16))
          : String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (n !== undefined && /[0-7]/.test(n)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid octal escape');
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else {
      throw new Error(`unknown escape sequence \\${n ?? ''}`);
    }
  }
  return out;
}
