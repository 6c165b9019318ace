import { classifyWriteError, isUniqueViolation } from './db-errors.ts';
import { Spool, type SpoolFile } from './spool.ts';
import { writeTransaction } from './write-transaction.ts';
import {
  IngestBusyError,
  IngestRejectedError,
  type IngestContext,
  type IngestItem,
  type IngestStats,
  type PipelineOptions,
  type TableWriter,
} from './types.ts';

export type { PipelineHooks, PipelineOptions } from './types.ts';

interface Pending {
  ctx: IngestContext;
  items: IngestItem[];
  rows: number;
  bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

const DEFAULT_ROW_BYTES = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Group commit: submits queue up, and each flush writes everything waiting (up to flushMaxRows)
 * in one transaction, one writer call per table, then resolves every submit in it. When
 * PostgreSQL is unreachable or too slow, the flush goes to the fsynced spool instead, and a drain
 * loop replays the spool once a probe finds PostgreSQL back.
 */
export class IngestPipelineCore {
  private writers = new Map<string, TableWriter>();
  private pending: Pending[] = [];
  private pendingRows = 0;
  private inMemoryBytes = 0;
  private inflight = 0;
  private timer: NodeJS.Timeout | null = null;
  private dbUp = true;
  private probing = false;
  private draining: Promise<void> | null = null;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  readonly spool: Spool;

  constructor(private readonly opts: PipelineOptions) {
    this.spool = new Spool(opts.spoolDir, opts.spoolMaxBytes);
  }

  async open(): Promise<void> {
    await this.spool.open();
    if (this.spool.fileCount) this.startDrain();
  }

  register(writer: TableWriter): void {
    if (this.writers.has(writer.name)) throw new Error(`ingest writer ${writer.name} twice`);
    this.writers.set(writer.name, writer);
  }

  hasWriter(name: string): boolean {
    return this.writers.has(name);
  }

  stats(): IngestStats {
    return {
      queuedBytes: this.inMemoryBytes,
      queuedRows: this.pendingRows,
      spoolBytes: this.spool.totalBytes,
      spoolFiles: this.spool.fileCount,
      databaseUp: this.dbUp,
    };
  }

  private sizeOf(items: IngestItem[]): { rows: number; bytes: number } {
    let rows = 0;
    let bytes = 0;
    for (const it of items) {
      const w = this.writers.get(it.writer);
      if (!w) throw new Error(`no ingest writer named ${it.writer}`);
      rows += it.rows.length;
      if (w.sizeOf) for (const r of it.rows) bytes += w.sizeOf(r);
      else bytes += it.rows.length * DEFAULT_ROW_BYTES;
    }
    return { rows, bytes };
  }

