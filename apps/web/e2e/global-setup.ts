import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const web = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the web UI once per test run, before any test file starts a server: the server serves
 * apps/web/dist. The build goes to a directory of its own and is then swapped in with two
 * renames, so a server of another run on this machine never sees a half-written dist (Vite
 * empties its output directory first and writes for seconds).
 */
export default async function setup() {
  const next = `${web}dist.build-${process.pid}`;
  const old = `${web}dist.old-${process.pid}`;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: `${web}vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: next, emptyOutDir: true },
    });
  } catch (err) {
    rmSync(next, { recursive: true, force: true });
    throw err;
  } finally {
    process.env.NODE_ENV = env;
  }
  const dist = `${web}dist`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}
