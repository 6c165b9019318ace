import { join } from 'node:path';
import type pg from 'pg';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { readIngestBody as readBody, type ReadIngestBodyOptions } from './body.ts';
import { createIngestMetrics } from './metrics.ts';
import { IngestPipelineCore } from './pipeline.ts';
import { OrgRateLimiter } from './rate-limit.ts';
import { orgSettingsCache, runtimeOf, setRuntime } from './runtime.ts';
import { SourceTracker } from './sources.ts';
import { IngestRateLimitedError, type IngestPipeline } from './types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ingest: IngestPipeline;
  }
}

export interface IngestPluginOptions {
  /** The pool flushes use (default: the app's). */
  pool?: pg.Pool;
  /** Default `<data dir>/spool`. */
  spoolDir?: string;
  /** Flush transactions at once (default: PHAROS_INGEST_FLUSH_CONCURRENCY). */
  concurrency?: number;
  /** Spool a flush slower than this (default 5000 ms). */
  writeTimeoutMs?: number;
  probeIntervalMs?: number;
  /** log_sources update interval (default 10 s). */
  sourcesIntervalMs?: number;
}

/** Decorates `app.ingest`: writers register on it, adapters submit to it. */
export const ingestPlugin = fp(
  async (app: FastifyInstance, opts: IngestPluginOptions) => {
    const { config } = app.deps;
    const pool = opts.pool ?? app.deps.db.pool;
    let core: IngestPipelineCore | null = null;
    const stats = () => core!.stats();
    const metrics = createIngestMetrics(app.metrics.registry, stats);
    core = new IngestPipelineCore({
      pool,
      spoolDir: opts.spoolDir ?? join(config.dataDir, 'spool'),
      spoolMaxBytes: config.ingest.spoolMaxBytes,
      queueMaxBytes: config.ingest.queueMaxBytes,
      flushMaxRows: config.ingest.flushRows,
      flushIntervalMs: config.ingest.flushMs,
      concurrency: opts.concurrency ?? config.ingest.flushConcurrency,
      writeTimeoutMs: opts.writeTimeoutMs ?? 5000,
      probeIntervalMs: opts.probeIntervalMs ?? 1000,
      log: app.log,
      hooks: metrics,
    });
    const sources = new SourceTracker(pool, app.log, opts.sourcesIntervalMs);
    const limiter = new OrgRateLimiter();
    const cache = orgSettingsCache(app.deps);
    const rt = {
      core,
      knownKeys: new Map(),
      sources,
      limiter,
      limits: {
        maxBytes: config.ingest.maxBodyBytes,
        maxDecodedBytes: config.ingest.maxDecodedBytes,
      },
      ...cache,
    };
    setRuntime(app.deps, rt);

    const api: IngestPipeline = {
      register: (writer) => core.register(writer as never),
      async submit(ctx, items) {
        const rows = items.reduce((n, i) => n + i.rows.length, 0);
        const { recordsPerSecond } = await cache.orgSettings(ctx.orgId);
        const wait = limiter.take(ctx.orgId, rows, recordsPerSecond);
        if (wait > 0) {
          metrics.refused?.(ctx, rows, 'rate_limited');
          throw new IngestRateLimitedError(
            `This organization may ingest ${recordsPerSecond} records per second.`,
            wait,
          );
        }
        try {
          await core.submit(ctx, items);
        } catch (err) {
          sources.note(ctx, 0, rows, (err as Error).message);
          throw err;
        }
        sources.note(ctx, rows);
      },
      noteRejected(ctx, count, error) {
        if (count <= 0) return;
        metrics.rejected.inc({ source: ctx.source, reason: 'invalid' }, count);
        sources.note(ctx, 0, count, error);
      },
      stats,
      flush: () => core.flush(),
    };
    app.decorate('ingest', api);
    app.addHook('onReady', async () => {
      await core.open();
      sources.start();
    });
    app.addHook('onClose', async () => {
      await core.close();
      await sources.stop();
    });
  },
  { name: 'pharos-ingest' },
);

/**
 * In an ingest route scope: every body arrives as a Buffer whatever its Content-Type (or
 * none), up to the ingest body limit, for readIngestBody() and the adapter to decode.
 */
export function useRawBodies(app: FastifyInstance, bodyLimit?: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: bodyLimit ?? app.deps.config.ingest.maxBodyBytes },
    (_req, body, done) => done(null, body),
  );
}

/** Raw body with limits before and after decompression (413), by Content-Encoding or forced. */
export function readIngestBody(req: FastifyRequest, opts: ReadIngestBodyOptions = {}) {
  return readBody(req, opts, runtimeOf(req.server).limits);
}
