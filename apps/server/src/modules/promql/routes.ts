import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPE_BASE } from '@pharos/contracts';
import { problemBody } from '../../platform/errors.ts';
import { evaluateQuery, MAX_TIMEOUT_MS } from './evaluate-query.ts';
import { queryResponseBody, successJson } from './format-response.ts';
import {
  BadParam,
  checkLabelName,
  listParam,
  MAX_TIME_MS,
  MIN_TIME_MS,
  parseDuration,
  parseTime,
} from './params.ts';
import { listLabelNames, listLabelValues, listMetadata, listSeriesLabels } from './read-labels.ts';
import {
  BuildInfoResponse,
  LabelValuesPath,
  MetadataParams,
  MetadataResponse,
  NamesResponse,
  QueryParams,
  QueryRangeParams,
  QueryResponse,
  SeriesParams,
  SeriesResponse,
  type MetadataParams as MetadataInput,
  type QueryParams as QueryInput,
  type QueryRangeParams as QueryRangeInput,
  type SeriesParams as SeriesInput,
} from './schemas.ts';
import { PromQLError } from './types.ts';

/**
 * The Prometheus HTTP API (query, query_range, series, labels, label values, metadata,
 * buildinfo) so Grafana can use Pharos as a Prometheus data source. Answers use Prometheus'
 * envelope; error bodies carry both Prometheus' fields (`status: "error"`, `errorType`,
 * `error`) and the problem fields (`type`, `title`, `detail`).
 */

// Grafana's basic auth sends the API key as the password. The POSTs only read (Grafana POSTs
// its queries as forms), so they are not audited mutations.
const READ = { permission: 'telemetry.read', basicAuth: true } as const;
const READ_POST = { ...READ, readOnly: true } as const;
const TAGS = ['promql'];
/** What Grafana reads to pick its Prometheus feature set. */
export const PROMETHEUS_COMPAT_VERSION = '2.42.0';

const ERROR_STATUS = { bad_data: 400, execution: 422, timeout: 503 } as const;

