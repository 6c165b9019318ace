import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorCode } from '@pharos/contracts';
import { AppError, codeForStatus, problemBody } from './errors.ts';

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  body: object,
  headers?: Record<string, string>,
) {
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body);
}

/**
 * A safety net under the route schemas: PostgreSQL data exceptions (SQLSTATE class 22) and
 * integrity violations (class 23) come from input the schemas let through, so they are the
 * caller's 4xx, not the server's 5xx. The database's own message is not echoed.
 */
function fromPostgresError(
  err: unknown,
): { status: number; code: ErrorCode; detail: string } | null {
  const sqlstate = (err as { code?: unknown }).code;
  if (typeof sqlstate !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(sqlstate)) return null;
  if (sqlstate === '23505') {
    return {
      status: 409,
      code: 'CONFLICT',
      detail: 'A resource with the same unique values already exists.',
    };
  }
  if (sqlstate === '23503') {
    return {
      status: 409,
      code: 'CONFLICT',
      detail: 'The request refers to a resource that does not exist or is still in use.',
    };
  }
  if (sqlstate.startsWith('23')) {
    return {
      status: 400,
      code: 'VALIDATION',
      detail: 'The request violates a constraint on the stored data.',
    };
  }
  return {
    status: 400,
    code: 'VALIDATION',
    detail: 'A value in the request cannot be stored (invalid characters, format or range).',
  };
}

/**
 * One place maps every error to a JSON problem body with the request id. Validation and parsing
 * errors say what was wrong; the text of 5xx errors is logged, never sent.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const requestId = String(req.id);
    const instance = req.url.split('?')[0];
    if (err instanceof AppError) {
      if (err.statusCode >= 500) req.log.error({ err }, err.message);
      return send(
        reply,
        req,
        err.statusCode,
        {
          ...err.extra.fields,
          ...problemBody(err.code, err.message, {
            requestId,
            instance,
            ...(err.extra.errors ? { errors: err.extra.errors } : {}),
            ...(err.extra.type ? { type: err.extra.type } : {}),
          }),
        },
        err.extra.headers,
      );
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const ctxName = fe.validationContext ?? 'body';
      const errors = fe.validation.map((v) => ({
        path: `${ctxName}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}${
          v.keyword === 'required' && v.params && 'missingProperty' in v.params
            ? '.' + String(v.params.missingProperty)
            : ''
        }`,
        message: v.message ?? 'is invalid',
      }));
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return send(
        reply,
        req,
        400,
        problemBody('VALIDATION', detail, { requestId, instance, errors }),
      );
    }
    const pgProblem = fromPostgresError(err);
    if (pgProblem) {
      req.log.warn({ err }, 'database refused the input');
      return send(
        reply,
        req,
        pgProblem.status,
        problemBody(pgProblem.code, pgProblem.detail, { requestId, instance }),
      );
    }
    const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 ? fe.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return send(
        reply,
        req,
        status,
        problemBody(
          codeForStatus(status),
          'The server could not complete the request; it has been logged with the request id.',
          {
            requestId,
            instance,
          },
        ),
      );
    }
    // Fastify's own 4xx errors (bad JSON, body too large, unsupported content type, ...) carry
    // messages that are safe and useful to show.
    let detail = fe.message;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      detail = 'The request body is larger than this endpoint accepts.';
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      detail = `Unsupported content type: ${req.headers['content-type'] ?? '(none)'}.`;
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      detail = 'The request has Content-Type application/json but an empty body.';
    if (err instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      detail = `Malformed JSON body: ${fe.message}`;
    return send(
      reply,
      req,
      status,
      problemBody(codeForStatus(status), detail, { requestId, instance }),
    );
  });

  app.setNotFoundHandler((req, reply) => {
    send(
      reply,
      req,
      404,
      problemBody('NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}.`, {
        requestId: String(req.id),
        instance: req.url.split('?')[0],
      }),
    );
  });
});
