import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
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
        problemBody(err.code, err.message, {
          requestId,
          instance,
          ...(err.extra.errors ? { errors: err.extra.errors } : {}),
          ...(err.extra.type ? { type: err.extra.type } : {}),
        }),
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
