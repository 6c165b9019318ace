import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { upsertSources, type SourceUpdate } from './repository.ts';
import type { IngestContext } from './types.ts';

/** log_sources.type for each adapter's `source`; anything else is `custom`. */
const TYPES: Record<string, string> = {
  'otlp-logs': 'otlp',
  'otlp-traces': 'otlp',
  'otlp-metrics': 'otlp',
  ndjson: 'ndjson',
  'es-bulk': 'elasticsearch',
  elasticsearch: 'elasticsearch',
  loki: 'loki',
  syslog: 'syslog',
  'syslog-ng': 'syslog',
  sentry: 'sdk',
  csp: 'application',
};

export function sourceName(ctx: IngestContext): string {
  const base = ctx.sourceName ? `${ctx.source}: ${ctx.sourceName}` : ctx.source;
  return base.slice(0, 100);
}

interface Acc {
  ctx: IngestContext;
  records: number;
  errors: number;
  lastError: string | null;
}

/**
 * Who sends what: counts per (organization, source) in memory, written to log_sources in one
 * statement every interval, never a write per request.
 */
export class SourceTracker {
  private acc = new Map<string, Acc>();
  private last = Date.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  note(ctx: IngestContext, records: number, errors = 0, error: string | null = null): void {
    const key = `${ctx.orgId}\u0000${sourceName(ctx)}`;
    let a = this.acc.get(key);
    if (!a) this.acc.set(key, (a = { ctx, records: 0, errors: 0, lastError: null }));
    a.records += records;
    a.errors += errors;
    if (error) a.lastError = error.slice(0, 1000);
  }

  async flush(): Promise<void> {
    const now = Date.now();
    const seconds = Math.max(1, (now - this.last) / 1000);
    this.last = now;
    if (!this.acc.size) return;
    const batch = [...this.acc.values()];
    this.acc.clear();
    const updates: SourceUpdate[] = batch.map((a) => ({
      orgId: a.ctx.orgId,
      name: sourceName(a.ctx),
      type: TYPES[a.ctx.source] ?? 'custom',
      apiKeyId: a.ctx.apiKeyId,
      records: a.records,
      errors: a.errors,
      lastError: a.lastError,
      ratePerSecond: Math.round((a.records / seconds) * 100) / 100,
      seenAt: new Date(now),
    }));
    try {
      await upsertSources(this.pool, updates);
    } catch (err) {
      // Bookkeeping only: losing one interval's counts is better than retrying forever.
      this.log.warn({ err }, 'could not update log_sources');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
