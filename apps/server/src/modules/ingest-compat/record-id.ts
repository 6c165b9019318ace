import { createHash } from 'node:crypto';

// Fixed namespace for record ids derived by the compatibility adapters (a random v4, never change).
const NAMESPACE = Buffer.from('8c1f4e3a5b7d4c2e9f1a0b6c3d5e7f90', 'hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 9562 UUIDv5 of `name` in the adapters' namespace. */
export function uuidV5(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The record id for a client-given id (Elasticsearch `_id`): a UUID as it is, any other text
 * mapped deterministically, so a retried batch carries the same ids.
 */
export function idFromClientId(source: string, clientId: string): string {
  return UUID.test(clientId)
    ? clientId.toLowerCase()
    : uuidV5(`${source}\u0000id\u0000${clientId}`);
}

/** The record id of a record without a client id: source + time + content. */
export function idFromContent(source: string, timeIso: string, content: string): string {
  return uuidV5(`${source}\u0000${timeIso}\u0000${content}`);
}
