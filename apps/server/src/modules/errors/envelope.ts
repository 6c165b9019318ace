import { isRecord } from './sentry-types.ts';

/**
 * The Sentry envelope format (https://develop.sentry.dev/sdk/data-model/envelopes/): a JSON
 * header line, then items, each a JSON header line and a payload. With `length` in the item
 * header the payload is exactly that many bytes (binary-safe: it may contain newlines) followed
 * by a newline or the end; without it the payload runs to the next newline. Pure; payloads are
 * views into the input buffer, not copies.
 */
export interface EnvelopeItem {
  type: string;
  header: Record<string, unknown>;
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

export class EnvelopeError extends Error {
  constructor(
    message: string,
    readonly code: 'VALIDATION' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION',
  ) {
    super(message);
  }
}

export interface EnvelopeLimits {
  maxItems: number;
  /** Longest header line (envelope or item) in bytes. */
  maxHeaderBytes: number;
}

export const DEFAULT_ENVELOPE_LIMITS: EnvelopeLimits = {
  maxItems: 1000,
  maxHeaderBytes: 64 * 1024,
};

const NL = 0x0a;
const CR = 0x0d;

function parseHeader(buf: Buffer, what: string, limits: EnvelopeLimits): Record<string, unknown> {
  if (buf.length > limits.maxHeaderBytes) {
    throw new EnvelopeError(`The ${what} header is longer than ${limits.maxHeaderBytes} bytes.`);
  }
  let text = buf.toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new EnvelopeError(`The ${what} header is not valid JSON.`);
  }
  if (!isRecord(v)) throw new EnvelopeError(`The ${what} header is not a JSON object.`);
  return v;
}

function lineEnd(buf: Buffer, from: number): number {
  const i = buf.indexOf(NL, from);
  return i < 0 ? buf.length : i;
}

export function parseEnvelope(
  input: Buffer,
  limits: EnvelopeLimits = DEFAULT_ENVELOPE_LIMITS,
): Envelope {
  let buf = input;
  // A UTF-8 byte order mark some proxies add.
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  if (buf.length === 0) throw new EnvelopeError('The envelope is empty.');
  const headerEnd = lineEnd(buf, 0);
  const header = parseHeader(buf.subarray(0, headerEnd), 'envelope', limits);
  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < buf.length) {
    // Tolerate blank lines between items (some proxies and hand-written clients add them).
    if (buf[pos] === NL) {
      pos += 1;
      continue;
    }
    if (buf[pos] === CR && buf[pos + 1] === NL) {
      pos += 2;
      continue;
    }
    if (items.length >= limits.maxItems) {
      throw new EnvelopeError(`The envelope has more than ${limits.maxItems} items.`);
    }
    const hEnd = lineEnd(buf, pos);
    const itemHeader = parseHeader(buf.subarray(pos, hEnd), `item ${items.length + 1}`, limits);
    const type = itemHeader.type;
    if (typeof type !== 'string' || type === '') {
      throw new EnvelopeError(`Item ${items.length + 1} has no type.`);
    }
    pos = hEnd + 1;
    const length = itemHeader.length;
    let payload: Buffer;
    if (length !== undefined && length !== null) {
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
        throw new EnvelopeError(`Item ${items.length + 1} has an invalid length.`);
      }
      const start = Math.min(pos, buf.length);
      if (start + length > buf.length) {
        throw new EnvelopeError(
          `Item ${items.length + 1} declares ${length} bytes but the envelope ends after ${buf.length - start}.`,
        );
      }
      payload = buf.subarray(start, start + length);
      pos = start + length;
      if (pos < buf.length) {
        if (buf[pos] === NL) pos += 1;
        else if (buf[pos] === CR && buf[pos + 1] === NL) pos += 2;
        else {
          throw new EnvelopeError(
            `Item ${items.length + 1} is not followed by a newline after its ${length} bytes.`,
          );
        }
      }
    } else {
      const end = lineEnd(buf, Math.min(pos, buf.length));
      payload = buf.subarray(Math.min(pos, buf.length), end);
      if (payload[payload.length - 1] === CR) payload = payload.subarray(0, -1);
      pos = end + 1;
    }
    items.push({ type, header: itemHeader, payload });
  }
  return { header, items };
}

/** Parses an item payload as a JSON object; null when it is not one. */
export function itemJson(item: EnvelopeItem): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(item.payload.toString('utf8'));
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}
