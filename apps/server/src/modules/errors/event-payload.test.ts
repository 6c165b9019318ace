import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './envelope.ts';
import { PAYLOAD_FIELDS, eventPayload, packEventRow, payloadOf } from './event-payload.ts';
import { processEnvelope, submitItems } from './process-envelope.ts';
import { envelopeOf, exceptionEvent } from './testing.ts';

const opts = {
  orgId: '00000000-0000-4000-8000-000000000001',
  projectId: 1,
  clientIp: '203.0.113.9',
  receivedAt: new Date(),
  oldestAccepted: new Date(Date.now() - 86_400_000),
  scrub: (v: Record<string, unknown>) => v,
};

describe('event payload', () => {
  const e = exceptionEvent({ fn: 'payloadCase', user: 'u1' });
  e.extra = { text: 'nul \u0000 and a lone \ud800 surrogate' };
  const [row] = processEnvelope(parseEnvelope(Buffer.from(envelopeOf([e]))), opts).events;

  it('packs the large parts into one JSON text PostgreSQL accepts as jsonb', () => {
    const packed = packEventRow(row!);
    for (const f of PAYLOAD_FIELDS) expect(packed).not.toHaveProperty(f);
    expect(packed).toMatchObject({ event_id: row!.event_id, group_id: row!.group_id });
    const parts = JSON.parse(packed.payload) as Record<string, unknown>;
    expect(Object.keys(parts).sort()).toEqual([...PAYLOAD_FIELDS].sort());
    expect(parts.stack_trace).toBe(row!.stack_trace);
    expect(parts.exception).toEqual(row!.exception);
    expect(packed.payload).not.toContain('\\u0000');
    expect(packed.payload).not.toMatch(/\\ud800/i);
  });

  it('submits packed rows; rows spooled whole (older versions) give the same payload', () => {
    const [item] = submitItems(processEnvelope(parseEnvelope(Buffer.from(envelopeOf([e]))), opts));
    const submitted = item!.rows[0] as ReturnType<typeof packEventRow>;
    expect(submitted.payload).toBe(eventPayload(row!));
    const spooled = JSON.parse(JSON.stringify(row)) as typeof row & object;
    expect(payloadOf(spooled)).toBe(payloadOf(submitted));
  });
});
