import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../test/identity.ts';
import { pathToFileURL } from 'node:url';
import { CAPTURES_DIR } from '../../../test/client-captures.ts';

let t: TestApp;
let key: string;
let otherKey: string;

const CAPTURES = pathToFileURL(CAPTURES_DIR + '/');
const WriteRequest = protobuf
  .loadSync(fileURLToPath(new URL('remote.proto', import.meta.url)))
  .lookupType('prometheus.WriteRequest');

type Node = Map<number, (Node | string | number | bigint)[]>;

/**
 * The capture's protobuf dump ("field {" / "field: value" lines) as a tree; a message cut off
 * by the capture's truncation is dropped.
 */
function parseDump(text: string): Node {
  const lines = text.slice(text.indexOf('\n\n') + 2).split('\n');
  const root: Node = new Map();
  const stack: [number, Node][] = [[0, root]];
  const add = (n: Node, f: number, v: Node | string | number | bigint) =>
    n.set(f, [...(n.get(f) ?? []), v]);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.includes('(truncated)')) break;
    let m = /^(\d+) \{$/.exec(line);
    if (m) {
      stack.push([Number(m[1]), new Map()]);
      continue;
    }
    if (line === '}') {
      const [f, n] = stack.pop()!;
      add(stack[stack.length - 1]![1], f, n);
      continue;
    }
    m = /^(\d+): (.*)$/.exec(line);
    if (!m) throw new Error(`unparsed line ${line}`);
    const v = m[2]!;
    const fixed = /^fixed64 (\d+)/.exec(v);
    add(
      stack[stack.length - 1]![1],
      Number(m[1]),
      v.startsWith('"') ? (JSON.parse(v) as string) : fixed ? BigInt(fixed[1]!) : Number(v),
    );
  }
  return root;
}

const bitsToDouble = (b: bigint) => new Float64Array(new BigUint64Array([b]).buffer)[0]!;
const str = (n: Node, f: number) => (n.get(f)?.[0] as string | undefined) ?? '';

/** The capture's WriteRequest as protobufjs objects, timestamps moved to `now` (partitions). */
function captureRequest(name: string) {
  const root = parseDump(readFileSync(new URL(name, CAPTURES), 'utf8'));
  const series = ((root.get(1) ?? []) as Node[]).map((ts) => ({
    labels: ((ts.get(1) ?? []) as Node[]).map((l) => ({ name: str(l, 1), value: str(l, 2) })),
    samples: ((ts.get(2) ?? []) as Node[]).map((s) => ({
      value: s.has(1) ? bitsToDouble(s.get(1)![0] as bigint) : 0,
      timestamp: Number(s.get(2)![0]),
    })),
  }));
  const max = Math.max(...series.flatMap((s) => s.samples.map((x) => x.timestamp)));
  const shift = Date.now() - 60_000 - max;
  for (const s of series) for (const x of s.samples) x.timestamp += shift;
  const metadata = ((root.get(3) ?? []) as Node[]).map((m) => ({
    type: (m.get(1)?.[0] as number | undefined) ?? 0,
    metricFamilyName: str(m, 2),
    help: str(m, 4),
  }));
  return { timeseries: series, metadata };
}

function encode(req: object): Buffer {
  const pb = WriteRequest.encode(WriteRequest.fromObject(req)).finish();
  return Buffer.from(snappy.compress(pb));
}

const HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
  'user-agent': 'Prometheus/2.42.0+ds',
};

async function write(payload: Buffer, auth: string | null, extra: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/write',
    headers: { ...HEADERS, ...(auth ? { authorization: auth } : {}), ...extra },
    payload,
  });
}
const basic = (k: string) => `Basic ${Buffer.from(`rw-user:${k}`).toString('base64')}`;

async function samples(orgId: string | null, name: string) {
  const r = await t.db.handle.pool.query<{ labels: Record<string, string>; value: number }>(
    `SELECT s.labels, m.value, s.org_id, s.type FROM metric_samples m
       JOIN metric_series s ON s.id = m.series_id
      WHERE s.name = $1 AND ($2::uuid IS NULL OR s.org_id = $2) ORDER BY s.labels::text, m.time`,
    [name, orgId],
  );
  return r.rows;
}

beforeAll(async () => {
  t = await createIdentityTestApp();
  key = await createKey(t, { scopes: ['ingest'] });
  otherKey = await createKey(t, { scopes: ['ingest'], orgId: await seedOrg(t.db.handle.db, 'o2') });
});
afterAll(async () => t?.close());

