import { FILTERED } from '../ingest/index.ts';

/**
 * Query parameters with sensitive names inside URLs (`/api/items?password=hunter2` in a
 * breadcrumb), which key-based scrubbing cannot see. Pure; returns the same string when nothing
 * changed. Applied by the event scrubber (ingest-sentry.ts) outside NO_URLS.
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

// Top-level members of an event that hold no URLs worth scrubbing but most of its bytes.
export const NO_URLS: ReadonlySet<string> = new Set([
  'exception',
  'threads',
  'stacktrace',
  'contexts',
  'modules',
  'sdk',
  'debug_meta',
]);
