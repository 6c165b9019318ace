// Shared by this module's integration tests (not a test file itself).
import type { TestApp } from '../../../test/app.ts';
import { loadCapture, type Capture } from '../../../test/client-captures.ts';

/** The capture's headers with its recorded credential replaced by `key` as the Basic password. */
export function withKey(cap: Capture, key: string): Record<string, string> {
  const headers = { ...cap.headers };
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
  const user = 'shipper';
  headers.authorization = `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
  return headers;
}

/** Sends a capture's (first) body as recorded, to `path` (default: the recorded one). */
export function replay(t: TestApp, name: string, key: string, path?: string, body = 0) {
  const cap = loadCapture(name);
  return t.app.inject({
    method: cap.method as 'POST',
    url: path ?? cap.path,
    headers: withKey(cap, key),
    payload: cap.bodies[body] as string,
  });
}

/** Creates the daily partitions around a day (captures carry their own timestamps). */
export async function partitionsAround(t: TestApp, day: string, tables: string[]): Promise<void> {
  for (const table of tables) {
    await t.db.handle.pool.query(
      `SELECT pharos_create_partitions($1, $2::date - 1, 3), pharos_create_partitions($1, (now() AT TIME ZONE 'UTC')::date - 1, 3)`,
      [table, day],
    );
  }
}
