import { AppError } from '../../platform/errors.ts';
import {
  DEFAULT_SCRUB_POLICY,
  decodeBody,
  scrubSensitive,
  type IngestContext,
  type IngestPipeline,
  type ScrubExtras,
  type ScrubPolicy,
} from '../ingest/index.ts';
import { EnvelopeError, parseEnvelope, type Envelope } from './envelope.ts';
import {
  MAX_EVENT_BYTES,
  processEnvelope,
  submitItems,
  type ProcessedEnvelope,
} from './process-envelope.ts';
import { HEX_ID, ID_KEYS } from './keep-ids.ts';
import { NO_URLS, scrubUrlText } from './scrub-urls.ts';

/**
 * Sentry ingestion use case: a decoded body (envelope or legacy store event) is parsed,
 * scrubbed, normalized and submitted to the ingest pipeline; resolves once durable.
 */

function asAppError(err: unknown): unknown {
  if (err instanceof EnvelopeError) return new AppError(err.code, err.message);
  return err;
}

/** Form posts (`application/x-www-form-urlencoded`) of a JSON body arrive percent-encoded. */
export function unwrapFormBody(body: Buffer, contentType: string): Buffer {
  if (!/x-www-form-urlencoded/i.test(contentType)) return body;
  const head = body.subarray(0, 3).toString('latin1').toLowerCase();
  if (head !== '%7b') return body;
  try {
    return Buffer.from(decodeURIComponent(body.toString('latin1').replace(/\+/g, ' ')), 'utf8');
  } catch {
    throw new AppError('VALIDATION', 'The form-encoded body is not valid percent-encoding.');
  }
}

/** The envelope header alone (to find a `dsn` before authenticating); null if unreadable. */
export function peekEnvelopeHeader(body: Buffer): Record<string, unknown> | null {
  const end = body.indexOf(0x0a);
  const first = body.subarray(0, end < 0 ? Math.min(body.length, 65_536) : Math.min(end, 65_536));
  try {
    const v: unknown = JSON.parse(first.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function parseSentryEnvelope(body: Buffer): Envelope {
  try {
    return parseEnvelope(body);
  } catch (err) {
    throw asAppError(err);
  }
}

/**
 * A legacy `/store/` body as a one-item envelope: JSON, or (old raven clients) base64 of zlib
 * deflated JSON.
 */
export async function storeBodyAsEnvelope(body: Buffer): Promise<Envelope> {
  let json = body;
  const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first !== undefined && first !== 0x7b) {
    const text = body.toString('latin1').trim();
    if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) {
      throw new AppError('VALIDATION', 'The event is neither JSON nor base64-encoded deflate.');
    }
    json = await decodeBody(Buffer.from(text, 'base64'), 'deflate', MAX_EVENT_BYTES);
  }
  let type = 'event';
  try {
    const v = JSON.parse(json.toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    if ((v as Record<string, unknown>).type === 'transaction') type = 'transaction';
  } catch {
    throw new AppError('VALIDATION', 'The event is not a JSON object.');
  }
  return { header: {}, items: [{ type, header: { type }, payload: json }] };
}

/**
 * The pipeline's scrubbing (sensitive keys, card numbers), plus sensitive query parameters in
 * URLs, without touching hex ids (see keep-ids.ts), in one walk of the event.
 */
export function sentryScrubber(policy: ScrubPolicy) {
  let scrub = scrubbers.get(policy);
  if (!scrub) {
    const extras: ScrubExtras = {
      idKeys: ID_KEYS,
      idPattern: HEX_ID,
      text: (s) => scrubUrlText(s, policy.keyPattern),
      textSkip: NO_URLS,
    };
    scrub = (v) => scrubSensitive(v, policy, extras);
    scrubbers.set(policy, scrub);
  }
  return scrub;
}

// One scrubber per policy object (organizations' policies are cached objects), not two new
// closures per request.
const scrubbers = new WeakMap<
  ScrubPolicy,
  (v: Record<string, unknown>) => Record<string, unknown>
>();

export interface IngestSentryResult {
  id: string | null;
  stored: { events: number; spans: number; sessions: number; outcomes: number };
}

/** Processes and submits an envelope; rejects with AppError (4xx) or the pipeline's errors. */
export async function ingestSentryEnvelope({
  ctx,
  pipeline,
  input,
}: {
  ctx: IngestContext;
  pipeline: IngestPipeline;
  input: { envelope: Envelope; clientIp: string | null; receivedAt?: Date };
}): Promise<IngestSentryResult> {
  const policy = ctx.scrub ?? DEFAULT_SCRUB_POLICY;
  const receivedAt = input.receivedAt ?? new Date();
  const oldest = new Date(receivedAt);
  oldest.setUTCHours(0, 0, 0, 0);
  oldest.setUTCDate(oldest.getUTCDate() - 1); // partitions exist from yesterday on
  let processed: ProcessedEnvelope | undefined;
  try {
    processed = processEnvelope(input.envelope, {
      orgId: ctx.orgId,
      projectId: ctx.projectId,
      clientIp: input.clientIp,
      receivedAt,
      oldestAccepted: oldest,
      scrub: sentryScrubber(policy),
    });
  } catch (err) {
    const e = asAppError(err);
    if (e instanceof AppError) pipeline.noteRejected(ctx, 1, e.message);
    throw e;
  }
  const items = submitItems(processed);
  const result: IngestSentryResult = {
    id: processed.eventId,
    stored: {
      events: processed.events.length,
      spans: processed.spans.length,
      sessions: processed.sessions.length + processed.aggregates.length,
      outcomes: processed.outcomes.length,
    },
  };
  // While the flush runs, only the packed rows stay alive, not the events' object trees.
  processed = undefined;
  if (items.length) await pipeline.submit(ctx, items);
  return result;
}
