import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS } from './config.ts';

const key = 'a'.repeat(64);
const ext = { DATABASE_URL: 'postgres://u:p@db.example:5432/pharos', PHAROS_SECRET_KEY: key };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(ext);
    expect(c.port).toBe(4000);
    expect(c.role).toBe('all');
    expect(c.publicUrl).toBe('http://localhost:4000');
    expect(c.databaseUrl).toBe(ext.DATABASE_URL);
    expect(c.secretKey.toString('hex')).toBe(key);
    expect(c.ingest.flushConcurrency).toBe(3);
  });

  it('fits the default ingest flush concurrency to a small pool, and takes an explicit one', () => {
    expect(loadConfig({ ...ext, PHAROS_DB_POOL_SIZE: '4' }).ingest.flushConcurrency).toBe(2);
    expect(loadConfig({ ...ext, PHAROS_DB_POOL_SIZE: '2' }).ingest.flushConcurrency).toBe(1);
    const c = loadConfig({
      ...ext,
      PHAROS_DB_POOL_SIZE: '20',
      PHAROS_INGEST_FLUSH_CONCURRENCY: '8',
    });
    expect(c.ingest.flushConcurrency).toBe(8);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'whole number'],
    [{ PORT: '70000' }, 'PORT', 'between 0 and 65535'],
    [{ PHAROS_ROLE: 'db' }, 'PHAROS_ROLE', 'one of all, api, ingest, worker'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', 'postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'not a valid URL'],
    [{ PHAROS_SECRET_KEY: 'short' }, 'PHAROS_SECRET_KEY', '64 hexadecimal'],
    [{ PHAROS_LOG_LEVEL: 'loud' }, 'PHAROS_LOG_LEVEL', 'one of'],
    [{ PHAROS_PUBLIC_URL: 'ftp://x' }, 'PHAROS_PUBLIC_URL', 'http(s) URL'],
    [{ PHAROS_TRUST_PROXY: 'maybe' }, 'PHAROS_TRUST_PROXY', 'hop count'],
    [{ PHAROS_SESSION_TTL_HOURS: '0' }, 'PHAROS_SESSION_TTL_HOURS', 'between'],
    [
      { PHAROS_DB_POOL_SIZE: '6', PHAROS_INGEST_FLUSH_CONCURRENCY: '5' },
      'PHAROS_INGEST_FLUSH_CONCURRENCY',
      'leave two of the PHAROS_DB_POOL_SIZE (6)',
    ],
  ])('rejects %o naming %s', (bad, setting, text) => {
    const err = errorOf({ ...ext, ...bad });
    expect(err.setting).toBe(setting);
    expect(err.message).toContain(setting);
    expect(err.message).toContain(text);
  });

  it('requires a secret key with an external database', () => {
    const err = errorOf({ DATABASE_URL: ext.DATABASE_URL });
    expect(err.setting).toBe('PHAROS_SECRET_KEY');
    expect(err.message).toContain('required');
  });

  it('generates the secret key once into the data directory for the embedded database', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pharos-cfg-')), 'data');
    const a = loadConfig({ PHAROS_DATA_DIR: dir });
    const b = loadConfig({ PHAROS_DATA_DIR: dir });
    expect(a.secretKey.equals(b.secretKey)).toBe(true);
    const file = join(dir, 'secret.key');
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('documents every setting', () => {
    for (const [name, s] of Object.entries(SETTINGS)) {
      expect(s.doc.length, name).toBeGreaterThan(10);
    }
  });
});

describe('README', () => {
  it('documents every setting with its default (run `npm run docs` after changing config.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const { settingsMarkdown } = await import('./config.ts');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(settingsMarkdown());
  });
});
