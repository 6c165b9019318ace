import { ERROR_CODES, PROBLEM_TYPE_BASE, type ErrorCode, type Problem } from '@pharos/contracts';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: 'Invalid request',
  UNAUTHORIZED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  URI_TOO_LONG: 'URI too long',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  LIMIT_EXCEEDED: 'Too many requests',
  INTERNAL: 'Internal server error',
  UNAVAILABLE: 'Service unavailable',
};

/** An error a use case raises on purpose; the error handler turns it into a problem body. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      errors?: Problem['errors'];
      headers?: Record<string, string>;
      /** Problem type slug when more specific than the code, e.g. `mfa-required`. */
      type?: string;
      /** Extra members of the problem body, e.g. a query's error `position`. */
      fields?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);
export const forbidden = (why: string) => new AppError('FORBIDDEN', why);
export const conflict = (why: string) => new AppError('CONFLICT', why);
export const invalid = (why: string, errors?: Problem['errors']) =>
  new AppError('VALIDATION', why, errors ? { errors } : {});

export function problemBody(
  code: ErrorCode,
  detail: string,
  opts: { requestId?: string; instance?: string; errors?: Problem['errors']; type?: string } = {},
): Problem {
  const slug = opts.type ?? code.toLowerCase().replace(/_/g, '-');
  return {
    type: PROBLEM_TYPE_BASE + slug,
    title: TITLES[code],
    status: ERROR_CODES[code],
    detail,
    code,
    ...(opts.instance ? { instance: opts.instance } : {}),
    ...(opts.requestId ? { request_id: opts.requestId } : {}),
    ...(opts.errors ? { errors: opts.errors } : {}),
  };
}

export function codeForStatus(status: number): ErrorCode {
  const hit = (Object.entries(ERROR_CODES) as Array<[ErrorCode, number]>).find(
    ([, s]) => s === status,
  );
  if (hit) return hit[0];
  return status >= 500 ? 'INTERNAL' : 'VALIDATION';
}
