// Requests recorded from real clients (shared/clients/captures beside the repository, see its
// README): the request line, the headers, then the body, with `# ...` comment lines around them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/ stands beside the checkout (as CI lays it out); PHAROS_CAPTURES_DIR overrides. */
export const CAPTURES_DIR: string =
  process.env.PHAROS_CAPTURES_DIR ??
  [
    fileURLToPath(new URL('../../../../shared/clients/captures/', import.meta.url)),
    '/work/shared/clients/captures',
  ].find((d) => existsSync(d)) ??
  '/work/shared/clients/captures';

export interface Capture {
  method: string;
  path: string;
  /** Headers as sent, minus the transport ones inject() sets itself (Host, Content-Length, Connection). */
  headers: Record<string, string>;
  /** Content-Length as recorded, when the client sent one. */
  contentLength: number | null;
  /** The body; several when the capture records several requests (`# ...` lines between them). */
  bodies: string[];
}

const TRANSPORT = new Set(['host', 'content-length', 'connection']);

export function loadCapture(name: string): Capture {
  const lines = readFileSync(join(CAPTURES_DIR, name), 'utf8').split('\n');
  let i = 0;
  while ((lines[i] ?? '').startsWith('#')) i++;
  const [method = '', path = ''] = (lines[i++] ?? '').split(' ');
  const headers: Record<string, string> = {};
  let contentLength: number | null = null;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] as string;
    const at = line.indexOf(':');
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (key.toLowerCase() === 'content-length') contentLength = Number(value);
    if (!TRANSPORT.has(key.toLowerCase())) headers[key] = value;
  }
  const rest = lines.slice(i + 1);
  // The file's final newline is not part of the last body.
  if (rest[rest.length - 1] === '') rest.pop();
  const bodies: string[] = [];
  let cur: string[] | null = null;
  for (const line of rest) {
    if (line.startsWith('# ')) {
      if (cur) bodies.push(trimSeparator(cur));
      cur = null;
      continue;
    }
    (cur ??= []).push(line);
  }
  if (cur) bodies.push(cur.join('\n'));
  return { method, path, headers, contentLength, bodies };
}

// Between two recorded requests the file has a blank line before the `#` separator.
function trimSeparator(lines: string[]): string {
  const copy = [...lines];
  if (copy[copy.length - 1] === '') copy.pop();
  return copy.join('\n');
}
