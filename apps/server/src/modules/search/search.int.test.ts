import { describe, expect, it } from 'vitest';
import {
  at,
  cookieB,
  get,
  ids,
  qs,
  rec,
  search,
  t,
  T1,
  useSearchDataset,
} from './search-dataset.ts';

useSearchDataset();

describe('GET /logs/search', () => {
  it('returns every field, newest first', async () => {
    const r = await get(`/api/v1/logs/search?${qs({ q: '' })}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: { record_id: string }) => x.record_id).slice(2)).toEqual(
      rec(1, 2, 3, 4),
    );
    expect(r.body.items).toHaveLength(6);
    const first = r.body.items.find((x: { record_id: string }) => x.record_id === ids[0]);
    expect(first).toMatchObject({
      service: 'checkout',
      level: 'error',
      status_code: 500,
      latency_ms: 250,
      trace_id: T1,
      attributes: { user: { id: 42 }, region: 'eu' },
      time: at(1).toISOString().replace('Z', '000Z'),
    });
    expect(typeof first.project_id).toBe('number');
  });

  it.each([
    ['payment', [1, 2]],
    ['PAYMENT', [1, 2]],
    ['"card declined"', [1]],
    ['service:checkout', [1, 2]],
    ['service:check*', [1, 2, 3]],
    ['message:*timeout*', [3]],
    ['status_code>=500', [1, 6]],
    ['status_code:500', [1]],
    ['NOT status_code:500', [2, 3, 4, 5, 6]],
    ['latency_ms:[100 TO 500]', [1, 2]],
    ['latency_ms:{120 TO 250]', [1]],
    ['_exists_:trace_id', [1, 4]],
    ['trace_id:*', [1, 4]],
    ['NOT _exists_:status_code', [3, 5]],
    ['attributes.user.id:42', [1]],
    ['attributes.user.id>40', [1]],
    ['attributes.region:e?', [1]],
    ['resource.k8s.pod:api-*', [4]],
    ['level:error OR level:critical', [1, 6]],
    ['level>=error', [1, 6]],
    ['level:warn', [3]],
    ['payment -succeeded', [1]],
    ['service:api AND NOT level:debug', [4, 6]],
    ['(payment OR cache) AND host:web-*', [1, 2, 5]],
    ['service:(api OR checkout-worker) level:(debug OR warning)', [3, 5]],
    ['tags:beta', [5]],
    ['"CARD DECLINED"', [1]],
    ['PAY*ED', [1, 2]],
    ['p?yment', [1, 2]],
    ['*MISS*', [5]],
    ['message:*connection*', [6]],
    ['"100%"', [5]],
    ['"100_"', []],
    ['"user:42"', [5]],
    ['error_type:DbError', [6]],
    [`time>=${at(4).toISOString()}`, [4, 5, 6]],
    [`request_id:req-2`, [2]],
  ])('q=%s', async (q, expected) => {
    expect(new Set(await search(q))).toEqual(new Set(rec(...expected)));
  });

  it('matches a substring with strpos over lower() exactly where ILIKE does', async () => {
    // The compiler's strpos(lower(col), lower(term)) > 0 stands for col ILIKE '%term%' (which
    // lowercases both sides with lower() in a multibyte encoding), non-ASCII letters included.
    const r = await t.db.handle.pool.query<{ s: string; p: string; a: boolean; b: boolean }>(
      `SELECT s, p, strpos(lower(s), lower(p)) > 0 AS a, s ILIKE '%' || p || '%' AS b
         FROM unnest($1::text[]) AS s CROSS JOIN unnest($2::text[]) AS p`,
      [
        ['Größe ÜBER', 'ΣΊΣΥΦΟΣ', 'İstanbul', 'ǅemal', 'plain ascii', ''],
        ['GRÖSSE', 'größe', 'über', 'σίσυφος', 'i̇stanbul', 'İSTANBUL', 'ǆemal', 'ASCII', ''],
      ],
    );
    expect(r.rows.length).toBe(54);
    for (const row of r.rows) expect(row.a, `${row.s} / ${row.p}`).toBe(row.b);
    expect(r.rows.filter((row) => row.a).length).toBeGreaterThan(6);
  });

  it('pages with a keyset cursor, ties broken by record id', async () => {
    const all = await search('');
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const extra: Record<string, string | number> = { q: '', limit: 2 };
      if (cursor) extra.cursor = cursor;
      const r = await get(`/api/v1/logs/search?${qs(extra)}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((x: { record_id: string }) => x.record_id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    expect(cursor).toBeNull();
    const bad = await get(`/api/v1/logs/search?${qs({ cursor: 'nope' })}`);
    expect(bad.status).toBe(400);
  });

  it('answers 400 with the position of a bad query', async () => {
    const r = await get(`/api/v1/logs/search?${qs({ q: 'service:(api' })}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION', position: 12 });
    expect(r.body.errors[0].path).toBe('query');
    expect(r.body.detail).toMatch(/position 12/);
    const typed = await get(`/api/v1/logs/search?${qs({ q: 'status_code:abc' })}`);
    expect(typed.body.position).toBe(12);
    const field = await get(`/api/v1/logs/search?${qs({ q: 'a OR org_id:x' })}`);
    expect(field.body).toMatchObject({ status: 400, position: 5 });
  });

  it('keeps organizations apart', async () => {
    const b = await get(`/api/v1/logs/search?${qs({ q: 'payment' })}`, cookieB);
    expect(b.body.items).toHaveLength(1);
    expect(b.body.items[0].message).toContain('SECRET-B');
    const a = await get(`/api/v1/logs/search?${qs({ q: 'SECRET-B' })}`);
    expect(a.body.items).toEqual([]);
  });

  it('treats injection attempts as data', async () => {
    for (const q of [
      "'; DROP TABLE log_records; --",
      "service:\"x' OR '1'='1\"",
      'attributes.a\\)\\ OR\\ 1=1\\ --:1',
      "message:%' OR 1=1 --",
    ]) {
      const r = await get(`/api/v1/logs/search?${qs({ q })}`);
      expect([200, 400]).toContain(r.status);
      if (r.status === 200) expect(r.body.items).toEqual([]);
    }
    expect(await search('')).toHaveLength(6);
    const f = await get(`/api/v1/logs/facets?${qs({ fields: 'service;DROP TABLE x' })}`);
    expect(f.status).toBe(400);
    expect(f.body.errors[0].path).toBe('fields');
  });

  it('needs telemetry.read', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/logs/search' });
    expect(r.statusCode).toBe(401);
  });
});

describe('GET /logs/histogram', () => {
  it('counts by level, the rollup and raw rows agreeing', async () => {
    const params = { interval: '1m' };
    const rollup = await get(`/api/v1/logs/histogram?${qs({ ...params, q: '' })}`);
    const raw = await get(`/api/v1/logs/histogram?${qs({ ...params, q: '*' })}`);
    expect(rollup.status).toBe(200);
    expect(rollup.body.source).toBe('rollup');
    expect(raw.body.source).toBe('raw');
    expect(rollup.body.buckets).toEqual(raw.body.buckets);
    expect(rollup.body.buckets).toHaveLength(61);
    const total = rollup.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0);
    expect(total).toBe(6);
    const hit = rollup.body.buckets.find((b: { total: number }) => b.total > 0);
    expect(hit.counts).toEqual({ debug: 1, info: 2, warning: 1, error: 1, critical: 1 });
  });

  it('filters on service and level from the rollup, anything else from raw rows', async () => {
    const a = await get(`/api/v1/logs/histogram?${qs({ q: 'service:checkout* -level:info' })}`);
    expect(a.body.source).toBe('rollup');
    const sum = (b: { buckets: Array<{ total: number }> }) =>
      b.buckets.reduce((s, x) => s + x.total, 0);
    expect(sum(a.body)).toBe(2);
    const b = await get(`/api/v1/logs/histogram?${qs({ q: 'payment' })}`);
    expect(b.body.source).toBe('raw');
    expect(sum(b.body)).toBe(2);
    expect(b.body.partial).toBeNull();
    expect(b.body.buckets.length).toBeGreaterThanOrEqual(60);
    expect(b.body.buckets.length).toBeLessThanOrEqual(120);
  });

  it('counts only the caller organization', async () => {
    const r = await get(`/api/v1/logs/histogram?${qs({ q: '' })}`, cookieB);
    expect(r.body.buckets.reduce((s: number, x: { total: number }) => s + x.total, 0)).toBe(1);
  });
});

describe('GET /logs/facets', () => {
  it('counts top values from the rollup and from raw rows', async () => {
    const r = await get(`/api/v1/logs/facets?${qs({ fields: 'service,level' })}`);
    expect(r.body.source).toBe('rollup');
    expect(r.body.facets.service).toEqual([
      { value: 'api', count: 3 },
      { value: 'checkout', count: 2 },
      { value: 'checkout-worker', count: 1 },
    ]);
    const raw = await get(
      `/api/v1/logs/facets?${qs({ fields: 'host,service,attributes.region', q: 'payment OR cache' })}`,
    );
    expect(raw.body.source).toBe('raw');
    expect(raw.body.facets).toEqual({
      host: [
        { value: 'web-1', count: 2 },
        { value: 'web-2', count: 1 },
      ],
      service: [
        { value: 'checkout', count: 2 },
        { value: 'api', count: 1 },
      ],
      'attributes.region': [{ value: 'eu', count: 1 }],
    });
    const b = await get(`/api/v1/logs/facets?${qs({ fields: 'service' })}`, cookieB);
    expect(b.body.facets.service).toEqual([{ value: 'checkout', count: 1 }]);
  });
});
