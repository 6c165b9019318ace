// Log ingest over HTTP versus raw COPY of the same records into the same table (PERFORMANCE.md
// target: >= 60%). OTLP/HTTP protobuf and NDJSON, 1,000-record requests, several concurrent
// keep-alive clients (sent from a child process, bench/lib/http-load.mjs), acknowledged after
// COMMIT; raw COPY writes the same rows with as many connections as the pipeline's flush
// concurrency (PHAROS_INGEST_FLUSH_CONCURRENCY), 5,000 rows per COPY and transaction. Fresh
// embedded PostgreSQL with its default (durable) settings. Medians of 3 rounds.
//   npm run bench -- ingest-logs [requestsPerRound=100] [clients=8]
import { runLoad, writeLoadFile } from './lib-http-load.ts';
import { benchIngestKey, listenBenchApp, startBenchDatabase } from './lib-pharos.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyLines } from '../apps/server/src/modules/ingest/index.ts';
import {
  LOG_COLUMNS,
  loadOtlpRoot,
  logRowLine,
  type LogRow,
} from '../apps/server/src/modules/logs/index.ts';

const REQUESTS = Number(process.argv[2] ?? 100);
const CLIENTS = Number(process.argv[3] ?? 8);
const PER_REQUEST = 1000;
const ROUNDS = 3;

const bench = await startBenchDatabase('logs');
const { database } = bench;
const org = { id: bench.orgId };
const key = await benchIngestKey(bench);
const { app, port } = await listenBenchApp(bench);
const CONNECTIONS = bench.config.ingest.flushConcurrency;

// ~380-byte records: time, level, service, ~200-byte message, 5 attributes, trace and request id.
const LEVELS = ['info', 'info', 'info', 'warn', 'error'] as const;
interface Rec {
  id: string;
  ns: bigint;
  level: (typeof LEVELS)[number];
  service: string;
  message: string;
  traceId: string;
  requestId: string;
  attrs: Record<string, string | number>;
}
function records(n: number): Rec[] {
  const now = BigInt(Date.now()) * 1_000_000n;
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    ns: now + BigInt(i) * 1000n,
    level: LEVELS[i % LEVELS.length]!,
    service: `svc-${i % 20}`,
    message:
      `GET /api/orders/${i} completed for customer ${i % 977} after upstream call to inventory ` +
      'x'.repeat(110),
    traceId: randomBytes(16).toString('hex'),
    requestId: randomBytes(8).toString('hex'),
    attrs: {
      'http.method': 'GET',
      'http.route': '/api/orders/:id',
      'http.status_code': 200,
      'net.peer': '10.0.0.7',
      region: 'eu-west-1',
    },
  }));
}

const root = loadOtlpRoot(['logs_service.proto']);
const Req = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
const SEV = { info: 9, warn: 13, error: 17 } as const;
function otlpBody(recs: Rec[]): Buffer {
  const kv = (key: string, v: string | number) => ({
    key,
    value: typeof v === 'number' ? { intValue: v } : { stringValue: v },
  });
  return Buffer.from(
    Req.encode(
      Req.create({
        resourceLogs: [
          {
            resource: {
              attributes: [kv('service.name', recs[0]!.service), kv('host.name', 'bench')],
            },
            scopeLogs: [
              {
                scope: { name: 'bench' },
                logRecords: recs.map((r) => ({
                  timeUnixNano: r.ns.toString(),
                  severityNumber: SEV[r.level],
                  severityText: r.level.toUpperCase(),
                  body: { stringValue: r.message },
                  traceId: Buffer.from(r.traceId, 'hex'),
                  attributes: [
                    ...Object.entries(r.attrs).map(([k, v]) => kv(k, v)),
                    kv('log.record.uid', r.id),
                    kv('request.id', r.requestId),
                  ],
                })),
              },
            ],
          },
        ],
      }),
    ).finish(),
  );
}
function ndjsonBody(recs: Rec[]): Buffer {
  return Buffer.from(
    recs
      .map((r) =>
        JSON.stringify({
          id: r.id,
          ts: new Date(Number(r.ns / 1_000_000n)).toISOString(),
          level: r.level,
          service: r.service,
          msg: r.message,
          trace_id: r.traceId,
          request_id: r.requestId,
          ...r.attrs,
        }),
      )
      .join('\n'),
  );
}
function copyRows(recs: Rec[]): string[] {
  const cache = new WeakMap<object, string>();
  const resource = { 'service.name': 'bench' };
  return recs.map((r) =>
    logRowLine(
      {
        org_id: org.id,
        project_id: 1,
        time: new Date(Number(r.ns / 1_000_000n)).toISOString(),
        record_id: r.id,
        level: r.level === 'warn' ? 'warning' : r.level,
        service: r.service,
        message: r.message,
        trace_id: r.traceId,
        request_id: r.requestId,
        attributes: r.attrs,
        resource,
      } satisfies LogRow,
      cache,
    ),
  );
}

