// What the mutation fixtures share: the prepared call a fixture returns and a JSON call helper.
import type { TestApp } from './app.ts';

export interface PreparedCall {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  url: string;
  cookie: string | null;
  payload?: unknown;
}

export type Fixture = (t: TestApp, admin: { cookie: string }) => Promise<PreparedCall>;

export async function json(
  t: TestApp,
  method: PreparedCall['method'],
  url: string,
  cookie: string,
  payload?: unknown,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.body ? res.json() : null;
}
