// Parameter parsing of the Prometheus HTTP API, as Prometheus does it: times as Unix seconds
// (float) or RFC 3339; durations as seconds (float) or a Prometheus duration (`1h30m`).

/** Thrown for a parameter Prometheus would answer with `bad_data`. */
export class BadParam extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadParam';
  }
}

// Prometheus' own bounds for "no limit" (its minTime/maxTime, in ms).
export const MIN_TIME_MS = -9_223_372_036_854;
export const MAX_TIME_MS = 9_223_372_036_854;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** A `time`/`start`/`end` parameter in ms; `fallback` when absent. */
export function parseTime(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const ms = Math.round(Number(value) * 1000);
    if (Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS) return ms;
  } else if (RFC3339.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new BadParam(
    `invalid parameter "${name}": cannot parse "${value.slice(0, 64)}" to a valid timestamp`,
  );
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A duration parameter (`step`, `timeout`) in ms; `fallback` when absent. */
export function parseDuration(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const ms = Math.round(Number(value) * 1000);
    if (Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS) return ms;
  } else if (/^(\d+(ms|[smhdwy]))+$/.test(value)) {
    let ms = 0;
    for (const m of value.matchAll(/(\d+)(ms|[smhdwy])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    if (Number.isSafeInteger(ms)) return ms;
  }
  throw new BadParam(
    `invalid parameter "${name}": cannot parse "${value.slice(0, 64)}" to a valid duration`,
  );
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) throw new BadParam(`invalid label name: "${name.slice(0, 64)}"`);
  return name;
}

/** A repeated parameter (`match[]`) as a list, whether it came once or several times. */
export function listParam(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
