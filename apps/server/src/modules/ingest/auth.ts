import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveApiKeyCaller } from '../identity/index.ts';
import { CLIENT_KEY_RE } from '../projects/index.ts';
import { clientKeyIngestContext } from './auth-client-key.ts';
import { sha256 } from '../../lib/crypto.ts';
import type { Caller } from '../../platform/auth.ts';
import { classifyWriteError } from './db-errors.ts';
import { asIngestHttpError } from './http-errors.ts';
import { runtimeOf } from './runtime.ts';
import { IngestBusyError, type IngestContext } from './types.ts';

const KNOWN_KEY_TTL_MS = 3_600_000;

export interface AuthenticateIngestOptions {
  /** Accept `Authorization: Basic` with the key as the password (any user name). Default true. */
  basic?: boolean;
  /** Sentry: the DSN's project id; the key may come from X-Sentry-Auth or `sentry_key`. */
  sentry?: { projectId: number };
  /** The adapter name for IngestContext.source (default: the route's URL). */
  source?: string;
}

function challenge(basic: boolean): string {
  return basic
    ? 'Basic realm="pharos", charset="UTF-8", Bearer realm="pharos"'
    : 'Bearer realm="pharos"';
}

function unauthorized(detail: string, basic: boolean, invalid = false): AppError {
  const c = challenge(basic) + (invalid ? ', error="invalid_token"' : '');
  return new AppError('UNAUTHORIZED', detail, { headers: { 'WWW-Authenticate': c } });
}

/** The key text the request carries, the protocol's way; null when it carries none. */
export function ingestKeyText(req: FastifyRequest, opts: AuthenticateIngestOptions): string | null {
  const basic = opts.basic !== false;
  const auth = req.headers.authorization?.trim();
  if (auth) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    if (bearer) return bearer[1]!;
    const b = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(auth);
    if (b && basic) {
      const text = Buffer.from(b[1]!, 'base64').toString('utf8');
      const i = text.indexOf(':');
      // Key as the password; a client that can only fill the user name works too.
      const pass = i >= 0 ? text.slice(i + 1) : '';
      return pass || (i >= 0 ? text.slice(0, i) : text) || null;
    }
    if (!opts.sentry)
      throw unauthorized('Send the API key as `Authorization: Bearer <key>`.', basic);
  }
  if (opts.sentry) {
    const header = req.headers['x-sentry-auth'];
    const h = typeof header === 'string' ? /sentry_key=([^,\s]+)/.exec(header) : null;
    if (h) return h[1]!;
    const q = (req.query as Record<string, unknown> | undefined)?.sentry_key;
    if (typeof q === 'string' && q) return q;
  }
  const apiKeyHeader = req.headers['x-api-key'];
  if (typeof apiKeyHeader === 'string' && apiKeyHeader) return apiKeyHeader.trim();
  return null;
}

function projectFromHeader(req: FastifyRequest): number | undefined {
  const v = req.headers['x-pharos-project'];
  if (typeof v !== 'string' || !v) return undefined;
  if (!/^\d{1,15}$/.test(v))
    throw new AppError('VALIDATION', 'X-Pharos-Project must be a project id.');
  return Number(v);
}

/**
 * The ingest context of an API key's text (the Sentry engineer's DSN hook, and the other
 * credential forms): 401 for an unknown, revoked or expired key, 403 for a key without the
 * `ingest` scope (or `admin`) or outside its projects.
 */
export async function authenticateIngestKey(
  app: FastifyInstance,
  keyText: string,
  req: FastifyRequest,
  projectId?: number,
  opts: { basic?: boolean; source?: string } = {},
): Promise<IngestContext> {
  const basic = opts.basic !== false;
  if (opts.source === 'sentry' && CLIENT_KEY_RE.test(keyText)) {
    const ctx = await clientKeyIngestContext(app, keyText, req, projectId, 'sentry');
    if (ctx) return ctx;
  }
  const rt = runtimeOf(app);
  const cacheKey = sha256(keyText).toString('base64');
  let caller: Caller;
  try {
    caller = await resolveApiKeyCaller(app.deps, req, keyText);
    rt.knownKeys.set(cacheKey, { caller, at: Date.now() });
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNAUTHORIZED') {
      rt.knownKeys.delete(cacheKey);
      throw unauthorized(err.message, basic, true);
    }
    if (err instanceof AppError || classifyWriteError(err) !== 'unavailable') throw err;
    // PostgreSQL is unreachable: a key that was valid within the last hour may still send, so
    // its records reach the spool instead of being lost.
    const known = rt.knownKeys.get(cacheKey);
    if (!known || Date.now() - known.at > KNOWN_KEY_TTL_MS) {
      throw asIngestHttpError(
        new IngestBusyError('Pharos cannot check credentials right now.', 10),
      );
    }
    caller = known.caller;
  }
  if (caller.actor.type !== 'api_key') throw unauthorized('An API key is required.', basic);
  if (!can(caller.actor, 'ingest.write')) {
    throw new AppError(
      'FORBIDDEN',
      `Not allowed: this API key's scopes (${caller.actor.scopes.join(', ')}) do not include ingest.`,
    );
  }
  const org = await rt.orgSettings(caller.orgId);
  const limited = caller.actor.projectIds;
  let project = projectId ?? projectFromHeader(req);
  if (project === undefined) project = limited?.[0] ?? org.defaultProjectId ?? undefined;
  if (project === undefined) {
    throw new AppError('FORBIDDEN', 'This organization has no project to send records to.');
  }
  if (limited && !limited.includes(project)) {
    throw new AppError('FORBIDDEN', `This API key may not send to project ${project}.`);
  }
  if (project !== org.defaultProjectId && !(await rt.projectInOrg(caller.orgId, project))) {
    throw new AppError('FORBIDDEN', `Project ${project} is not in this API key's organization.`);
  }
  const ua = req.headers['user-agent'];
  return {
    orgId: caller.orgId,
    apiKeyId: caller.actor.apiKeyId,
    projectIds: limited,
    projectId: project,
    source: opts.source ?? req.routeOptions.url ?? 'ingest',
    sourceName: typeof ua === 'string' && ua ? ua.split(/[\s(]/)[0]!.slice(0, 80) : undefined,
    scrub: org.scrub,
  };
}

/** Credential in the protocol's own way; 401 (with WWW-Authenticate) / 403 as AppError. */
export async function authenticateIngest(
  req: FastifyRequest,
  opts: AuthenticateIngestOptions = {},
): Promise<IngestContext> {
  const text = ingestKeyText(req, opts);
  if (!text) {
    throw unauthorized(
      'Send an API key with the ingest scope as `Authorization: Bearer <key>`.',
      opts.basic !== false,
    );
  }
  return authenticateIngestKey(req.server, text, req, opts.sentry?.projectId, opts);
}
