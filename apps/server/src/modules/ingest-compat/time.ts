// Timestamps as shippers send them, normalized to UTC ISO 8601 with microseconds: the precision
// of timestamptz, which a JavaScript Date (milliseconds) would lose.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; null when out of range. */
export function isoFromMicros(micros: bigint): string | null {
  const ms = micros / 1000n;
  const rest = micros - ms * 1000n;
  const sub = rest < 0n ? rest + 1000n : rest;
  const whole = rest < 0n ? ms - 1n : ms;
  const d = new Date(Number(whole));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) return null;
  return `${d.toISOString().slice(0, 23)}${sub.toString().padStart(3, '0')}Z`;
}

/** Nanoseconds since the epoch (Loki's decimal string) as ISO; null when not a valid number. */
export function isoFromNanos(ns: string | bigint): string | null {
  if (typeof ns === 'string' && !/^\d{1,20}$/.test(ns)) return null;
  return isoFromMicros(BigInt(ns) / 1000n);
}

/** An epoch number whose unit is guessed from its size (s, ms, µs or ns), as Beats and Vector do. */
function isoFromEpoch(n: number): string | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n >= 1e17) return isoFromMicros(BigInt(Math.round(n / 1000)));
  if (n >= 1e14) return isoFromMicros(BigInt(Math.round(n)));
  if (n >= 1e11) return isoFromMicros(BigInt(Math.round(n * 1000)));
  return isoFromMicros(BigInt(Math.round(n * 1e6)));
}

/**
 * A time from a document field: ISO 8601 / RFC 3339 (any offset, fraction up to nanoseconds,
 * no zone meaning UTC) or an epoch number or numeric string. Null when it is none of those.
 */
export function normalizeTime(value: unknown): string | null {
  if (typeof value === 'number') return isoFromEpoch(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return isoFromEpoch(Number(s));
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec = '00', frac = '', zone = 'Z'] = m;
  const base = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}Z`);
  if (Number.isNaN(base)) return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const sign = z.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5) || '0'));
  }
  const micros =
    BigInt(base - offsetMin * 60_000) * 1000n + BigInt(Number((frac + '000000').slice(0, 6)));
  return isoFromMicros(micros);
}

/** Now, as an ISO string with microseconds. */
export function nowIso(now = Date.now()): string {
  return isoFromMicros(BigInt(now) * 1000n) as string;
}
