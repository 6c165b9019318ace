/** Where a Sentry client puts its key; the DSN form of keys lives in lib/dsn.ts. */
import { buildDsn, fromSentryKey, toDsnKey } from '../../lib/dsn.ts';

export { buildDsn, fromSentryKey, toDsnKey };

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
  /** Or a function that reads it: most requests carry the key elsewhere and never need it. */
  envelopeHeader?: Record<string, unknown> | null | (() => Record<string, unknown> | null);
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
  const envelopeHeader =
    typeof src.envelopeHeader === 'function' ? src.envelopeHeader() : src.envelopeHeader;
  const dsn = envelopeHeader?.dsn;
  if (typeof dsn === 'string') {
    const k = keyFromDsn(dsn);
    if (k) return fromSentryKey(k);
  }
  return null;
}
