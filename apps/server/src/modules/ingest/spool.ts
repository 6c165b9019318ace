import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestItem } from './types.ts';

/**
 * The local spool: batches acknowledged while PostgreSQL was unreachable or too slow. One file
 * per spooled batch group, written under a temporary name, fsynced, renamed and the directory
 * fsynced, so a file with its final name is always complete (a crash mid-write leaves only a
 * `.tmp` that was never acknowledged). Files are replayed oldest first and deleted after commit.
 */

export interface SpoolEntry {
  items: IngestItem[];
}

export interface SpoolFile {
  name: string;
  bytes: number;
}

const SUFFIX = '.spool';

export class Spool {
  private bytes = 0;
  private files = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** Creates the directory, drops unfinished `.tmp` files and counts what is waiting. */
  async open(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) await unlink(join(this.dir, name)).catch(() => {});
      else if (name.endsWith(SUFFIX)) {
        const s = await stat(join(this.dir, name));
        this.files.set(name, s.size);
        this.bytes += s.size;
      }
    }
  }

  get totalBytes(): number {
    return this.bytes;
  }
  get fileCount(): number {
    return this.files.size;
  }

  /** Whether `bytes` more fit under the limit. */
  hasRoom(bytes: number): boolean {
    return this.bytes + bytes <= this.maxBytes;
  }

  /** Serialized form of items, to size them before writing. */
  encode(items: IngestItem[]): Buffer {
    return Buffer.from(JSON.stringify({ items } satisfies SpoolEntry), 'utf8');
  }

  /** Writes and fsyncs one file; resolves only when it is durable. */
  async write(data: Buffer): Promise<void> {
    // Time first, so names sort oldest first across restarts.
    const name = `${Date.now().toString().padStart(15, '0')}-${String(this.seq++).padStart(8, '0')}-${randomBytes(4).toString('hex')}${SUFFIX}`;
    const tmp = join(this.dir, name + '.tmp');
    this.bytes += data.length; // reserved at once, so concurrent writers respect the limit
    try {
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, join(this.dir, name));
      await this.syncDir();
      this.files.set(name, data.length);
    } catch (err) {
      this.bytes -= data.length;
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }

  private async syncDir(): Promise<void> {
    const d = await open(this.dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  /** Spooled files, oldest first. */
  list(): SpoolFile[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, bytes]) => ({ name, bytes }));
  }

  async read(file: SpoolFile): Promise<SpoolEntry> {
    const text = await readFile(join(this.dir, file.name), 'utf8');
    return JSON.parse(text) as SpoolEntry;
  }

  /** Deletes a file whose batches are committed. */
  async remove(file: SpoolFile): Promise<void> {
    await unlink(join(this.dir, file.name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    if (this.files.delete(file.name)) this.bytes -= file.bytes;
  }

  /** Moves aside a file PostgreSQL refuses as data, so it does not block the ones after it. */
  async quarantine(file: SpoolFile): Promise<void> {
    await rename(join(this.dir, file.name), join(this.dir, file.name + '.rejected')).catch(
      () => {},
    );
    if (this.files.delete(file.name)) this.bytes -= file.bytes;
  }
}
