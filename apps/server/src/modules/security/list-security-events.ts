import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid } from '../../platform/errors.ts';
import { selectSecurityEvents, type SecurityEventQuery } from './repository.ts';
import type { ListSecurityEventsQuery, SecurityEvent } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Widest window one request may cover: the table's default retention and a day. */
export const MAX_RANGE_MS = 366 * DAY_MS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(`${occurredAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: string; id: string } {
  const [occurredAt = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!EXACT_TIME.test(occurredAt) || !UUID.test(id)) throw invalid('`cursor` is not valid.');
  return { occurredAt, id };
}

/**
 * One page of the organization's security events (CSP violations and blocked requests),
 * newest first, with the cursor of the next page. Without `from`, the last 24 hours.
 */
export async function listSecurityEvents({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: ListSecurityEventsQuery;
  now?: Date;
}): Promise<{ items: SecurityEvent[]; next_cursor: string | null }> {
  if (!ctx.orgId) throw new Error('security events: no organization in ctx');
  const toMs = input.to ? Date.parse(input.to) : now.getTime();
  const fromMs = input.from ? Date.parse(input.from) : toMs - DAY_MS;
  if (!(fromMs < toMs)) throw invalid('`from` must be before `to`.');
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw invalid('The time range may cover at most 366 days; narrow `from` and `to`.');
  }
  if (input.ip && !isAddressOrCidr(input.ip))
    throw invalid('`ip` is not an address or CIDR range.');
  const q: SecurityEventQuery = {
    orgId: ctx.orgId,
    from: input.from ?? new Date(fromMs).toISOString(),
    to: input.to ?? new Date(toMs).toISOString(),
    limit: input.limit + 1,
    projectId: input.project_id,
    attackType: input.attack_type,
    severity: input.severity,
    blocked: input.blocked,
    ip: input.ip,
    directive: input.directive,
  };
  if (input.cursor) q.before = decodeCursor(input.cursor);
  const rows = await withTransaction(ctx, (tx) => selectSecurityEvents(tx, q));
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}

function isAddressOrCidr(s: string): boolean {
  const [addr = '', bits] = s.split('/');
  const v4 = /^(\d{1,3})(\.\d{1,3}){3}$/.test(addr) && addr.split('.').every((o) => +o <= 255);
  const v6 = addr.includes(':') && /^[0-9a-f:.]+$/i.test(addr);
  if (!v4 && !v6) return false;
  return bits === undefined || Number(bits) <= (v4 ? 32 : 128);
}
