/**
 * How a Pharos API key fits in a Sentry DSN (`http(s)://<KEY>@host/<PROJECT_ID>`). Sentry SDKs
 * parse the DSN with `/^(?:(\w+):)\/\/(?:(\w+)(?::(\w+)?)?@).../` (@sentry/core utils/dsn.ts):
 * the public key must be `\w+`, so a key whose base64url secret holds a `-` (about half of them)
 * makes the SDK refuse the DSN. The DSN form of a key therefore spells the 32-byte secret in
 * hex: `phk_<12 hex>_<64 hex>`, which maps one-to-one to the key text
 * `phk_<12 hex>_<43 base64url>`. Pure; shared by key creation (identity) and Sentry ingest.
 */
const KEY_RE = /^phk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const DSN_KEY_RE = /^phk_([0-9a-f]{12})_([0-9a-f]{64})$/;

/** The form of an API key to put in a DSN (only `\w` characters). */
export function toDsnKey(key: string): string {
  const m = KEY_RE.exec(key);
  if (!m) return key;
  return `phk_${m[1]}_${Buffer.from(m[2]!, 'base64url').toString('hex')}`;
}

/** The API key text behind a key from a Sentry client: the DSN form is converted back. */
export function fromSentryKey(text: string): string {
  const m = DSN_KEY_RE.exec(text);
  if (!m) return text;
  return `phk_${m[1]}_${Buffer.from(m[2]!, 'hex').toString('base64url')}`;
}

/** A DSN for a key, host base URL (`http://host:port`) and project. */
export function buildDsn(key: string, baseUrl: string, projectId: number): string {
  const u = new URL(baseUrl);
  return `${u.protocol}//${toDsnKey(key)}@${u.host}${u.pathname.replace(/\/$/, '')}/${projectId}`;
}
