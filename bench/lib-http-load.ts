// Drives bench/lib/http-load.mjs (a load generator in its own process) for the ingest benchmarks.
// Not a benchmark itself (bench/run.ts skips lib-* files).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Request bodies by segment, then client: segments[s][c] = bodies client c sends in order. */
export type LoadSegments = Buffer[][][];

export interface LoadFile {
  path: string;
  clients: number;
  remove(): void;
}

/** Writes every request of a run to a temporary file the load process reads. */
export function writeLoadFile(segments: LoadSegments): LoadFile {
  const clients = segments[0]?.length ?? 0;
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  for (const perClient of segments) {
    if (perClient.length !== clients) throw new Error('every segment needs every client');
    for (const bodies of perClient) {
      parts.push(u32(bodies.length));
      for (const body of bodies) parts.push(u32(body.length), body);
    }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'pharos-bench-load-')), 'requests.bin');
  writeFileSync(path, Buffer.concat(parts));
  return { path, clients, remove: () => rmSync(dirname(path), { recursive: true, force: true }) };
}

/**
 * Sends segments [from, to) of the file to 127.0.0.1:port, each client on its own keep-alive
 * connection, one request at a time; every answer must be 2xx. Resolves with the wall time.
 */
export async function runLoad(opts: {
  file: LoadFile;
  port: number;
  path: string;
  headers: Record<string, string>;
  from: number;
  to: number;
}): Promise<{ requests: number; seconds: number }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./lib/http-load.mjs', import.meta.url))],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin.end(
    JSON.stringify({
      file: opts.file.path,
      port: opts.port,
      path: opts.path,
      headers: opts.headers,
      clients: opts.file.clients,
      from: opts.from,
      to: opts.to,
    }),
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out) as { requests: number; seconds: number };
}
