import type { Db } from '../../db/client.ts';
import { findActiveClientKey } from './repository.ts';

/** A client key (DSN public key) as Sentry SDKs send it: 32 hex digits. */
export const CLIENT_KEY_RE = /^[0-9a-f]{32}$/;

export interface ClientKeyGrant {
  keyId: string;
  orgId: string;
  projectId: number;
}

// Valid keys are remembered for 10 s, as API keys are, so that an SDK's stream of envelopes does
// not look its key up every time; revoking a key in this process forgets it at once, other
// processes within those 10 s. Unknown keys are looked up every time (never cached).
const CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { grant: ClientKeyGrant; at: number }>();

export function forgetClientKeys(): void {
  cache.clear();
}

/** What an active client key may do: send events to its one project. Null for any other key. */
export async function resolveClientKey(db: Db, text: string): Promise<ClientKeyGrant | null> {
  if (!CLIENT_KEY_RE.test(text)) return null;
  const now = Date.now();
  const hit = cache.get(text);
  if (hit && now - hit.at < CACHE_MS) return hit.grant;
  cache.delete(text);
  const row = await findActiveClientKey(db, text);
  if (!row) return null;
  const grant = { keyId: row.id, orgId: row.org_id, projectId: Number(row.project_id) };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(text, { grant, at: now });
  return grant;
}
