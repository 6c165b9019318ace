import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PipelineHooks } from './pipeline.ts';
import type { IngestStats } from './types.ts';

export interface IngestMetrics extends PipelineHooks {
  accepted: Counter<'source'>;
  rejected: Counter<'source' | 'reason'>;
}

/** Ingest metrics on Pharos's own /metrics. */
export function createIngestMetrics(registry: Registry, stats: () => IngestStats): IngestMetrics {
  const accepted = new Counter({
    name: 'pharos_ingest_records_accepted_total',
    help: 'Records acknowledged (committed or spooled), by adapter',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const spooled = new Counter({
    name: 'pharos_ingest_records_spooled_total',
    help: 'Records acknowledged from the local spool while PostgreSQL was unavailable or slow',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'pharos_ingest_records_rejected_total',
    help: 'Records refused: invalid, busy (503/429), rate_limited, data (refused by PostgreSQL)',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  });
  const flush = new Histogram({
    name: 'pharos_ingest_flush_seconds',
    help: 'Latency of one ingest flush (one transaction or one spool file)',
    labelNames: ['target'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const flushRows = new Histogram({
    name: 'pharos_ingest_flush_rows',
    help: 'Rows per ingest flush',
    labelNames: ['target'] as const,
    buckets: [1, 10, 100, 1000, 5000, 10000, 20000, 50000],
    registers: [registry],
  });
  new Gauge({
    name: 'pharos_ingest_queue_bytes',
    help: 'Bytes of records waiting in memory for the database',
    registers: [registry],
    collect() {
      this.set(stats().queuedBytes);
    },
  });
  new Gauge({
    name: 'pharos_ingest_queue_rows',
    help: 'Records waiting in memory for a flush',
    registers: [registry],
    collect() {
      this.set(stats().queuedRows);
    },
  });
  new Gauge({
    name: 'pharos_ingest_spool_bytes',
    help: 'Bytes in the local ingest spool waiting to be replayed',
    registers: [registry],
    collect() {
      this.set(stats().spoolBytes);
    },
  });
  new Gauge({
    name: 'pharos_ingest_database_up',
    help: '1 when the ingest pipeline writes to PostgreSQL, 0 while it spools',
    registers: [registry],
    collect() {
      this.set(stats().databaseUp ? 1 : 0);
    },
  });
  return {
    accepted,
    rejected,
    committed: (ctx, rows) => accepted.inc({ source: ctx.source }, rows),
    spooled: (ctx, rows) => {
      accepted.inc({ source: ctx.source }, rows);
      spooled.inc({ source: ctx.source }, rows);
    },
    refused: (ctx, rows, reason) => rejected.inc({ source: ctx.source, reason }, rows),
    flushed: (seconds, rows, target) => {
      flush.observe({ target }, seconds);
      flushRows.observe({ target }, rows);
    },
  };
}
