// Projects and their client keys (DSNs): one successful call of each mutating route.
import { json, type Fixture } from './mutation-fixture-kit.ts';

let n = 0;
const project = (t: Parameters<Fixture>[0], cookie: string) =>
  json(t, 'POST', '/api/v1/projects', cookie, { name: `Fixture project ${++n} ${Date.now()}` });

export function projectFixtures(): Record<string, Fixture> {
  return {
    'POST /api/v1/projects': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/projects',
      cookie: a.cookie,
      payload: { name: `Audited project ${++n} ${Date.now()}`, platform: 'node' },
    }),
    'POST /api/v1/projects/:id/client-keys': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/projects/${(await project(t, a.cookie)).id}/client-keys`,
      cookie: a.cookie,
      payload: { label: 'rotation' },
    }),
    'POST /api/v1/client-keys/:id/revoke': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/client-keys/${(await project(t, a.cookie)).client_keys[0].id}/revoke`,
      cookie: a.cookie,
    }),
  };
}
