import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { resolveClientKey, type ClientKeyGrant } from '../projects/index.ts';
import { classifyWriteError } from './db-errors.ts';
import { asIngestHttpError } from './http-errors.ts';
import { runtimeOf } from './runtime.ts';
import { IngestBusyError, type IngestContext } from './types.ts';

// A key seen valid within the last hour may still send while PostgreSQL is unreachable, so that
// its events reach the spool instead of being refused (as API keys may).
const KNOWN_TTL_MS = 3_600_000;
const known = new Map<string, { grant: ClientKeyGrant; at: number }>();

/**
 * The ingest context of a Sentry client key (the DSN public key of one project): it may send to
 * its own project only. Null when the text is no active client key (the caller then tries it as
 * an API key, whose DSN form Pharos also accepts).
 */
export async function clientKeyIngestContext(
  app: FastifyInstance,
  keyText: string,
  req: FastifyRequest,
  projectId: number | undefined,
  source: string,
): Promise<IngestContext | null> {
  let grant: ClientKeyGrant | null;
  try {
    grant = await resolveClientKey(app.deps.db.db, keyText);
    if (grant) known.set(keyText, { grant, at: Date.now() });
    else known.delete(keyText);
  } catch (err) {
    if (classifyWriteError(err) !== 'unavailable') throw err;
    const k = known.get(keyText);
    if (!k || Date.now() - k.at > KNOWN_TTL_MS) {
      throw asIngestHttpError(
        new IngestBusyError('Pharos cannot check credentials right now.', 10),
        { sentry: true },
      );
    }
    grant = k.grant;
  }
  if (!grant) return null;
  if (projectId !== undefined && projectId !== grant.projectId) {
    throw new AppError(
      'FORBIDDEN',
      `This DSN's key belongs to project ${grant.projectId}, not project ${projectId}.`,
    );
  }
  const org = await runtimeOf(app).orgSettings(grant.orgId);
  const ua = req.headers['user-agent'];
  return {
    orgId: grant.orgId,
    apiKeyId: null,
    projectIds: [grant.projectId],
    projectId: grant.projectId,
    source,
    sourceName: typeof ua === 'string' && ua ? ua.split(/[\s(]/)[0]!.slice(0, 80) : undefined,
    scrub: org.scrub,
  };
}
