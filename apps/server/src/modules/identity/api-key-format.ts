import { randomBytes } from 'node:crypto';
import { randomToken, sha256 } from '../../lib/crypto.ts';

/**
 * API keys read `phk_<prefix>_<secret>`: a 12-hex-digit prefix that identifies the key in lists
 * and logs, and 32 random bytes (base64url). Only the prefix and the SHA-256 of the whole text
 * are stored.
 */
const KEY_RE = /^phk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; hash: Buffer } {
  const prefix = randomBytes(6).toString('hex');
  const key = `phk_${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: sha256(key) };
}

export function parseApiKey(text: string): { prefix: string; hash: Buffer } | null {
  const m = KEY_RE.exec(text);
  return m ? { prefix: m[1]!, hash: sha256(text) } : null;
}

/** The public view of a key row (never its hash). */
export function toApiKeyView(k: {
  id: string;
  name: string;
  key_prefix: string;
  user_id: string | null;
  team_id: string | null;
  scopes: string[];
  project_ids: number[] | null;
  rate_limit: number | null;
  allowed_ips: string[] | null;
  last_used_at: Date | null;
  usage_count: number;
  expires_at: Date | null;
  is_active: boolean;
  revoked_at: Date | null;
  revoked_reason: string | null;
  created_at: Date;
}) {
  return {
    id: k.id,
    name: k.name,
    key_prefix: `phk_${k.key_prefix}`,
    user_id: k.user_id,
    team_id: k.team_id,
    scopes: k.scopes as Array<'ingest' | 'read' | 'write' | 'admin'>,
    project_ids: k.project_ids?.map(Number) ?? null, // pg returns bigint[] as strings
    rate_limit: k.rate_limit,
    allowed_ips: k.allowed_ips,
    last_used_at: k.last_used_at?.toISOString() ?? null,
    usage_count: Number(k.usage_count),
    expires_at: k.expires_at?.toISOString() ?? null,
    revoked: !k.is_active || k.revoked_at !== null,
    revoked_at: k.revoked_at?.toISOString() ?? null,
    revoked_reason: k.revoked_reason,
    created_at: k.created_at.toISOString(),
  };
}
export type ApiKeyView = ReturnType<typeof toApiKeyView>;
