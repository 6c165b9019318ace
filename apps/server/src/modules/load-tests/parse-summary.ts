/**
 * k6 and autocannon end-of-test summaries as one load_test_results row. Pure.
 *
 * - k6 `--summary-export` (legacy): `metrics.<name>` holds the statistics directly
 *   (`{avg, min, med, max, "p(95)"}`, `{count, rate}`, `{passes, fails, value}`) and thresholds
 *   as `{expression: failed}`.
 * - k6 `handleSummary(data)` JSON: `metrics.<name>.values` holds them, thresholds are
 *   `{expression: {ok}}`, and `state.testRunDurationMs` the run's length.
 * - autocannon `--json` / result object: `requests`, `latency` (ms), `duration` (s), `errors`,
 *   `non2xx`, `start`/`finish`. It reports p90, p97.5 and p99 but no p95, which stays null.
 */

export type Tool = 'k6' | 'autocannon';
export type Status = 'passed' | 'failed' | 'warning';

export interface LoadTestFigures {
  tool: Tool;
  title: string | null;
  durationSeconds: number;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  averageMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  throughputRps: number | null;
  /** Percent, 0..100. */
  errorRate: number;
  /** Per metric: expression -> { ok }. */
  thresholds: Record<string, Record<string, { ok: boolean }>>;
  status: Status;
  startedAt: Date | null;
  completedAt: Date | null;
}

export class SummaryError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const count = (v: unknown): number => Math.max(0, Math.round(num(v) ?? 0));

export function detectTool(body: unknown): Tool | null {
  if (!isObj(body)) return null;
  if (isObj(body.metrics) && (isObj(body.root_group) || isObj(body.state) || isObj(body.options)))
    return 'k6';
  if (isObj(body.latency) && isObj(body.requests) && 'duration' in body) return 'autocannon';
  return null;
}

function k6Figures(body: Obj): LoadTestFigures {
  const metrics = body.metrics as Obj;
  // handleSummary nests statistics under `values`; --summary-export does not.
  const stats = (name: string): Obj => {
    const m = metrics[name];
    if (!isObj(m)) return {};
    return isObj(m.values) ? m.values : m;
  };
  const thresholds: LoadTestFigures['thresholds'] = {};
  let thresholdFailed = false;
  for (const [name, m] of Object.entries(metrics)) {
    if (!isObj(m) || !isObj(m.thresholds)) continue;
    for (const [expr, v] of Object.entries(m.thresholds)) {
      // Legacy export: `true` means the threshold failed; handleSummary: `{ ok }`.
      const ok = isObj(v) ? v.ok !== false : v !== true;
      (thresholds[name] ??= {})[expr] = { ok };
      if (!ok) thresholdFailed = true;
    }
  }
  const reqs = stats('http_reqs');
  const total = count(reqs.count);
  const failedStats = stats('http_req_failed');
  // A k6 rate counts `true` values as passes: for http_req_failed, the failed requests.
  const failed = Math.min(total, count(failedStats.passes));
  const state = isObj(body.state) ? body.state : {};
  const rate = num(reqs.rate);
  const durationMs =
    num(state.testRunDurationMs) ?? (rate && total ? (total / rate) * 1000 : null) ?? 0;
  const duration = stats('http_req_duration');
  const checks = stats('checks');
  const checkFailures = count(checks.fails);
  return {
    tool: 'k6',
    title: null,
    durationSeconds: Math.round(durationMs / 1000),
    totalRequests: total,
    successfulRequests: total - failed,
    failedRequests: failed,
    averageMs: num(duration.avg),
    p95Ms: num(duration['p(95)']),
    p99Ms: num(duration['p(99)']),
    throughputRps: rate,
    errorRate: total ? (failed / total) * 100 : 0,
    thresholds,
    status: thresholdFailed ? 'failed' : failed || checkFailures ? 'warning' : 'passed',
    startedAt: null,
    completedAt: null,
  };
}

function autocannonFigures(body: Obj): LoadTestFigures {
  const requests = body.requests as Obj;
  const latency = body.latency as Obj;
  const completed = count(requests.total);
  const errors = count(body.errors); // connection errors, timeouts included
  const non2xx = Math.min(completed, count(body.non2xx));
  const total = completed + errors;
  const failed = non2xx + errors;
  const start = typeof body.start === 'string' ? new Date(body.start) : null;
  const finish = typeof body.finish === 'string' ? new Date(body.finish) : null;
  return {
    tool: 'autocannon',
    title: typeof body.title === 'string' && body.title ? body.title : null,
    durationSeconds: Math.round(num(body.duration) ?? 0),
    totalRequests: total,
    successfulRequests: total - failed,
    failedRequests: failed,
    averageMs: num(latency.average) ?? num(latency.mean),
    p95Ms: null,
    p99Ms: num(latency.p99),
    throughputRps: num(requests.average) ?? num(requests.mean),
    errorRate: total ? (failed / total) * 100 : 0,
    thresholds: {},
    status: failed ? 'warning' : 'passed',
    startedAt: start && !Number.isNaN(start.getTime()) ? start : null,
    completedAt: finish && !Number.isNaN(finish.getTime()) ? finish : null,
  };
}

const LIMIT = 99_999_999; // numeric(10,2)

/** The figures of a k6 or autocannon summary; SummaryError (a 400) for anything else. */
export function parseLoadTestSummary(body: unknown): LoadTestFigures {
  const tool = detectTool(body);
  if (!tool)
    throw new SummaryError(
      'Not a k6 summary (--summary-export or handleSummary JSON) or an autocannon result.',
    );
  const f = tool === 'k6' ? k6Figures(body as Obj) : autocannonFigures(body as Obj);
  for (const [k, v] of Object.entries({
    average: f.averageMs,
    p95: f.p95Ms,
    p99: f.p99Ms,
    throughput: f.throughputRps,
  })) {
    if (v !== null && (v < 0 || v > LIMIT)) throw new SummaryError(`${k} ${v} is out of range`);
  }
  if (f.totalRequests > 2 ** 31 - 1 || f.durationSeconds > 2 ** 31 - 1)
    throw new SummaryError('request count or duration is out of range');
  return f;
}