  submit(ctx: IngestContext, items: IngestItem[]): Promise<void> {
    const nonEmpty = items.filter((i) => i.rows.length > 0);
    const { rows, bytes } = this.sizeOf(nonEmpty);
    if (rows === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new IngestBusyError('Pharos is shutting down.', 5));
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { ctx, items: nonEmpty, rows, bytes, resolve, reject };
      if (this.inMemoryBytes + bytes > this.opts.queueMaxBytes && this.inMemoryBytes > 0) {
        // Memory is full: this batch goes straight to the spool (or is refused if that is full).
        this.inMemoryBytes += bytes;
        void this.toSpool([p]).finally(() => (this.inMemoryBytes -= bytes));
        return;
      }
      this.inMemoryBytes += bytes;
      this.pending.push(p);
      this.pendingRows += rows;
      this.schedule();
    });
  }

  private schedule(): void {
    const max = this.opts.concurrency ?? 2;
    if (this.pending.length === 0 || this.inflight >= max) return;
    if (this.pendingRows >= this.opts.flushMaxRows || this.opts.flushIntervalMs <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      setImmediate(() => this.flushOnce());
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushOnce();
    }, this.opts.flushIntervalMs);
  }

  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    let rows = 0;
    while (this.pending.length) {
      const next = this.pending[0]!;
      if (group.length && rows + next.rows > this.opts.flushMaxRows) break;
      this.pending.shift();
      group.push(next);
      rows += next.rows;
    }
    this.pendingRows -= rows;
    return group;
  }

  private flushOnce(): void {
    if (this.inflight >= (this.opts.concurrency ?? 2)) return;
    const group = this.takeGroup();
    if (!group.length) return;
    this.inflight++;
    const bytes = group.reduce((n, p) => n + p.bytes, 0);
    const run = this.dbUp ? this.toDatabase(group) : this.toSpool(group);
    void run.finally(() => {
      this.inflight--;
      this.inMemoryBytes -= bytes;
      this.schedule();
      if (this.inflight === 0 && this.pending.length === 0) {
        for (const w of this.idleWaiters.splice(0)) w();
      }
    });
  }

  /**
   * Writes a group in one transaction; on failure spools it, isolates bad batches or rejects.
   * A unique violation (rows already stored: a client retry, or a retry racing its original)
   * writes the same group again in `replay` mode, where every writer drops what is stored.
   */
  private async toDatabase(group: Pending[], replay = false): Promise<void> {
    const started = process.hrtime.bigint();
    const timeoutMs = this.opts.writeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const write = this.writeTransaction(
      group.flatMap((p) => p.items),
      replay,
    );
    const timeout = new Promise<'timeout'>(
      (r) => (timer = setTimeout(() => r('timeout'), timeoutMs)),
    );
    try {
      const outcome = await Promise.race([write.then(() => 'ok' as const), timeout]);
      if (outcome === 'timeout') {
        write.catch(() => {}); // it may still commit; the spooled copy dedupes on replay
        this.opts.log.warn({ timeout_ms: timeoutMs }, 'ingest flush too slow; spooling');
        this.markDown();
        await this.toSpool(group);
        return;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.opts.hooks?.flushed?.(
        seconds,
        group.reduce((n, p) => n + p.rows, 0),
        'database',
      );
      for (const p of group) {
        this.opts.hooks?.committed?.(p.ctx, p.rows, seconds);
        p.resolve();
      }
    } catch (err) {
      const kind = classifyWriteError(err);
      if (kind === 'unavailable') {
        this.opts.log.warn({ err }, 'PostgreSQL unavailable for ingest; spooling');
        this.markDown();
        await this.toSpool(group);
      } else if (!replay && isUniqueViolation(err)) {
        await this.toDatabase(group, true);
      } else if (group.length > 1) {
        // One bad batch must not fail the others that shared its transaction.
        for (const p of group) await this.toDatabase([p], replay);
      } else {
        const p = group[0]!;
        this.opts.log.error(
          { err, org_id: p.ctx.orgId, source: p.ctx.source },
          'ingest batch refused by PostgreSQL',
        );
        this.opts.hooks?.refused?.(p.ctx, p.rows, kind);
        p.reject(
          kind === 'data'
            ? new IngestRejectedError(
                `The database refused these records: ${(err as Error).message}`,
              )
            : err,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private writeTransaction(items: IngestItem[], replay: boolean): Promise<void> {
    return writeTransaction(this.opts.pool, this.writers, items, replay);
  }

  private async toSpool(group: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    const data = this.spool.encode(group.flatMap((p) => p.items));
    const rows = group.reduce((n, p) => n + p.rows, 0);
    if (!this.spool.hasRoom(data.length)) {
      const err = new IngestBusyError(
        'Pharos cannot store more right now (database unavailable and spool full); retry later.',
        this.dbUp ? 2 : 10,
      );
      for (const p of group) {
        this.opts.hooks?.refused?.(p.ctx, p.rows, 'busy');
        p.reject(err);
      }
      return;
    }
    try {
      await this.spool.write(data);
    } catch (err) {
      this.opts.log.error({ err }, 'ingest spool write failed');
      for (const p of group)
        p.reject(new IngestBusyError('Pharos cannot store records right now.', 10));
      return;
    }
    this.opts.hooks?.flushed?.(Number(process.hrtime.bigint() - started) / 1e9, rows, 'spool');
    for (const p of group) {
      this.opts.hooks?.spooled?.(p.ctx, p.rows);
      p.resolve();
    }
    if (this.dbUp) this.startDrain();
  }

  private markDown(): void {
    this.dbUp = false;
    if (this.probing || this.closed) return;
    this.probing = true;
    void (async () => {
      while (!this.closed) {
        await sleep(this.opts.probeIntervalMs ?? 1000);
        try {
          await this.opts.pool.query('SELECT 1');
          break;
        } catch {
          // still down
        }
      }
      this.probing = false;
      if (this.closed) return;
      this.opts.log.info('PostgreSQL reachable again; draining the ingest spool');
      this.dbUp = true;
      this.startDrain();
      this.schedule();
    })();
  }

  /**
   * Replays spooled files oldest first, many files per transaction (each file is small: one
   * flush), deleting them after commit. A batch PostgreSQL refuses as data is retried file by
   * file so only the bad file is set aside.
   */
  private startDrain(): void {
    if (this.draining || !this.dbUp) return;
    this.draining = (async () => {
      while (this.dbUp && !this.closed && this.spool.fileCount) {
        const files: SpoolFile[] = [];
        const items: IngestItem[] = [];
        let rows = 0;
        for (const file of this.spool.list()) {
          if (files.length && (rows >= this.opts.flushMaxRows || files.length >= 200)) break;
          try {
            const entry = await this.spool.read(file);
            for (const it of entry.items) {
              if (!this.writers.has(it.writer)) continue;
              items.push(it);
              rows += it.rows.length;
            }
            files.push(file);
          } catch (err) {
            this.opts.log.error({ err, file: file.name }, 'unreadable spool file set aside');
            await this.spool.quarantine(file);
          }
        }
        if (!files.length) continue;
        try {
          await this.writeTransaction(items, true);
          for (const f of files) await this.spool.remove(f);
        } catch (err) {
          if (classifyWriteError(err) === 'unavailable') {
            this.markDown();
            break;
          }
          if (files.length === 1) {
            this.opts.log.error(
              { err, file: files[0]!.name },
              'spool file refused by PostgreSQL, set aside',
            );
            await this.spool.quarantine(files[0]!);
          } else {
            for (const f of files) {
              const entry = await this.spool.read(f);
              try {
                await this.writeTransaction(
                  entry.items.filter((i) => this.writers.has(i.writer)),
                  true,
                );
                await this.spool.remove(f);
              } catch (e) {
                if (classifyWriteError(e) === 'unavailable') {
                  this.markDown();
                  return;
                }
                this.opts.log.error(
                  { err: e, file: f.name },
                  'spool file refused by PostgreSQL, set aside',
                );
                await this.spool.quarantine(f);
              }
            }
          }
        }
      }
    })().finally(() => {
      this.draining = null;
      if (this.dbUp && this.spool.fileCount && !this.closed)
        setTimeout(() => this.startDrain(), 100);
    });
  }

  /** Waits until nothing is queued or in flight, and the spool is drained if PostgreSQL is up. */
  async flush(): Promise<void> {
    if (this.pending.length || this.inflight) {
      await new Promise<void>((r) => {
        this.idleWaiters.push(r);
        this.schedule();
      });
    }
    while (this.dbUp && this.spool.fileCount && !this.closed) {
      this.startDrain();
      await (this.draining ?? sleep(50));
    }
  }

  /** Stops taking submits, writes what is queued (to PostgreSQL or the spool), stops loops. */
  async close(): Promise<void> {
    if (this.pending.length || this.inflight) {
      await new Promise<void>((r) => {
        this.idleWaiters.push(r);
        this.schedule();
      });
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }
}
