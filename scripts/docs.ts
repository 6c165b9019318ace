// Regenerates the configuration table of README.md from the settings schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { settingsMarkdown } from '../apps/server/src/config.ts';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const next = readme.replace(
  /<!-- settings:start -->[\s\S]*<!-- settings:end -->/,
  `<!-- settings:start -->\n${settingsMarkdown()}\n<!-- settings:end -->`,
);
writeFileSync(file, next);
process.stdout.write(
  next === readme ? 'README.md already up to date\n' : 'README.md configuration table updated\n',
);
