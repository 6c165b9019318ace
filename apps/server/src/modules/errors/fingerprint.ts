import { parameterize } from './parameterize.ts';
import { shortHash } from './rows.ts';
import {
  exceptionsOf,
  framesOf,
  isRecord,
  isSyntheticException,
  messageOf,
  str,
  type SentryEvent,
  type SentryFrame,
} from './sentry-types.ts';

/**
 * Error grouping, with Sentry's precedence (docs/adr/0007-errors-and-sentry-ingest.md):
 * 1. an explicit `fingerprint` (its `{{ default }}` entries expand to the default components);
 * 2. the in-app stack frames of every exception in the chain (or of the event's own stack
 *    trace): normalized module or file and function, never line or column numbers;
 * 3. the exception types and values (values parameterized);
 * 4. the message template with its parameters replaced.
 * The hash is the first 32 hex digits of SHA-256 over the level and components, so a change of
 * level (say, frames start arriving) makes a new group, as in Sentry.
 */
export type GroupingKind = 'fingerprint' | 'stacktrace' | 'exception' | 'message' | 'fallback';

export interface Grouping {
  hash: string;
  kind: GroupingKind;
  components: string[];
}

const INTERNAL_PATH =
  /(^|\/)node_modules\/|^node:|^internal\/|<anonymous>|^native$|^\[native code\]$|chrome-extension:|moz-extension:/;
const VERSION_SEGMENT = /^v?\d+(\.\d+)+([-+][\w.]+)?$/i;
const HASH_SEGMENT =
  /^(?=[0-9a-z]*\d)[0-9a-f]{7,}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A file path without origin, query, versions, release hashes and deploy directories. */
export function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  p = p.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''); // https://host, webpack://, app://
  p = p.replace(/[?#].*$/, '');
  // pnpm / yarn stores: keep the package path after the last node_modules.
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) p = p.slice(nm + 1);
  const segments = p
    .split('/')
    .filter((s) => s && s !== '.' && !VERSION_SEGMENT.test(s) && !HASH_SEGMENT.test(s))
    .filter((s) => !/^\d{6,}$/.test(s)) // timestamped release directories
    .map((s) => s.replace(/@v?\d+(\.\d+)*([-+][\w.]+)?$/, '')); // pkg@1.2.3
  let base = segments.pop() ?? '';
  // app.3f9a2c1b.js, chunk-4CQZ7LTM.js, main-abcdef12.min.js -> app.js, chunk.js, main.min.js
  base = base.replace(/[.-](?=[0-9a-z]*\d)[0-9a-z]{8,}(?=\.)/gi, '');
  base = base.replace(/[.-][0-9a-f]{6,}(?=\.)/gi, '');
  // The last two directories tell files apart; deeper ones vary between deployments.
  return [...segments.slice(-2), base].filter(Boolean).join('/');
}

/** A function name without call decorations and anonymous markers; null when there is none. */
export function normalizeFunction(fn: string): string | null {
  let f = fn.trim();
  f = f.replace(/\s*\[as [^\]]*\]$/, '');
  f = f.replace(/^(async|new)\s+/, '');
  f = f.replace(/^Object\./, '');
  f = f.replace(/\/<+$/, ''); // Firefox nested closures: outer/<
  f = f.replace(/<anonymous>|\?$/g, '').trim();
  return f && f !== '?' && f !== 'anonymous' ? f : null;
}

function normalizeModule(mod: string): string {
  return mod
    .split(/[/:]/)
    .filter((s) => s && !VERSION_SEGMENT.test(s) && !HASH_SEGMENT.test(s))
    .join('/');
}

function frameIsInApp(frame: SentryFrame, anyFlagged: boolean): boolean {
  if (anyFlagged) return frame.in_app === true;
  const path = str(frame.abs_path) ?? str(frame.filename) ?? '';
  return path !== '' && !INTERNAL_PATH.test(path);
}

/** One frame's grouping component: `module-or-file|function` (or the trimmed source line). */
export function frameComponent(frame: SentryFrame): string | null {
  const mod = str(frame.module, 500);
  const file = str(frame.filename, 2000) ?? str(frame.abs_path, 2000);
  const where = mod ? normalizeModule(mod) : file ? normalizePath(file) : '';
  const fnText = str(frame.function, 500);
  let what = fnText ? normalizeFunction(fnText) : null;
  if (!what) {
    const line = str(frame.context_line, 500)?.trim();
    what = line && line.length <= 150 ? line.replace(/\s+/g, ' ') : null;
  }
  if (!where && !what) return null;
  return `${where}|${what ?? ''}`;
}

