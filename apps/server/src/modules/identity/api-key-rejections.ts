import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { recordAudit } from '../audit/index.ts';
import { findInstallationOrg } from './repository.ts';

export type ApiKeyRejection =
  | 'malformed'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'owner_inactive'
  | 'ip_not_allowed'
  | 'rate_limited';

export const REJECTION_EVENT_MS = 60_000;
/** Rejection events one process writes per minute at most, whatever their sources. */
const MAX_EVENTS_PER_MINUTE = 100;
const MAX_SOURCES = 10_000;

/**
 * Lets one audit event per (source, reason) a minute through and counts the others, so that
 * someone sending bad keys in a loop cannot fill the audit table: the count suppressed since a
 * source's last event goes into its next event. Past MAX_EVENTS_PER_MINUTE (many sources at
 * once) every further rejection of a reason is counted under the source `*`. Per process.
 */
export class RejectionThrottle {
  private sources = new Map<string, { at: number; suppressed: number }>();
  private minute = 0;
  private written = 0;

  constructor(private clock: () => number = () => Date.now()) {}

  /**
   * null: counted, write nothing; else write an event now carrying `suppressed` (this source's
   * since its last event) and `others` (counted under `*` since the last such report).
   */
  admit(source: string, reason: string): { suppressed: number; others: number } | null {
    const now = this.clock();
    const minute = Math.floor(now / REJECTION_EVENT_MS);
    if (minute !== this.minute) {
      this.minute = minute;
      this.written = 0;
    }
    let key = `${source}|${reason}`;
    let e = this.sources.get(key);
    if (e && now - e.at < REJECTION_EVENT_MS) {
      e.suppressed++;
      return null;
    }
    if (!e && this.sources.size >= MAX_SOURCES) this.prune(now);
    if (this.written >= MAX_EVENTS_PER_MINUTE || (!e && this.sources.size >= MAX_SOURCES)) {
      key = `*|${reason}`;
      e = this.sources.get(key);
      if (this.written >= MAX_EVENTS_PER_MINUTE || (e && now - e.at < REJECTION_EVENT_MS)) {
        if (e) e.suppressed++;
        else this.sources.set(key, { at: 0, suppressed: 1 });
        return null;
      }
    }
    this.written++;
    this.sources.set(key, { at: now, suppressed: 0 });
    // What was folded under `*` goes out with the next event of the reason, whichever source.
    const folded = key.startsWith('*|') ? undefined : this.sources.get(`*|${reason}`);
    const others = folded?.suppressed ?? 0;
    if (folded) folded.suppressed = 0;
    return { suppressed: e?.suppressed ?? 0, others };
  }

  /**
   * Forgets sources quiet for a minute; a count they suppressed and never reported (no attempt
   * since) is dropped with them.
   */
  private prune(now: number) {
    for (const [k, e] of this.sources) {
      if (now - e.at >= REJECTION_EVENT_MS && !k.startsWith('*|')) this.sources.delete(k);
    }
  }
}

/** What is known of a rejected key: nothing, or its row (never the text nor its hash). */
export interface RejectedKey {
  id: string;
  org_id: string;
  key_prefix: string;
  actor_user_id: string | null;
  email: string | null;
}

/**
 * Audits a refused API key (auth.api_key_rejected, outcome failure) in its own transaction, in
 * the key's organization or, for a key that is not known, the installation's (as failed
 * sign-ins). Throttled per key prefix (known keys) or client address (unknown ones) and reason.
 * Only rejected requests reach it; a failure to write is logged, never turned into a 5xx.
 */
export async function recordApiKeyRejection(
  db: Db,
  throttle: RejectionThrottle,
  req: FastifyRequest,
  input: { reason: ApiKeyRejection; key: RejectedKey | null; presentedPrefix: string | null },
): Promise<void> {
  const { key, reason } = input;
  const admitted = throttle.admit(key ? `key:${key.key_prefix}` : `ip:${req.ip}`, reason);
  if (!admitted) return;
  try {
    const orgId = key?.org_id ?? (await findInstallationOrg(systemCtx(db, 'identity.resolve')))?.id;
    if (!orgId) return; // nothing to record into before the first organization exists
    const ctx: Ctx = {
      db,
      orgId,
      actor: { type: 'anonymous' },
      meta: { requestId: String(req.id), ip: req.ip, userAgent: req.headers['user-agent'] },
    };
    const prefix = key?.key_prefix ?? input.presentedPrefix;
    await withTransaction(ctx, (tx) =>
      recordAudit(tx, {
        action: 'auth.api_key_rejected',
        actionType: 'login',
        resourceType: 'api_key',
        resourceId: key?.id ?? null,
        resourceName: prefix,
        description: `API key rejected: ${reason.replaceAll('_', ' ')}`,
        outcome: 'failure',
        failureReason: reason,
        subject: key ? { userId: key.actor_user_id, email: key.email } : undefined,
        metadata: {
          key_prefix: prefix,
          known_key: key !== null,
          suppressed_since_last_event: admitted.suppressed,
          ...(admitted.others ? { suppressed_from_other_sources: admitted.others } : {}),
        },
      }),
    );
  } catch (err) {
    req.log.error({ err }, 'could not record a rejected API key in the audit trail');
  }
}
