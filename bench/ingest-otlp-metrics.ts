// OTLP/HTTP metric ingest (protobuf, what the OpenTelemetry SDKs and Collector send) versus
// Prometheus remote write of the same samples into the same Pharos, in one run: both paths end
// in ingestSeries and the metric_samples writer, so the ratio is the cost of OTLP decoding and
// name/attribute translation. Gauges, one data point per series per 15-second round, 1,000
// points per request, CLIENTS concurrent keep-alive clients, acknowledged after COMMIT; round 0
// creates the series and is not timed. Requests are encoded up front.
//   npm run bench -- ingest-otlp-metrics [series=4000] [rounds=20] [clients=4]
import { Agent, request } from 'node:http';
import { loadOtlpRoot } from '../apps/server/src/modules/logs/index.ts';
import { benchIngestKey, listenBenchApp, startBenchDatabase } from './lib-pharos.ts';
import { encodeLabels, writeRequest } from './lib-remote-write.ts';

const SERIES = Number(process.argv[2] ?? 4000);
const ROUNDS = Number(process.argv[3] ?? 20);
const CLIENTS = Number(process.argv[4] ?? 4);
const PER_REQUEST = 1000;
const STEP_MS = 15_000;

const bench = await startBenchDatabase('otlp-metrics');
const key = await benchIngestKey(bench);
const { app, port } = await listenBenchApp(bench);
const base = Date.now() - (ROUNDS + 2) * STEP_MS;

const root = loadOtlpRoot(['metrics_service.proto']);
const Req = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
const value = (i: number, r: number) =>
  Math.round((i % 97) * 10 + r * 1.5 + Math.random() * 100) / 10;

function otlpBody(r: number, from: number): Buffer {
  const dataPoints = [];
  for (let i = from; i < Math.min(from + PER_REQUEST, SERIES); i++) {
    dataPoints.push({
      attributes: [{ key: 'series', value: { stringValue: String(i) } }],
      timeUnixNano: String(BigInt(base + r * STEP_MS) * 1_000_000n),
      asDouble: value(i, r),
    });
  }
  const msg = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
        scopeMetrics: [
          {
            scope: { name: 'bench' },
            metrics: [{ name: 'bench.otlp.gauge', gauge: { dataPoints } }],
          },
        ],
      },
    ],
  };
  return Buffer.from(Req.encode(Req.fromObject(msg)).finish());
}

const rwLabels = Array.from({ length: SERIES }, (_, i) =>
  encodeLabels('bench_rw_gauge', { job: 'bench', series: String(i) }),
);
function rwBody(r: number, from: number): Buffer {
  const series = [];
  for (let i = from; i < Math.min(from + PER_REQUEST, SERIES); i++) {
    series.push({ labels: rwLabels[i]!, value: value(i, r), timeMs: base + r * STEP_MS });
  }
  return writeRequest(series);
}

function build(make: (r: number, from: number) => Buffer): Buffer[][] {
  return Array.from({ length: ROUNDS + 1 }, (_, r) =>
    Array.from({ length: Math.ceil(SERIES / PER_REQUEST) }, (_, k) => make(r, k * PER_REQUEST)),
  );
}

function post(
  agent: Agent,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode && res.statusCode < 300
            ? resolve()
            : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends rounds [from, to) with CLIENTS requests in flight; returns the seconds taken. */
async function send(
  rounds: Buffer[][],
  path: string,
  headers: Record<string, string>,
  from: number,
  to: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const started = performance.now();
  for (let r = from; r < to; r++) {
    const queue = [...rounds[r]!];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let b = queue.shift(); b; b = queue.shift()) await post(agent, path, b, headers);
      }),
    );
  }
  agent.destroy();
  return (performance.now() - started) / 1000;
}

const otlp = build(otlpBody);
const rw = build(rwBody);
const auth = `Bearer ${key}`;
const otlpHeaders = { authorization: auth, 'content-type': 'application/x-protobuf' };
const rwHeaders = {
  authorization: auth,
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};
await send(otlp, '/v1/metrics', otlpHeaders, 0, 1);
await send(rw, '/api/v1/write', rwHeaders, 0, 1);
const samples = SERIES * ROUNDS;
const otlpSeconds = await send(otlp, '/v1/metrics', otlpHeaders, 1, ROUNDS + 1);
const rwSeconds = await send(rw, '/api/v1/write', rwHeaders, 1, ROUNDS + 1);
const stored = await bench.database.handle.pool.query<{ n: string }>(
  'SELECT count(*)::text AS n FROM metric_samples',
);
const otlpRate = samples / otlpSeconds;
const rwRate = samples / rwSeconds;
process.stdout.write(
  [
    `series ${SERIES}, rounds ${ROUNDS} (+1 untimed), ${PER_REQUEST} points/request, ${CLIENTS} clients; stored ${stored.rows[0]!.n} samples`,
    `OTLP/HTTP protobuf  ${Math.round(otlpRate).toLocaleString('en')} data points/s`,
    `remote write        ${Math.round(rwRate).toLocaleString('en')} samples/s (baseline, same run)`,
    `ratio OTLP / remote write: ${(otlpRate / rwRate).toFixed(2)}`,
    '',
  ].join('\n'),
);
await app.close();
await bench.cleanup();
