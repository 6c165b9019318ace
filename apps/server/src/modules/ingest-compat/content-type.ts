import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';

/** The media type of a request, lower case without parameters; '' when absent. */
export function mediaType(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

/** 415 unless the request's media type is one of `allowed` ('' = no Content-Type). */
export function requireMediaType(req: FastifyRequest, allowed: readonly string[]): string {
  const type = mediaType(req);
  if (!allowed.includes(type)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${type || '(none)'} is not accepted here; send ${allowed.filter(Boolean).join(', ')}.`,
    );
  }
  return type;
}
