import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseEnvelope } from './envelope.ts';
import { findSentryKey, fromSentryKey, parseSentryAuthHeader, toDsnKey } from './sentry-auth.ts';

const b = (s: string | Buffer[]) => (typeof s === 'string' ? Buffer.from(s) : Buffer.concat(s));

describe('parseEnvelope', () => {
  it('reads items with and without length, binary-safe', () => {
    const bin = Buffer.from([0x00, 0x0a, 0xff, 0x0a, 0x41]);
    const env = parseEnvelope(
      b([
        Buffer.from('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n'),
        Buffer.from(`{"type":"attachment","length":${bin.length},"filename":"x.bin"}\n`),
        bin,
        Buffer.from('\n{"type":"event"}\n{"message":"hi"}\n'),
        Buffer.from('{"type":"event","length":18}\n{"message":"ab\\n"}'),
      ]),
    );
    expect(env.header.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(env.items.map((i) => i.type)).toEqual(['attachment', 'event', 'event']);
    expect(env.items[0]!.payload.equals(bin)).toBe(true);
    expect(env.items[1]!.payload.toString()).toBe('{"message":"hi"}');
    expect(env.items[2]!.payload.toString()).toBe('{"message":"ab\\n"}');
  });

  it('accepts an empty header, CRLF lines, blank lines, a trailing newline and no items', () => {
    expect(parseEnvelope(b('{}')).items).toEqual([]);
    const env = parseEnvelope(b('{}\r\n\r\n{"type":"event"}\r\n{"a":1}\r\n\n'));
    expect(env.items).toHaveLength(1);
    expect(env.items[0]!.payload.toString()).toBe('{"a":1}');
  });

  it('accepts a last item without payload or newline', () => {
    const env = parseEnvelope(b('{}\n{"type":"client_report"}'));
    expect(env.items[0]!.payload.length).toBe(0);
  });

  it.each([
    ['', /empty/],
    ['{not json\n{"type":"event"}\n{}', /envelope header is not valid JSON/],
    ['[1,2]\n', /not a JSON object/],
    ['{}\n{"type":"event"\n{}', /item 1 header is not valid JSON/],
    ['{}\n{"length":2}\n{}', /no type/],
    ['{}\n{"type":"event","length":500}\n{}', /declares 500 bytes/],
    ['{}\n{"type":"event","length":-1}\n{}', /invalid length/],
    ['{}\n{"type":"event","length":"2"}\n{}', /invalid length/],
    ['{}\n{"type":"event","length":1}\n{}', /not followed by a newline/],
  ])('rejects %j', (text, re) => {
    expect(() => parseEnvelope(b(text))).toThrow(EnvelopeError);
    expect(() => parseEnvelope(b(text))).toThrow(re);
  });

  it('bounds the number of items and the header size', () => {
    const many = '{}\n' + '{"type":"x"}\n{}\n'.repeat(5);
    expect(() => parseEnvelope(b(many), { maxItems: 4, maxHeaderBytes: 1000 })).toThrow(
      /more than 4/,
    );
    const bigHeader = `{"pad":"${'x'.repeat(2000)}"}\n`;
    expect(() => parseEnvelope(b(bigHeader), { maxItems: 4, maxHeaderBytes: 1000 })).toThrow(
      /longer/,
    );
  });
});

describe('Sentry keys', () => {
  // A canonical key with both - and _ in its secret.
  let secret = '';
  while (!secret.includes('-') || !secret.includes('_'))
    secret = randomBytes(32).toString('base64url');
  const key = `phk_0123456789ab_${secret}`;

  it('round-trips a key through its DSN form, which the SDK DSN regex accepts', () => {
    const dsnKey = toDsnKey(key);
    expect(dsnKey).toMatch(/^\w+$/);
    expect(dsnKey).toMatch(/^phk_0123456789ab_[0-9a-f]{64}$/);
    expect(fromSentryKey(dsnKey)).toBe(key);
    expect(fromSentryKey(key)).toBe(key);
    const DSN_REGEX =
      /^(?:(\w+):)\/\/(?:(\w+)(?::(\w+)?)?@)((?:\[[:.%\w]+\]|[\w.-]+))(?::(\d+))?\/(.+)/;
    expect(DSN_REGEX.exec(`http://${dsnKey}@127.0.0.1:9000/1`)?.[2]).toBe(dsnKey);
    expect(DSN_REGEX.exec(`http://${key}@127.0.0.1:9000/1`)).toBeNull();
  });

  it('parses X-Sentry-Auth', () => {
    expect(
      parseSentryAuthHeader('Sentry sentry_key=abc, sentry_version=7,sentry_client=x/1'),
    ).toEqual({
      sentry_key: 'abc',
      sentry_version: '7',
      sentry_client: 'x/1',
    });
  });

  it('finds the key in every place a client puts it', () => {
    const none = { query: {}, headers: {} };
    expect(findSentryKey(none)).toBeNull();
    expect(findSentryKey({ ...none, query: { sentry_key: 'q' } })).toBe('q');
    expect(
      findSentryKey({
        ...none,
        headers: { 'x-sentry-auth': 'Sentry sentry_key=h, sentry_version=7' },
      }),
    ).toBe('h');
    expect(findSentryKey({ ...none, headers: { authorization: 'Sentry sentry_key=a' } })).toBe('a');
    expect(
      findSentryKey({ ...none, headers: { authorization: 'DSN https://d@h.example/1' } }),
    ).toBe('d');
    expect(findSentryKey({ ...none, headers: { authorization: `Bearer ${key}` } })).toBe(key);
    expect(
      findSentryKey({ ...none, envelopeHeader: { dsn: `http://${toDsnKey(key)}@h:1/2` } }),
    ).toBe(key);
    expect(findSentryKey({ ...none, envelopeHeader: { dsn: 'not a url' } })).toBeNull();
  });
});