describe('Prometheus remote write 1.0', () => {
  const samplesReq = () => captureRequest('prometheus-2.42-remote-write-samples.txt');

  it('stores the captured samples once, even when Prometheus re-sends them', async () => {
    const req = samplesReq();
    const n = req.timeseries.reduce((a, s) => a + s.samples.length, 0);
    expect(n).toBeGreaterThan(5);
    const body = encode(req);
    const first = await write(body, basic(key));
    expect(first.statusCode, first.body).toBe(204);
    const again = await write(body, `Bearer ${key}`);
    expect(again.statusCode, again.body).toBe(204);
    const cpu = await samples(null, 'node_cpu_seconds_total');
    const expected = req.timeseries.filter((s) =>
      s.labels.some((l) => l.name === '__name__' && l.value === 'node_cpu_seconds_total'),
    ).length;
    expect(cpu).toHaveLength(expected);
    expect(cpu.find((r) => r.labels.cpu === '0' && r.labels.mode === 'idle')).toMatchObject({
      value: 263.96,
      labels: { cluster: 'demo', instance: '127.0.0.1:9100', job: 'node' },
    });
    // A value of 0 is left out on the wire (proto3 default) and still stored.
    expect(cpu.find((r) => r.labels.cpu === '0' && r.labels.mode === 'irq')?.value).toBe(0);
  });

  it('takes the type from metadata and lists series with sample counts', async () => {
    const meta = await write(
      encode(captureRequest('prometheus-2.42-remote-write-metadata.txt')),
      basic(key),
    );
    expect(meta.statusCode, meta.body).toBe(204);
    const rows = await samples(null, 'node_cpu_seconds_total');
    expect(rows.every((r) => (r as { type?: string }).type === 'counter')).toBe(true);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/series?match=node_cpu_seconds_total',
      headers: { authorization: `Bearer ${await createKey(t, { scopes: ['read'] })}` },
    });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { labels: Record<string, string>; sample_count: number }[];
    expect(items.length).toBe(rows.length);
    expect(items.every((i) => i.sample_count === 1)).toBe(true);
    expect(items[0]).toMatchObject({ name: 'node_cpu_seconds_total', type: 'counter' });
  });

  it('keeps organizations apart', async () => {
    const now = Date.now();
    const req = {
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'iso_metric' },
            { name: 'job', value: 'x' },
          ],
          samples: [{ value: 7, timestamp: now }],
        },
      ],
    };
    expect((await write(encode(req), `Bearer ${otherKey}`)).statusCode).toBe(204);
    const rows = await samples(null, 'iso_metric');
    expect(rows).toHaveLength(1);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/series?match=iso_metric',
      headers: { authorization: `Bearer ${await createKey(t, { scopes: ['read'] })}` },
    });
    expect(list.json().items).toEqual([]);
  });

  it('skips stale markers and refuses invalid series with 400 (storing the valid ones)', async () => {
    const stale = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0]!;
    const now = Date.now();
    const req = {
      timeseries: [
        {
          labels: [{ name: '__name__', value: 'stale_metric' }],
          samples: [
            { value: 1, timestamp: now - 2000 },
            { value: stale, timestamp: now - 1000 },
            { value: NaN, timestamp: now },
          ],
        },
        { labels: [{ name: 'job', value: 'no-name' }], samples: [{ value: 1, timestamp: now }] },
      ],
    };
    const res = await write(encode(req), `Bearer ${key}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/without __name__/);
    const rows = await samples(null, 'stale_metric');
    expect(rows.map((r) => r.value)).toEqual([1, NaN]);
  });

  it('answers 415 to remote write 2.0, 400 to bad snappy or protobuf, 401 without a key', async () => {
    const v2 = await write(encode({}), `Bearer ${key}`, {
      'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
      'x-prometheus-remote-write-version': '2.0.0',
    });
    expect(v2.statusCode).toBe(415);
    const badSnappy = await write(Buffer.from('definitely not snappy'), `Bearer ${key}`);
    expect(badSnappy.statusCode).toBe(400);
    expect(badSnappy.headers['content-type']).toMatch(/problem\+json/);
    const badPb = await write(
      Buffer.from(snappy.compress(Buffer.from([0x0a, 0xff, 0xff]))),
      `Bearer ${key}`,
    );
    expect(badPb.statusCode).toBe(400);
    expect(badPb.headers['content-type']).toMatch(/problem\+json/);
    const none = await write(encode({}), null);
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/Basic/);
  });

  it('answers 503 + Retry-After under pressure (never 429, which Prometheus drops)', async () => {
    const org = await seedOrg(t.db.handle.db, 'limited-org');
    await t.db.handle.pool.query(
      `UPDATE organizations SET settings = '{"ingest":{"records_per_second":2}}' WHERE id = $1`,
      [org],
    );
    const k = await createKey(t, { scopes: ['ingest'], orgId: org });
    const batch = (v: number) => ({
      timeseries: [1, 2, 3, 4, 5].map((i) => ({
        labels: [
          { name: '__name__', value: 'limited_metric' },
          { name: 'i', value: String(i) },
        ],
        samples: [{ value: v, timestamp: Date.now() - 1000 + v }],
      })),
    });
    // The bucket lets a first batch through whole; the next one, over the rate, is refused.
    expect((await write(encode(batch(1)), basic(k))).statusCode).toBe(204);
    const res = await write(encode(batch(2)), basic(k));
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
