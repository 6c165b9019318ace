import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDsn, fromSentryKey, toDsnKey } from './dsn.ts';

// The DSN pattern of @sentry/core (utils/dsn.ts): the public key must be \w+.
const SENTRY_DSN_RE = /^(?:(\w+):)\/\/(?:(\w+)(?::(\w+)?)?@)([\w.-]+)(?::(\d+))?\/(.+)/;

describe('DSN form of API keys', () => {
  it('builds DSNs the Sentry SDK accepts for every key, and maps back to the key', () => {
    for (let i = 0; i < 500; i++) {
      const key = `phk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      const dsn = buildDsn(key, 'http://localhost:4000', 7);
      const m = SENTRY_DSN_RE.exec(dsn);
      expect(m, dsn).not.toBeNull();
      expect(m![6]).toBe('7');
      expect(fromSentryKey(m![2]!)).toBe(key);
      expect(toDsnKey(key)).toBe(m![2]);
    }
  });

  it('leaves other key texts alone', () => {
    expect(toDsnKey('publickey')).toBe('publickey');
    expect(fromSentryKey('publickey')).toBe('publickey');
  });
});