/**
 * Posts the bodies from another process (bench/lib/http-load.mjs), spread over CLIENTS keep-alive
 * connections, one request at a time each; records per second.
 */
async function overHttp(path: string, type: string, bodies: Buffer[]): Promise<number> {
  const perClient: Buffer[][] = Array.from({ length: CLIENTS }, () => []);
  bodies.forEach((b, i) => perClient[i % CLIENTS]!.push(b));
  const file = writeLoadFile([perClient]);
  try {
    const r = await runLoad({
      file,
      port,
      path,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': type },
      from: 0,
      to: 1,
    });
    return (bodies.length * PER_REQUEST) / r.seconds;
  } finally {
    file.remove();
  }
}

async function rawCopy(lines: string[]): Promise<number> {
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += 5000) chunks.push(lines.slice(i, i + 5000));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = await database.handle.pool.connect();
      try {
        while (next < chunks.length) {
          const c = chunks[next++]!;
          await client.query('BEGIN');
          await copyLines(client, 'log_records', LOG_COLUMNS, c);
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    }),
  );
  return lines.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => `${Math.round(n / 100) / 10}k/s`;
const results = { otlp: [] as number[], ndjson: [] as number[], copy: [] as number[] };
// Warm-up (JIT, connections, partitions).
await overHttp('/api/v1/ingest/logs', 'application/x-ndjson', [ndjsonBody(records(PER_REQUEST))]);
for (let round = 1; round <= ROUNDS; round++) {
  const batches = () => Array.from({ length: REQUESTS }, () => records(PER_REQUEST));
  const o = await overHttp('/v1/logs', 'application/x-protobuf', batches().map(otlpBody));
  const n = await overHttp(
    '/api/v1/ingest/logs',
    'application/x-ndjson',
    batches().map(ndjsonBody),
  );
  const c = await rawCopy(batches().flatMap(copyRows));
  results.otlp.push(o);
  results.ndjson.push(n);
  results.copy.push(c);
  process.stdout.write(
    `round ${round}: OTLP protobuf ${fmt(o)}, NDJSON ${fmt(n)}, raw COPY ${fmt(c)}\n`,
  );
}
const copy = median(results.copy);
process.stdout.write(
  [
    '',
    `log ingest, ${PER_REQUEST}-record requests, ${CLIENTS} clients, ${REQUESTS * PER_REQUEST} records per measurement, medians of ${ROUNDS}:`,
    `  OTLP/HTTP protobuf  ${fmt(median(results.otlp))}  ${Math.round((median(results.otlp) / copy) * 100)}% of raw COPY`,
    `  NDJSON              ${fmt(median(results.ndjson))}  ${Math.round((median(results.ndjson) / copy) * 100)}% of raw COPY`,
    `  raw COPY            ${fmt(copy)}  (${CONNECTIONS} connections, 5,000 rows per COPY)`,
    '  target: >= 60% of raw COPY',
    '',
  ].join('\n'),
);
await app.close();
await bench.cleanup();
