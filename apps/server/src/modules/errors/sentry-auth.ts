/**
 * Where a Sentry client puts its key, and how a Pharos API key fits in a DSN.
 *
 * The DSN is `http(s)://<KEY>@host/<PROJECT_ID>`. Sentry SDKs parse it with
 * `/^(?:(\w+):)\/\/(?:(\w+)(?::(\w+)?)?@).../` (@sentry/core utils/dsn.ts): the public key must be
 * `\w+`, so a key whose base64url secret holds a `-` (about half of them) makes the SDK refuse
 * the DSN. The DSN form of a key therefore spells the 32-byte secret in hex:
 * `phk_<12 hex>_<64 hex>`, which maps one-to-one to the key text `phk_<12 hex>_<43 base64url>`.
 */
const KEY_RE = /^phk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const DSN_KEY_RE = /^phk_([0-9a-f]{12})_([0-9a-f]{64})$/;

/** The form of an API key to put in a DSN (only `\w` characters). */
export function toDsnKey(key: string): string {
  const m = KEY_RE.exec(key);
  if (!m) return key;
  return `phk_${m[1]}_${Buffer.from(m[2]!, 'base64url').toString('hex')}`;
}

/** The API key text behind a key from a Sentry client: the DSN form is converted back. */
export function fromSentryKey(text: string): string {
  const m = DSN_KEY_RE.exec(text);
  if (!m) return text;
  return `phk_${m[1]}_${Buffer.from(m[2]!, 'hex').toString('base64url')}`;
}

/** A DSN for a key, host base URL (`http://host:port`) and project. */
export function buildDsn(key: string, baseUrl: string, projectId: number): string {
  const u = new URL(baseUrl);
  return `${u.protocol}//${toDsnKey(key)}@${u.host}${u.pathname.replace(/\/$/, '')}/${projectId}`;
}

/** `Sentry sentry_key=abc, sentry_version=7` -> { sentry_key: 'abc', sentry_version: '7' }. */
export function parseSentryAuthHeader(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = value.replace(/^\s*sentry\s+/i, '');
  for (const part of body.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

function keyFromDsn(dsn: string): string | null {
  try {
    const u = new URL(dsn.trim());
    return u.username ? decodeURIComponent(u.username) : null;
  } catch {
    return null;
  }
}

export interface SentryKeySources {
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The envelope header, when the body is an envelope (its `dsn` field). */
  envelopeHeader?: Record<string, unknown> | null;
}

function header(h: SentryKeySources['headers'], name: string): string | null {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/**
 * The key a Sentry client sent, in Sentry's order: `X-Sentry-Auth`, `Authorization`
 * (`Sentry ...`, `DSN <dsn>` or `Bearer <key>`), the `sentry_key` query parameter, then the
 * envelope header's `dsn`. Null when none is present.
 */
export function findSentryKey(src: SentryKeySources): string | null {
  const xAuth = header(src.headers, 'x-sentry-auth');
  if (xAuth) {
    const k = parseSentryAuthHeader(xAuth).sentry_key;
    if (k) return fromSentryKey(k);
  }
  const auth = header(src.headers, 'authorization');
  if (auth) {
    const m = /^\s*(\w+)\s+(.*)$/s.exec(auth);
    const scheme = m?.[1]?.toLowerCase();
    const rest = m?.[2]?.trim() ?? '';
    if (scheme === 'sentry') {
      const k = parseSentryAuthHeader(rest).sentry_key;
      if (k) return fromSentryKey(k);
    } else if (scheme === 'dsn') {
      const k = keyFromDsn(rest);
      if (k) return fromSentryKey(k);
    } else if (scheme === 'bearer' && rest) {
      return fromSentryKey(rest);
    }
  }
  const q = src.query.sentry_key;
  const qk = Array.isArray(q) ? q[0] : q;
  if (typeof qk === 'string' && qk) return fromSentryKey(qk);
  const dsn = src.envelopeHeader?.dsn;
  if (typeof dsn === 'string') {
    const k = keyFromDsn(dsn);
    if (k) return fromSentryKey(k);
  }
  return null;
}