/** The in-app frames of a frame list, oldest call first. */
export function inAppFrames(frames: SentryFrame[]): SentryFrame[] {
  const anyFlagged = frames.some((f) => typeof f.in_app === 'boolean');
  return frames.filter((f) => frameIsInApp(f, anyFlagged));
}

function eventStacktraces(event: SentryEvent): SentryFrame[][] {
  const own = framesOf({ stacktrace: isRecord(event.stacktrace) ? event.stacktrace : null });
  const threads = isRecord(event.threads) ? event.threads.values : event.threads;
  const threadFrames = Array.isArray(threads)
    ? threads
        .filter(isRecord)
        .map((t) => framesOf({ stacktrace: isRecord(t.stacktrace) ? t.stacktrace : null }))
    : [];
  return [own, ...threadFrames].filter((f) => f.length > 0);
}

function exceptionType(t: unknown): string {
  return str(t, 500)?.trim() || 'Error';
}

/** The default grouping (levels 2-4), used alone or to expand `{{ default }}`. */
export function defaultGrouping(event: SentryEvent): { kind: GroupingKind; components: string[] } {
  const exceptions = exceptionsOf(event);
  const fromExceptions: string[] = [];
  for (const ex of exceptions) {
    const frames = inAppFrames(framesOf(ex))
      .map(frameComponent)
      .filter((c): c is string => c !== null);
    if (!frames.length) continue;
    // A message's synthetic stack says where it was logged from, which many messages share:
    // the parameterized message stays part of its group (Sentry would group by frames alone).
    const head = isSyntheticException(ex)
      ? `message:${parameterize(str(ex.value) ?? messageOf(event).template ?? '')}`
      : `type:${exceptionType(ex.type)}`;
    fromExceptions.push(head, ...frames);
  }
  if (fromExceptions.length) return { kind: 'stacktrace', components: fromExceptions };

  if (exceptions.length) {
    return {
      kind: 'exception',
      components: exceptions.map(
        (ex) => `${exceptionType(ex.type)}: ${parameterize(str(ex.value) ?? '')}`,
      ),
    };
  }

  for (const frames of eventStacktraces(event)) {
    const comps = inAppFrames(frames)
      .map(frameComponent)
      .filter((c): c is string => c !== null);
    if (comps.length) return { kind: 'stacktrace', components: comps };
  }

  const { template, formatted } = messageOf(event);
  const text = template ?? formatted;
  if (text) return { kind: 'message', components: [parameterize(text)] };
  // Nothing to group by: one group per logger and level, as Sentry's fallback does.
  return {
    kind: 'fallback',
    components: [`logger:${str(event.logger) ?? ''}`, `level:${str(event.level) ?? 'error'}`],
  };
}

const VARIABLE = /^\{\{\s*([\w.]+)\s*\}\}$/;

function expandVariable(name: string, event: SentryEvent): string[] | null {
  const exceptions = exceptionsOf(event);
  const main = exceptions[exceptions.length - 1];
  switch (name) {
    case 'default':
      return defaultGrouping(event).components;
    case 'type':
    case 'error.type':
      return [main ? exceptionType(main.type) : '<no-type>'];
    case 'error.value':
      return [main ? (str(main.value) ?? '') : '<no-value>'];
    case 'message': {
      const m = messageOf(event);
      return [m.formatted ?? m.template ?? (main ? (str(main.value) ?? '') : '')];
    }
    case 'transaction':
      return [str(event.transaction) ?? '<no-transaction>'];
    case 'level':
      return [str(event.level) ?? 'error'];
    case 'logger':
      return [str(event.logger) ?? '<no-logger>'];
    default:
      return null; // unknown variables stay literal, as Sentry leaves unknown ones
  }
}

function sha(kind: string, components: string[]): string {
  return shortHash(`${kind}\0${components.join('\n')}`);
}

/** Computes the group of an event. Pure. */
export function computeGrouping(event: SentryEvent): Grouping {
  const fp = event.fingerprint;
  // `['{{ default }}']` is the default grouping itself (same hash), as in Sentry.
  const onlyDefault =
    Array.isArray(fp) && fp.length === 1 && VARIABLE.exec(String(fp[0]).trim())?.[1] === 'default';
  if (Array.isArray(fp) && fp.length > 0 && !onlyDefault) {
    const components: string[] = [];
    for (const entry of fp.slice(0, 50)) {
      const text = str(entry, 1000);
      if (text === null) continue;
      const m = VARIABLE.exec(text.trim());
      const expanded = m ? expandVariable(m[1]!, event) : null;
      components.push(...(expanded ?? [text]));
    }
    if (components.length)
      return { hash: sha('fingerprint', components), kind: 'fingerprint', components };
  }
  const d = defaultGrouping(event);
  return { hash: sha(d.kind, d.components), kind: d.kind, components: d.components };
}
