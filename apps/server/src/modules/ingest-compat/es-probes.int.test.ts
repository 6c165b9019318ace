import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createTestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  t.app.inject({ method, url, headers });

describe('Elasticsearch probes', () => {
  it.each([
    ['application/json', '/'],
    ['*/*', '/'],
    ['application/vnd.elasticsearch+json; compatible-with=8', '/'],
    ['application/json', '/es'],
    ['application/json', '/es/'],
  ])('answers the 8.x version document to Accept %s at %s', async (accept, url) => {
    const res = await get(url, { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({
      name: expect.any(String),
      cluster_name: expect.any(String),
      cluster_uuid: expect.any(String),
      version: { number: '8.11.0', build_flavor: 'default' },
      tagline: 'You Know, for Search',
    });
  });

  it('answers HEAD / to clients and leaves / to browsers', async () => {
    const head = await get('/', {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.headers['x-elastic-product']).toBe('Elasticsearch');
    const none = await get('/');
    expect(none.json().version.number).toBe('8.11.0');
    const browser = await get('/', {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    });
    expect(browser.statusCode).toBe(200);
    expect(browser.headers['content-type']).toContain('text/html');
    expect(browser.headers['x-elastic-product']).toBeUndefined();
  });

  it.each(['', '/es'])('answers what shippers probe (prefix %s)', async (p) => {
    const health = await get(`${p}/_cluster/health`);
    expect(health.json()).toMatchObject({ status: 'green', number_of_nodes: 1 });
    expect(health.headers['x-elastic-product']).toBe('Elasticsearch');
    expect((await get(`${p}/_cluster/health/filebeat-*`)).statusCode).toBe(200);
    expect((await get(`${p}/_cluster/state/version`)).json()).toHaveProperty('cluster_uuid');
    expect((await get(`${p}/_license`)).json().license).toMatchObject({
      status: 'active',
      type: 'basic',
    });
    expect((await get(`${p}/_xpack`)).json().license.mode).toBe('basic');
    const nodes = (await get(`${p}/_nodes/http`)).json();
    expect(Object.values(nodes.nodes)[0]).toMatchObject({ version: '8.11.0' });
    const tpl = await get(`${p}/_index_template/filebeat-8.11.0`);
    expect(tpl.json().index_templates[0].name).toBe('filebeat-8.11.0');
    expect((await get(`${p}/_index_template/x`, {}, 'HEAD')).statusCode).toBe(200);
    expect((await get(`${p}/_ilm/policy/filebeat`)).json()).toHaveProperty('filebeat');
    for (const url of ['/_index_template/logstash', '/_ilm/policy/filebeat', '/_template/x']) {
      const put = await t.app.inject({
        method: 'PUT',
        url: `${p}${url}`,
        headers: { 'content-type': 'application/json' },
        payload: { index_patterns: ['x*'], template: {} },
      });
      expect(put.statusCode, url).toBe(200);
      expect(put.json()).toEqual({ acknowledged: true });
    }
  });
});
