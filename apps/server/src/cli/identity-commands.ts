import { Option, type Command } from 'commander';
import { API_KEY_SCOPES, ROLES, type ApiKeyScope, type Role } from '@pharos/contracts';
import { systemCtx } from '../db/context.ts';
import type { Db } from '../db/client.ts';
import {
  createApiKey,
  createUser,
  ensureDefaultOrganization,
  findCliTarget,
  MIN_PASSWORD_LENGTH,
} from '../modules/identity/index.ts';
import { loadConfig } from '../config.ts';
import { buildDsn } from '../lib/dsn.ts';
import { withDatabase } from './index.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The organization to act in: --org, else the oldest (created as `default` when none exists). */
async function orgFor(db: Db, slug: string | undefined): Promise<string> {
  if (!slug) await ensureDefaultOrganization(db, { createAdmin: false });
  const t = await findCliTarget(db, { orgSlug: slug });
  if (!t.orgId) throw new Error(slug ? `no organization "${slug}"` : 'no organization');
  return t.orgId;
}

/** `pharos admin create` and `pharos keys create`. */
export function registerIdentityCommands(program: Command): void {
  const admin = program.command('admin').description('manage users from the command line');
  admin
    .command('create')
    .description('create a user (an admin unless --role says otherwise); password read from stdin')
    .requiredOption('--email <email>', 'email address')
    .option('--name <name>', 'display name', '')
    .addOption(
      new Option('--role <role>', 'organization role').choices([...ROLES]).default('admin'),
    )
    .option('--org <slug>', 'organization (default: the default organization)')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (opts: {
        email: string;
        name: string;
        role: Role;
        org?: string;
        passwordStdin?: boolean;
      }) => {
        if (!opts.passwordStdin) throw new Error('pass --password-stdin and pipe the password in');
        const password = await readStdin();
        if (password.length < MIN_PASSWORD_LENGTH) {
          throw new Error(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
        }
        await withDatabase(async ({ handle }) => {
          const orgId = await orgFor(handle.db, opts.org);
          const { user } = await createUser({
            ctx: systemCtx(handle.db, 'cli', orgId),
            input: {
              email: opts.email,
              name: opts.name,
              role: opts.role,
              password,
              mustChange: false,
            },
          });
          process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
        });
      },
    );

  const keys = program.command('keys').description('manage API keys from the command line');
  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'key name')
    .requiredOption('--scopes <list>', `comma-separated scopes (${API_KEY_SCOPES.join(', ')})`)
    .option('--expires-in-days <days>', 'expire after this many days')
    .option('--org <slug>', 'organization (default: the default organization)')
    .option('--user <email>', 'owner (default: the first admin of the organization)')
    .action(
      async (opts: {
        name: string;
        scopes: string;
        expiresInDays?: string;
        org?: string;
        user?: string;
      }) => {
        const scopes = opts.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        if (!scopes.length || bad.length) {
          throw new Error(
            `--scopes must be among ${API_KEY_SCOPES.join(', ')}; got ${opts.scopes}`,
          );
        }
        let expiresAt: Date | null = null;
        if (opts.expiresInDays !== undefined) {
          if (!/^\d+$/.test(opts.expiresInDays) || Number(opts.expiresInDays) < 1) {
            throw new Error('--expires-in-days must be a whole number of days, at least 1');
          }
          expiresAt = new Date(Date.now() + Number(opts.expiresInDays) * 86_400_000);
        }
        await withDatabase(async ({ handle }) => {
          const orgId = await orgFor(handle.db, opts.org);
          const target = await findCliTarget(handle.db, {
            orgSlug: opts.org,
            userEmail: opts.user,
          });
          if (!target.userId) {
            throw new Error(
              opts.user
                ? `${opts.user} is not a member of the organization`
                : 'the organization has no active admin; create one with `pharos admin create`',
            );
          }
          const { key, apiKey } = await createApiKey({
            ctx: systemCtx(handle.db, 'cli', orgId),
            input: {
              name: opts.name,
              scopes: scopes as ApiKeyScope[],
              expiresAt,
              ownerUserId: target.userId,
            },
          });
          process.stderr.write(
            `created API key ${apiKey.key_prefix} (${apiKey.id}); it is shown only once:\n`,
          );
          process.stdout.write(`${key}\n`);
          if (scopes.includes('ingest')) {
            const config = loadConfig(process.env);
            const first = await handle.pool.query<{ id: number }>(
              'SELECT min(id)::int AS id FROM projects WHERE org_id = $1 AND deleted_at IS NULL',
              [orgId],
            );
            const project = apiKey.project_ids?.[0] ?? first.rows[0]?.id ?? 1;
            process.stderr.write(`Sentry DSN: ${buildDsn(key, config.publicUrl, project)}\n`);
          }
        });
      },
    );
}
