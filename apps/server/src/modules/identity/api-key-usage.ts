import type { FastifyBaseLogger } from 'fastify';
import { systemCtx } from '../../db/context.ts';
import type { Db } from '../../db/client.ts';
import { addApiKeyUsage } from './repository-sessions.ts';

const FLUSH_EVERY_MS = 5_000;

/**
 * Batches last_used_at / last_used_ip / usage_count: a key's first use in five seconds is
 * written at once (so a fresh key shows its use), later ones are added up and written by a timer.
 */
export class ApiKeyUsageRecorder {
  private pending = new Map<
    string,
    { count: number; lastAt: Date; lastIp: string | null; flushedAt: number }
  >();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private db: Db,
    private log: FastifyBaseLogger | null,
  ) {}

  async record(keyId: string, ip: string | null, now = Date.now()): Promise<void> {
    let e = this.pending.get(keyId);
    if (!e) {
      e = { count: 0, lastAt: new Date(now), lastIp: ip, flushedAt: 0 };
      this.pending.set(keyId, e);
    }
    e.count++;
    e.lastAt = new Date(now);
    e.lastIp = ip;
    if (now - e.flushedAt >= FLUSH_EVERY_MS) {
      e.flushedAt = now;
      await this.flushOne(keyId);
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, FLUSH_EVERY_MS).unref();
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.flushOne(id)));
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async flushOne(keyId: string): Promise<void> {
    const e = this.pending.get(keyId);
    if (!e || e.count === 0) return;
    const batch = { count: e.count, lastUsedAt: e.lastAt, lastIp: e.lastIp };
    e.count = 0;
    try {
      await addApiKeyUsage(systemCtx(this.db, 'identity.api_key_usage'), keyId, batch);
    } catch (err) {
      e.count += batch.count; // retried with the next flush
      this.log?.warn({ err, api_key_id: keyId }, 'could not record API key usage');
    }
  }
}
