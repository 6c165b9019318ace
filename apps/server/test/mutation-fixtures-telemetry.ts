// Mutation fixtures of the monitoring and metrics routes (issues 5 and 6), merged into
// MUTATION_FIXTURES by mutation-fixtures.ts.
import type { TestApp } from './app.ts';
import { json, type Fixture } from './mutation-fixture-kit.ts';

const rnd = () => Math.random().toString(36).slice(2, 8);
export function issue6Fixtures(): Record<string, Fixture> {
  const monitor = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/monitors', c, {
      name: `m-${rnd()}`,
      kind: 'tcp',
      url: 'tcp://127.0.0.1:9',
      is_active: false,
      timeout: 1,
    });
  const entity = (t: TestApp, c: string, path: string) =>
    json(
      t,
      'POST',
      path,
      c,
      path.includes('pages')
        ? { slug: `p-${rnd()}`, title: 'P' }
        : path.includes('incidents')
          ? { title: 'I' }
          : {
              title: 'W',
              starts_at: new Date().toISOString(),
              ends_at: new Date(Date.now() + 3600_000).toISOString(),
            },
    );
  const out: Record<string, Fixture> = {
    'POST /api/v1/monitors': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/monitors',
      cookie: a.cookie,
      payload: { name: `m-${rnd()}`, kind: 'http', url: 'http://127.0.0.1:9/' },
    }),
    'PATCH /api/v1/monitors/:id': async (t, a) => ({
      method: 'PATCH',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}`,
      cookie: a.cookie,
      payload: { name: 'renamed' },
    }),
    'DELETE /api/v1/monitors/:id': async (t, a) => ({
      method: 'DELETE',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}`,
      cookie: a.cookie,
    }),
    'POST /api/v1/monitors/:id/test': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}/test`,
      cookie: a.cookie,
    }),
    'POST /api/push/:token': async (t, a) => {
      const m = await json(t, 'POST', '/api/v1/monitors', a.cookie, {
        name: `h-${rnd()}`,
        kind: 'heartbeat',
        check_interval: 60,
        timeout: 5,
      });
      return { method: 'POST', url: new URL(m.push_url).pathname, cookie: null };
    },
    'POST /api/v1/integrations': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/integrations',
      cookie: a.cookie,
      payload: { name: `i-${rnd()}`, integration_type: 'webhook' },
    }),
    'POST /api/v1/incidents/:id/updates': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await entity(t, a.cookie, '/api/v1/incidents')).id}/updates`,
      cookie: a.cookie,
      payload: { status: 'identified', message: 'found it' },
    }),
  };
  const integration = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/integrations', c, { name: `i-${rnd()}`, integration_type: 'webhook' });
  out['PATCH /api/v1/integrations/:id'] = async (t, a) => ({
    method: 'PATCH',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}`,
    cookie: a.cookie,
    payload: { api_version: 'v2' },
  });
  out['DELETE /api/v1/integrations/:id'] = async (t, a) => ({
    method: 'DELETE',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}`,
    cookie: a.cookie,
  });
  out['POST /api/v1/integrations/:id/events'] = async (t, a) => ({
    method: 'POST',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}/events`,
    cookie: a.cookie,
    payload: {
      events: [{ event_type: 'api-call', direction: 'outbound', success: true, response_time: 12 }],
    },
  });
  for (const path of ['/api/v1/status-pages', '/api/v1/incidents', '/api/v1/maintenance-windows']) {
    out[`POST ${path}`] = async (t, a) => {
      const probe = await entity(t, a.cookie, path); // proves the payload; the call below creates another
      const payload = path.includes('pages')
        ? { slug: `p-${rnd()}`, title: 'P' }
        : path.includes('incidents')
          ? { title: 'I' }
          : { title: 'W', starts_at: probe.starts_at, ends_at: probe.ends_at };
      return { method: 'POST', url: path, cookie: a.cookie, payload };
    };
    out[`PATCH ${path}/:id`] = async (t, a) => ({
      method: 'PATCH',
      url: `${path}/${(await entity(t, a.cookie, path)).id}`,
      cookie: a.cookie,
      payload: { title: 'Renamed' },
    });
    out[`DELETE ${path}/:id`] = async (t, a) => ({
      method: 'DELETE',
      url: `${path}/${(await entity(t, a.cookie, path)).id}`,
      cookie: a.cookie,
    });
  }
  return out;
}

// Custom metrics and scrape targets (issue 5): the target URL has nothing listening, so a scrape fails fast (up=0).
export function scrapeTargetFixtures(): Record<string, Fixture> {
  const target = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/scrape-targets', c, {
      name: `s-${rnd()}`,
      url: 'http://127.0.0.1:9/metrics',
      enabled: false,
    });
  return {
    'POST /api/v1/scrape-targets': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/scrape-targets',
      cookie: a.cookie,
      payload: {
        name: `s-${rnd()}`,
        url: 'http://127.0.0.1:9/metrics',
        auth: { type: 'bearer', token: 't' },
      },
    }),
    'PATCH /api/v1/scrape-targets/:id': async (t, a) => ({
      method: 'PATCH',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}`,
      cookie: a.cookie,
      payload: { interval_seconds: 120 },
    }),
    'DELETE /api/v1/scrape-targets/:id': async (t, a) => ({
      method: 'DELETE',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}`,
      cookie: a.cookie,
    }),
    'POST /api/v1/load-tests': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/load-tests?name=fixture',
      cookie: a.cookie,
      payload: { metrics: { http_reqs: { count: 10, rate: 5 } }, root_group: {} },
    }),
    'POST /api/v1/metrics/custom': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/metrics/custom',
      cookie: a.cookie,
      payload: { metrics: [{ name: 'fixture_gauge', type: 'gauge', value: 1 }] },
    }),
    'POST /api/v1/scrape-targets/:id/scrape': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}/scrape`,
      cookie: a.cookie,
    }),
  };
}