function sendPromError(req: FastifyRequest, reply: FastifyReply, err: PromQLError | BadParam) {
  const errorType = err instanceof PromQLError ? err.errorType : 'bad_data';
  const status = ERROR_STATUS[errorType];
  const base = problemBody(status === 503 ? 'UNAVAILABLE' : 'VALIDATION', err.message, {
    requestId: String(req.id),
    instance: req.url.split('?')[0],
  });
  const body = {
    ...base,
    type: PROBLEM_TYPE_BASE + `promql-${errorType.replace('_', '-')}`,
    title:
      errorType === 'bad_data'
        ? 'Invalid query parameters'
        : errorType === 'execution'
          ? 'The query cannot be evaluated'
          : 'The query timed out',
    status: 'error',
    errorType,
    error: err.message,
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

/** Prometheus' errorType for an error status the platform answered. */
function errorTypeOf(status: number): string {
  if (status === 404) return 'not_found';
  if (status === 422) return 'execution';
  if (status === 503) return 'unavailable';
  return status >= 500 ? 'internal' : 'bad_data';
}

/** Parses a form body into fields; a repeated field (`match[]`) becomes a list. */
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { ...out };
}

type Params = Record<string, unknown>;
type Handler = (p: Params, req: FastifyRequest) => Promise<string | Buffer>;

export async function promqlRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Prometheus takes parameters as a form (or the query string); other bodies answer 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, parseForm(String(body))),
  );
  // Errors raised before a handler (authentication, schema validation) get Prometheus' fields
  // next to the problem fields, so Grafana shows their message.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    if (!String(reply.getHeader('content-type')).includes('problem+json')) return payload;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return payload;
    }
    if (body.errorType) return payload;
    return JSON.stringify({
      ...body,
      status: 'error',
      errorType: errorTypeOf(reply.statusCode),
      error: body.detail,
    });
  });

  const route = (
    methods: ('GET' | 'POST')[],
    url: string,
    summary: string,
    params: TSchema | null,
    response: TSchema,
    handler: Handler,
    extra: { params?: TSchema } = {},
  ) => {
    for (const method of methods) {
      app.route({
        method,
        url,
        config: method === 'POST' ? READ_POST : READ,
        schema: {
          tags: TAGS,
          summary,
          ...(extra.params ? { params: extra.params } : {}),
          ...(params ? (method === 'GET' ? { querystring: params } : { body: params }) : {}),
          response: { 200: response },
        },
        handler: async (req, reply) => {
          const p = {
            ...(req.query as Params),
            ...(method === 'POST' ? (req.body as Params) : {}),
          };
          try {
            const json = await handler(p, req);
            return reply.type('application/json').send(json);
          } catch (err) {
            if (err instanceof PromQLError || err instanceof BadParam)
              return sendPromError(req, reply, err);
            throw err;
          }
        },
      });
    }
  };

  // start/end are validated as Prometheus does, though listings are not filtered by them.
  const checkTimes = (p: { start?: string; end?: string }) => {
    parseTime(p.start, 'start', MIN_TIME_MS);
    parseTime(p.end, 'end', MAX_TIME_MS);
  };
  // A timeout can only lower the 2-minute limit; zero or negative means the limit.
  const timeoutOf = (p: { timeout?: string }) => {
    const ms = parseDuration(p.timeout, 'timeout', MAX_TIMEOUT_MS);
    return ms > 0 ? Math.min(ms, MAX_TIMEOUT_MS) : MAX_TIMEOUT_MS;
  };
  const required = (v: string | undefined, name: string) => {
    if (v === undefined || v === '')
      throw new BadParam(`invalid parameter "${name}": parameter is required`);
    return v;
  };

  route(
    ['GET', 'POST'],
    '/api/v1/query',
    'PromQL instant query',
    QueryParams,
    QueryResponse,
    async (raw, req) => {
      const p = raw as QueryInput;
      const r = await evaluateQuery({
        ctx: req.ctx,
        input: {
          query: required(p.query, 'query'),
          time: parseTime(p.time, 'time', Date.now()),
          timeoutMs: timeoutOf(p),
        },
      });
      return queryResponseBody(r.data);
    },
  );

  route(
    ['GET', 'POST'],
    '/api/v1/query_range',
    'PromQL range query',
    QueryRangeParams,
    QueryResponse,
    async (raw, req) => {
      const p = raw as QueryRangeInput;
      const query = required(p.query, 'query');
      const start = parseTime(required(p.start, 'start'), 'start', 0);
      const end = parseTime(required(p.end, 'end'), 'end', 0);
      const step = parseDuration(required(p.step, 'step'), 'step', 0);
      const r = await evaluateQuery({
        ctx: req.ctx,
        input: { query, start, end, step, timeoutMs: timeoutOf(p) },
      });
      return queryResponseBody(r.data);
    },
  );

  route(
    ['GET', 'POST'],
    '/api/v1/series',
    'Series matching selectors',
    SeriesParams,
    SeriesResponse,
    async (raw, req) => {
      const p = raw as SeriesInput;
      checkTimes(p);
      const labels = await listSeriesLabels({
        ctx: req.ctx,
        input: {
          matches: listParam(p['match[]']),
          limit: p.limit,
        },
      });
      return successJson(labels);
    },
  );

  route(
    ['GET', 'POST'],
    '/api/v1/labels',
    'Label names',
    SeriesParams,
    NamesResponse,
    async (raw, req) => {
      const p = raw as SeriesInput;
      checkTimes(p);
      const names = await listLabelNames({
        ctx: req.ctx,
        input: { matches: listParam(p['match[]']) },
      });
      return successJson(names);
    },
  );

  route(
    ['GET'],
    '/api/v1/label/:name/values',
    'Values of a label (`__name__`: metric names)',
    SeriesParams,
    NamesResponse,
    async (raw, req) => {
      const p = raw as SeriesInput;
      const name = checkLabelName((req.params as { name: string }).name);
      checkTimes(p);
      const values = await listLabelValues({
        ctx: req.ctx,
        input: {
          name,
          matches: listParam(p['match[]']),
          limit: p.limit,
        },
      });
      return successJson(values);
    },
    { params: LabelValuesPath },
  );

  route(
    ['GET'],
    '/api/v1/metadata',
    'Metric metadata (type, help, unit)',
    MetadataParams,
    MetadataResponse,
    async (raw, req) => {
      const p = raw as MetadataInput;
      const data = await listMetadata({
        ctx: req.ctx,
        input: {
          metric: p.metric || undefined,
          limit: p.limit,
          limitPerMetric: p.limit_per_metric,
        },
      });
      return successJson(data);
    },
  );

  route(
    ['GET'],
    '/api/v1/status/buildinfo',
    'Build information (Grafana probes it)',
    null,
    BuildInfoResponse,
    async () =>
      successJson({
        version: PROMETHEUS_COMPAT_VERSION,
        revision: 'pharos',
        branch: '',
        buildUser: '',
        buildDate: '',
        goVersion: '',
      }),
  );
}
