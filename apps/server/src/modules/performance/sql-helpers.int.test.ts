import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT } from './latency-buckets.ts';
import { bucketQuantile } from './test-fixtures.ts';

/** The SQL helpers of migration 0018 that the aggregation job and the API share. */
let db: TestDatabase;
const BOUNDS = [...LATENCY_BOUNDS_MS];

beforeAll(async () => {
  db = await createTestDatabase(2);
});
afterAll(async () => db?.drop());

const one = async <T>(text: string, params: unknown[]): Promise<T> =>
  (await db.handle.pool.query(text, params)).rows[0].v as T;

describe('pharos_endpoint_template', () => {
  it.each([
    ['/api/v1/orders/12345', '/api/v1/orders/{id}'],
    ['/api/v1/orders/12345/items/7?expand=true#top', '/api/v1/orders/{id}/items/{id}'],
    ['/users/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b/avatar', '/users/{id}/avatar'],
    ['/users/3F2B8C1E9A4D4E6F8B7A1C2D3E4F5A6B', '/users/{id}'],
    ['/objects/5f1d7a2b9c3e4d60a1b2c3d4', '/objects/{id}'],
    ['/commits/deadbeef1', '/commits/{id}'],
    ['/orders/order-12345', '/orders/{id}'],
    ['/reports/2024-01-05', '/reports/{id}'],
    ['/files/aB3dE5fG7hJ9kL1mN', '/files/{id}'],
    ['https://shop.example.com:8443/cart/99?x=1', '/cart/{id}'],
    ['/api/v2/oauth2/token', '/api/v2/oauth2/token'],
    ['/users/:id/posts/{postId}', '/users/:id/posts/{postId}'],
    ['/health', '/health'],
    ['/', '/'],
    ['', '/'],
    ['nightly-job', 'nightly-job'],
    ['/deadbeef', '/deadbeef'],
  ])('%j -> %j', async (raw, template) => {
    expect(await one('SELECT pharos_endpoint_template($1) AS v', [raw])).toBe(template);
  });

  it('caps templates at 500 characters', async () => {
    const v = await one<string>('SELECT pharos_endpoint_template($1) AS v', ['/a'.repeat(400)]);
    expect(v).toHaveLength(500);
  });
});

describe('latency histograms and their quantiles', () => {
  const values = [0.2, 0.9, 1, 3.3, 7, 7.5, 12, 250, 251, 999.9, 1000, 4000, 70_000, 123_456];

  /** The cumulative histogram the job stores: values below each boundary, then all. */
  const histogram = (v: number[]) => [
    ...BOUNDS.map((b) => v.filter((x) => x < b).length),
    v.length,
  ];

  it.each([0, 0.01, 0.07, 0.25, 0.5, 0.9, 0.95, 0.99, 1])(
    'q=%s interpolates inside the bucket and clamps to min/max',
    async (q) => {
      const h = histogram(values);
      const v = await one<number>(
        'SELECT pharos_bucket_quantile($1, $2::bigint[], $3::float8[], $4, $5) AS v',
        [q, `{${h.join(',')}}`, BOUNDS, Math.min(...values), Math.max(...values)],
      );
      expect(v).toBeCloseTo(bucketQuantile(values, q, BOUNDS), 9);
    },
  );

  it('is null for an empty or absent histogram', async () => {
    const zeros = `{${new Array(LATENCY_BUCKET_COUNT).fill(0).join(',')}}`;
    for (const h of [zeros, null]) {
      expect(
        await one('SELECT pharos_bucket_quantile(0.5, $1::bigint[], $2::float8[], 1, 2) AS v', [
          h,
          BOUNDS,
        ]),
      ).toBeNull();
    }
  });
});
