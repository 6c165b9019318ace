import type { Ctx } from '../../db/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { AuditEventQuery } from './repository.ts';
import type { AuditEventFilters } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Default window when `from` is not given. */
export const DEFAULT_RANGE_MS = DAY_MS;
/** Widest window one request may cover: a year of audit history (its default retention). */
export const MAX_RANGE_MS = 366 * DAY_MS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function orgOf(ctx: Ctx): string {
  if (!ctx.orgId) throw new Error('audit events: no organization in ctx');
  return ctx.orgId;
}

/**
 * Turns the API filters into a repository query: resolves the time window (default: the
 * 24 hours before `to`, which defaults to now), checks it, and splits `user` and `action`.
 */
export function toQuery(
  ctx: Ctx,
  f: AuditEventFilters,
  limit: number,
  now = new Date(),
): AuditEventQuery {
  const toMs = f.to ? Date.parse(f.to) : now.getTime();
  const fromMs = f.from ? Date.parse(f.from) : toMs - DEFAULT_RANGE_MS;
  if (!(fromMs < toMs)) throw invalid('`from` must be before `to`.');
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw invalid('The time range may cover at most 366 days; narrow `from` and `to`.');
  }
  const q: AuditEventQuery = {
    orgId: orgOf(ctx),
    // The given strings are kept as they are: they may carry more precision than a Date.
    from: f.from ?? new Date(fromMs).toISOString(),
    to: f.to ?? new Date(toMs).toISOString(),
    limit,
  };
  if (f.user) {
    if (UUID.test(f.user)) q.userId = f.user;
    else if (f.user.includes('@')) q.email = f.user;
    else throw invalid('`user` must be a user id (uuid) or an email address.');
  }
  if (f.action?.endsWith('.*')) q.actionPrefix = f.action.slice(0, -2);
  else if (f.action) q.action = f.action;
  if (f.resource_type) q.resourceType = f.resource_type;
  if (f.resource_id) q.resourceId = f.resource_id;
  if (f.outcome) q.outcome = f.outcome;
  return q;
}

/** Cursor: the (occurred_at, id) of the last event of a page, opaque to clients. */
export function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(`${occurredAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: string; id: string } {
  const [occurredAt = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!EXACT_TIME.test(occurredAt) || !UUID.test(id)) throw invalid('`cursor` is not valid.');
  return { occurredAt, id };
}
