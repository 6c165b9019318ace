import { isRecord } from './sentry-types.ts';

/**
 * Scrubbing looks for card numbers in every string, and a hex id can hold a Luhn-valid run of
 * 13-19 digits (about 1 event id in 300): it would become `[Filtered]`, and the event lose its
 * identity (deduplication) or its trace. This puts id members back from the raw payload. Only
 * subtrees the scrubber changed are visited (it returns unchanged objects as they were).
 */
const ID_KEYS = new Set([
  'event_id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'segment_id',
  'sid',
  'replay_id',
  'profile_id',
]);
const HEX_ID =
  /^(?:[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function restoreIds<T>(raw: T, scrubbed: T, depth = 0): T {
  if (raw === scrubbed || depth > 32 || typeof raw !== 'object' || raw === null) return scrubbed;
  if (Array.isArray(raw) && Array.isArray(scrubbed)) {
    scrubbed.forEach((v, i) => {
      scrubbed[i] = restoreIds(raw[i], v, depth + 1);
    });
    return scrubbed;
  }
  if (!isRecord(raw) || !isRecord(scrubbed)) return scrubbed;
  const out: Record<string, unknown> = scrubbed;
  for (const [k, v] of Object.entries(out)) {
    const r = raw[k];
    if (r === v) continue;
    if (ID_KEYS.has(k) && typeof r === 'string' && HEX_ID.test(r)) out[k] = r;
    else if (typeof v === 'object' && v !== null) out[k] = restoreIds(r, v, depth + 1);
  }
  return scrubbed;
}
