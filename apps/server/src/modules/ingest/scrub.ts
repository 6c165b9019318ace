/**
 * Sentry-style scrubbing of telemetry before it is stored: values under sensitive keys and
 * card numbers (Luhn-checked) anywhere in strings are replaced with `[Filtered]`.
 */

export interface ScrubPolicy {
  enabled: boolean;
  /** Keys whose values are replaced (matched case-insensitively, anywhere in the key). */
  keyPattern: RegExp;
  /** Keys never scrubbed, even when they match keyPattern (exact, lower case). */
  safeKeys: ReadonlySet<string>;
  /** Replace card numbers that pass the Luhn check. */
  cards: boolean;
}

export const FILTERED = '[Filtered]';
export const DEFAULT_SENSITIVE_KEYS = [
  'password',
  'passwd',
  'secret',
  'token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'session',
  'csrf',
  'credential',
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function keyRegExp(keys: string[]): RegExp {
  return new RegExp(keys.map(escapeRe).join('|'), 'i');
}

export const DEFAULT_SCRUB_POLICY: ScrubPolicy = {
  enabled: true,
  keyPattern: keyRegExp(DEFAULT_SENSITIVE_KEYS),
  safeKeys: new Set(),
  cards: true,
};

/**
 * The policy from `organizations.settings.scrubbing`:
 * `{ enabled?: boolean, extra_keys?: string[], safe_keys?: string[], scrub_cards?: boolean }`.
 * Anything malformed falls back to the defaults (scrubbing stays on).
 */
export function scrubPolicyFromSettings(settings: unknown): ScrubPolicy {
  const s =
    settings && typeof settings === 'object'
      ? (settings as Record<string, unknown>).scrubbing
      : undefined;
  if (!s || typeof s !== 'object') return DEFAULT_SCRUB_POLICY;
  const o = s as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100)
      : [];
  const extra = strings(o.extra_keys);
  return {
    enabled: o.enabled !== false,
    keyPattern: extra.length
      ? keyRegExp([...DEFAULT_SENSITIVE_KEYS, ...extra])
      : DEFAULT_SCRUB_POLICY.keyPattern,
    safeKeys: new Set(strings(o.safe_keys).map((k) => k.toLowerCase())),
    cards: o.scrub_cards !== false,
  };
}

// 13 to 19 digits, optionally grouped by single spaces or dashes, standing on their own: a digit
// run inside a word (hex trace/event ids, hashes, base64) is never a card number, and scrubbing
// it would corrupt the ids that deduplicate and correlate records.
const CARD_RE = /(?<![0-9A-Za-z_])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z_])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The string with every Luhn-valid card number replaced. */
export function scrubCards(text: string): string {
  // Cheap pre-check: most strings have no run of 13 digits at all.
  if (!/\d{4}/.test(text)) return text;
  return text.replace(CARD_RE, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 13 && luhnValid(digits) ? FILTERED : m;
  });
}

const MAX_DEPTH = 32;
// Keys seen in payloads repeat (filename, function, lineno, ...): the key pattern's answer is
// kept per policy. Bounded, since the keys come from clients.
const KEY_CACHE_MAX = 4096;
const keyCaches = new WeakMap<ScrubPolicy, Map<string, boolean>>();

/** Rules of one kind of payload, applied in the same walk as the policy's. */
export interface ScrubExtras {
  /**
   * Members that hold ids: a string value matching `idPattern` is kept as it is (a hex id can
   * hold a Luhn-valid run of digits, and scrubbing it would lose the record's identity).
   */
  idKeys?: ReadonlySet<string>;
  idPattern?: RegExp;
  /** More scrubbing of strings (after card numbers), except under these top-level members. */
  text?: (s: string) => string;
  textSkip?: ReadonlySet<string>;
}

interface Walk {
  policy: ScrubPolicy;
  keys: Map<string, boolean>;
  extras: ScrubExtras | undefined;
}

function isSensitiveKey(w: Walk, k: string): boolean {
  let s = w.keys.get(k);
  if (s === undefined) {
    s = w.policy.keyPattern.test(k) && !w.policy.safeKeys.has(k.toLowerCase());
    if (w.keys.size >= KEY_CACHE_MAX) w.keys.clear();
    w.keys.set(k, s);
  }
  return s;
}

function isKeptId(x: ScrubExtras | undefined, k: string, v: unknown): boolean {
  return (
    x?.idKeys !== undefined &&
    typeof v === 'string' &&
    x.idKeys.has(k) &&
    (x.idPattern === undefined || x.idPattern.test(v))
  );
}

function scrubValue(w: Walk, value: unknown, depth: number, text: boolean): unknown {
  if (typeof value === 'string') {
    const s = w.policy.cards ? scrubCards(value) : value;
    return text ? w.extras!.text!(s) : s;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = scrubValue(w, value[i], depth + 1, text);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const x = w.extras;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === null || typeof v === 'number' || typeof v === 'boolean') {
      // Nothing to scrub in the value; a sensitive key still hides it (a PIN, a boolean
      // `session`), as Sentry does.
      if (v !== null && isSensitiveKey(w, k)) (out ??= { ...obj })[k] = FILTERED;
      continue;
    }
    if (isKeptId(x, k, v)) continue;
    let next: unknown;
    if (v !== '' && isSensitiveKey(w, k)) next = FILTERED;
    else {
      // Extra text scrubbing applies below the top-level members it does not skip.
      const t = depth === 0 ? x?.text !== undefined && !x.textSkip?.has(k) : text;
      next = scrubValue(w, v, depth + 1, t);
    }
    if (next !== v) (out ??= { ...obj })[k] = next;
  }
  return out ?? value;
}

/**
 * Sentry-style scrubbing of card numbers and values under sensitive keys, per org settings,
 * plus a payload kind's `extras`, in one walk. Returns the same object when nothing was
 * scrubbed, a scrubbed copy otherwise (never mutates).
 */
export function scrubSensitive<T>(
  value: T,
  policy: ScrubPolicy = DEFAULT_SCRUB_POLICY,
  extras?: ScrubExtras,
): T {
  if (!policy.enabled) return value;
  let keys = keyCaches.get(policy);
  if (!keys) keyCaches.set(policy, (keys = new Map()));
  return scrubValue({ policy, keys, extras }, value, 0, false) as T;
}
