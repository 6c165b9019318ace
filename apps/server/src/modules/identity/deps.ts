import type { Config } from '../../config.ts';

/** The settings identity use cases read; routes pass app.deps.config. */
export type IdentityConfig = Pick<
  Config,
  'secretKey' | 'sessionTtlHours' | 'sessionMaxDays' | 'signinMaxFailures' | 'publicUrl'
>;

export const SESSION_COOKIE = 'pharos_session';

/** Cookie attributes of the session cookie; Secure whenever Pharos is served over https. */
export function sessionCookieOptions(config: IdentityConfig) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicUrl.startsWith('https:'),
    maxAge: config.sessionMaxDays * 86_400,
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When a session used at `now` expires: idle timeout, never past the absolute cap. */
export function sessionExpiry(config: IdentityConfig, createdAt: Date, now: Date): Date {
  return new Date(
    Math.min(
      now.getTime() + config.sessionTtlHours * HOUR,
      createdAt.getTime() + config.sessionMaxDays * DAY,
    ),
  );
}

export function sessionAbsoluteEnd(config: IdentityConfig, createdAt: Date): Date {
  return new Date(createdAt.getTime() + config.sessionMaxDays * DAY);
}
