import { createHash } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

function parseUuid(u: string): Buffer {
  return Buffer.from(u.replace(/-/g, ''), 'hex');
}

function format(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** RFC 9562 UUIDv5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string | Buffer, namespace: string): string {
  const hash = createHash('sha1').update(parseUuid(namespace)).update(name).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return format(b);
}

// Namespace of record ids Pharos derives (a fixed random UUID).
const PHAROS_NS = '6f1c2a52-3f0e-4c1b-9a57-8e4f5d2b7c10';

/**
 * The id of a record that carries none: UUIDv5 of the source and the parts that identify it
 * (time and content). A retried batch gets the same ids, so the writer stores it once.
 */
export function deterministicUuid(source: string, ...parts: string[]): string {
  return uuidV5(`${source}\u0000${parts.join('\u0000')}`, PHAROS_NS);
}
