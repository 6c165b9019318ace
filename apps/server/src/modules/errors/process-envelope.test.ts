import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRUB_POLICY } from '../ingest/index.ts';
import { parseEnvelope } from './envelope.ts';
import { sentryScrubber } from './ingest-sentry.ts';
import { processEnvelope } from './process-envelope.ts';
import { envelopeOf, exceptionEvent, readCapture } from './testing.ts';

const opts = {
  orgId: '00000000-0000-4000-8000-000000000001',
  projectId: 1,
  clientIp: '203.0.113.9',
  receivedAt: new Date(),
  oldestAccepted: new Date(Date.now() - 86_400_000),
  scrub: sentryScrubber(DEFAULT_SCRUB_POLICY),
};

describe('processEnvelope', () => {
  it('keeps hex ids that hold a Luhn-valid digit run, while scrubbing cards elsewhere', () => {
    // 4111111111111111 passes the Luhn check.
    const id = '4111111111111111abcdefabcdefabcd';
    const e = exceptionEvent({ eventId: id });
    (e.contexts as { trace: Record<string, string> }).trace = {
      trace_id: '5555555555554444aaaaaaaaaaaaaaaa',
      span_id: '4111111111111111',
    };
    e.extra = { card: '4111111111111111', nested: { event_id: 'not-an-id 4111111111111111' } };
    const out = processEnvelope(
      parseEnvelope(Buffer.from(envelopeOf([e, exceptionEvent({})]))),
      opts,
    );
    const [row] = out.events;
    expect(row!.event_id).toBe('41111111-1111-1111-abcd-efabcdefabcd');
    expect(row!.trace_id).toBe('5555555555554444aaaaaaaaaaaaaaaa');
    expect(row!.span_id).toBe('4111111111111111');
    expect(row!.context).toMatchObject({
      extra: { card: '[Filtered]', nested: { event_id: 'not-an-id [Filtered]' } },
    });
    expect(out.events[1]!.event_id).not.toBe(row!.event_id);
  });

  it('an event without an id takes the header id only when it is the first event', () => {
    const a = exceptionEvent({});
    const b = exceptionEvent({});
    delete a.event_id;
    delete b.event_id;
    const out = processEnvelope(
      parseEnvelope(
        Buffer.from(envelopeOf([a, b], { event_id: '0123456789abcdef0123456789abcdef' })),
      ),
      opts,
    );
    expect(out.eventId).toBe('0123456789abcdef0123456789abcdef');
    expect(out.events[0]!.event_id).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(out.events[1]!.event_id).not.toBe(out.events[0]!.event_id);
  });

  it('maps the capture: {{auto}} IP, culprit frame, scrubbed extra and breadcrumb URL', () => {
    const c = readCapture('sentry-node-11-exception-envelope.txt');
    const out = processEnvelope(parseEnvelope(Buffer.from(c.body)), opts);
    const row = out.events[0]!;
    expect(row).toMatchObject({
      ip_address: '203.0.113.9',
      function_name: 'main',
      line_number: 27,
      file_path: '/srv/app/sentry-client.cjs',
      service: 'demo',
      severity: 'error',
      user_id: 'u-42',
    });
    expect(JSON.stringify(row)).not.toContain('4111 1111 1111 1111');
    expect(JSON.stringify(row.breadcrumbs)).toContain('password=[Filtered]');
    expect(row.grouping.kind).toBe('stacktrace');
  });
});
