/**
 * Scrubbing looks for card numbers in every string, and a hex id can hold a Luhn-valid run of
 * 13-19 digits (about 1 event id in 300): it would become `[Filtered]`, and the event lose its
 * identity (deduplication) or its trace. Members named here that hold a hex id are therefore
 * kept as they are (ScrubExtras.idKeys).
 */
export const ID_KEYS: ReadonlySet<string> = new Set([
  'event_id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'segment_id',
  'sid',
  'replay_id',
  'profile_id',
]);
export const HEX_ID =
  /^(?:[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
