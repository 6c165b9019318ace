import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../../test/client-captures.ts';
import { buildBulk } from './es-bulk-items.ts';
import { BulkRequestError, parseBulk } from './es-bulk-parse.ts';

const opts = { maxDocumentBytes: 1024 * 1024, maxItems: 10_000 };
const NOW = '2026-11-21T20:20:00.000000Z';

describe('Elasticsearch bulk parsing', () => {
  it('parses the rsyslog capture: legacy _type, blank line after every document', () => {
    const cap = loadCapture('rsyslog-8.2302-omelasticsearch-bulk.txt');
    expect(Buffer.byteLength(cap.bodies[0] as string)).toBe(cap.contentLength);
    const entries = parseBulk(cap.bodies[0] as string, opts);
    expect(entries).toHaveLength(3);
    const { records, items } = buildBulk(entries, NOW);
    expect(items.every((i) => i.index?.status === 201)).toBe(true);
    expect(records.map((r) => [r.level, r.service, r.host, r.category])).toEqual([
      ['error', 'checkout', 'vm', 'logs-rsyslog'],
      ['error', 'checkout', 'vm', 'logs-rsyslog'],
      ['info', 'web', 'vm', 'logs-rsyslog'],
    ]);
    expect(records[2]?.message).toBe('GET /health 200 "quoted" \\ backslash');
    expect(records[0]?.time).toBe('2026-11-21T20:15:45.791905Z');
    expect(records[0]?.attributes).toEqual({ facility: 'user' });
  });

  it('derives the same id for the repeated record of the retry-after-503 capture', () => {
    const cap = loadCapture('rsyslog-8.2302-omelasticsearch-bulk-retry-after-503.txt');
    const { records } = buildBulk(parseBulk(cap.bodies[0] as string, opts), NOW);
    expect(records).toHaveLength(2);
    expect(records[0]?.recordId).toBe(records[1]?.recordId);
  });

  it('maps syslog-ng elasticsearch-http upper-case macros', () => {
    const cap = loadCapture('syslog-ng-3.38-elasticsearch-http-bulk.txt');
    const { records } = buildBulk(parseBulk(cap.bodies[0] as string, opts), NOW);
    expect(records[0]).toMatchObject({
      service: 'web',
      level: 'info',
      message: 'GET /health 200',
      host: 'localhost',
      time: '2026-11-21T20:16:43.000000Z',
      category: 'logs-syslog-ng',
    });
    expect(records[0]?.attributes).toMatchObject({ facility: 'local0' });
    expect(records[0]?.attributes._SDATA).toBeDefined();
  });

  it('uses _id as the record id, the path index as default, and accepts CRLF and no final newline', () => {
    const body =
      '{"create":{"_id":"abc"}}\r\n{"message":"one","@timestamp":"2026-01-01T00:00:00Z"}\r\n' +
      '{"index":{"_index":"x","_id":7}}\n{"msg":"two"}';
    const entries = parseBulk(body, { ...opts, defaultIndex: 'path-idx' });
    expect(entries.map((e) => [e.op, e.index, e.id])).toEqual([
      ['create', 'path-idx', 'abc'],
      ['index', 'x', '7'],
    ]);
    const a = buildBulk(entries, NOW);
    const b = buildBulk(parseBulk(body, { ...opts, defaultIndex: 'path-idx' }), NOW);
    expect(a.records.map((r) => r.recordId)).toEqual(b.records.map((r) => r.recordId));
    expect(a.items[0]?.create?._id).toBe('abc');
  });

  it('answers delete, update and bad documents per item, the rest stored', () => {
    const body = [
      '{"delete":{"_index":"x","_id":"1"}}',
      '{"update":{"_index":"x","_id":"2"}}',
      '{"doc":{"a":1}}',
      '{"index":{"_index":"x"}}',
      '{not json',
      '{"index":{"_index":"x"}}',
      '[1,2]',
      '{"index":{"_index":"x"}}',
      '{"message":"ok"}',
      '',
    ].join('\n');
    const { records, items } = buildBulk(parseBulk(body, opts), NOW);
    expect(records.map((r) => r.message)).toEqual(['ok']);
    expect(items.map((i) => Object.values(i)[0]?.status)).toEqual([400, 400, 400, 400, 201]);
    expect(items[0]?.delete?.error?.reason).toContain('not supported');
    expect(items[2]?.index?.error?.type).toBe('mapper_parsing_exception');
  });

  it('fails a too large document as an item', () => {
    const body = `{"index":{}}\n{"message":"${'x'.repeat(2000)}"}\n`;
    const { items } = buildBulk(parseBulk(body, { ...opts, maxDocumentBytes: 1000 }), NOW);
    expect(items[0]?.index?.status).toBe(400);
  });

  it.each([
    ['an empty body', '\n\n'],
    ['a malformed action line', 'nope\n{"a":1}\n'],
    ['an unknown action', '{"upsert":{}}\n{"a":1}\n'],
    ['two actions in one line', '{"index":{},"create":{}}\n{"a":1}\n'],
    ['an action without its document', '{"index":{}}\n{"message":"a"}\n{"index":{}}\n'],
    ['a non-object action', '{"index":"x"}\n{"a":1}\n'],
  ])('rejects %s as a whole', (_what, body) => {
    expect(() => parseBulk(body, opts)).toThrow(BulkRequestError);
  });

  it('bounds the number of actions', () => {
    const body = '{"index":{}}\n{"a":1}\n'.repeat(3);
    expect(() => parseBulk(body, { ...opts, maxItems: 2 })).toThrow(/at most 2/);
  });
});
