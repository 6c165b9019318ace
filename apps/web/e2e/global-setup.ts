import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the web UI once per test run, before any test file starts a server: the server serves
 * apps/web/dist, and building while other files run would race with them.
 */
export default async function setup() {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = env;
  }
}
