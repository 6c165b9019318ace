import { FILTERED } from '../ingest/index.ts';

/**
 * Query parameters with sensitive names inside URLs (`/api/items?password=hunter2` in a
 * breadcrumb), which key-based scrubbing cannot see. Pure; returns the same value when nothing
 * changed.
 */
const PARAM_RE = /([?&;])([^=&#\s"'<>]{1,100})=([^&#\s"'<>]*)/g;

export function scrubUrlText(text: string, keyPattern: RegExp): string {
  if (!text.includes('=')) return text;
  return text.replace(PARAM_RE, (m, sep: string, key: string, value: string) => {
    let name = key;
    try {
      name = decodeURIComponent(key);
    } catch {
      // keep the raw name
    }
    return value && keyPattern.test(name) ? `${sep}${key}=${FILTERED}` : m;
  });
}

export function scrubUrls<T>(value: T, keyPattern: RegExp, depth = 0): T {
  if (typeof value === 'string') return scrubUrlText(value, keyPattern) as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((v, i) => {
      const n = scrubUrls(v, keyPattern, depth + 1);
      if (n !== v) (out ??= value.slice())[i] = n;
    });
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const n = scrubUrls(v, keyPattern, depth + 1);
    if (n !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = n;
  }
  return (out ?? value) as T;
}

// Top-level members of an event that hold no URLs worth scrubbing but most of its bytes.
const NO_URLS = new Set([
  'exception',
  'threads',
  'stacktrace',
  'contexts',
  'modules',
  'sdk',
  'debug_meta',
]);

/** scrubUrls on the members of a payload object that may carry URLs (request, breadcrumbs, ...). */
export function scrubPayloadUrls<T extends Record<string, unknown>>(
  payload: T,
  keyPattern: RegExp,
): T {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(payload)) {
    if (NO_URLS.has(k) || v === null || typeof v === 'number' || typeof v === 'boolean') continue;
    const n = scrubUrls(v, keyPattern);
    if (n !== v) (out ??= { ...payload })[k] = n;
  }
  return (out ?? payload) as T;
}
