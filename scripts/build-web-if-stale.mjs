// Builds the web UI before `npm start` only when its sources are newer than the last build, so a
// restart does not pay for a build it does not need (start-to-ready stays fast).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('../apps/web/', import.meta.url).pathname;
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
  .map((p) => join(web, p))
  .filter((p) => existsSync(p));
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('Building the web UI…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@pharos/web', '--silent'], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
