// Test support for the errors module (no I/O of its own): the Sentry captures of
// /work/shared/clients and an envelope builder.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

import { CAPTURES_DIR } from '../../../test/client-captures.ts';

export { CAPTURES_DIR };

export interface Capture {
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  /** The recorder cut the body short; repairTruncatedJson was applied to its last line. */
  truncated: boolean;
}

/**
 * Closes a JSON text cut in the middle: keeps everything up to the last complete value inside
 * the open containers, then closes them. Used on captures the recorder truncated.
 */
export function repairTruncatedJson(text: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let safe = 0;
  let safeStack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      stack.pop();
      safe = i + 1;
      safeStack = stack.slice();
    }
  }
  if (!stack.length && !inString) return text;
  return text.slice(0, safe) + safeStack.reverse().join('');
}

/** A capture file: request line and headers, then the body after the `# body:` line. */
export function readCapture(name: string): Capture {
  const text = readFileSync(`${CAPTURES_DIR}/${name}`, 'utf8');
  const lines = text.split('\n');
  const reqIdx = lines.findIndex((l) => l.startsWith('POST '));
  const [, target] = lines[reqIdx]!.split(' ');
  const [path, query = ''] = target!.split('?');
  const headers: Record<string, string> = {};
  let i = reqIdx + 1;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const l = lines[i]!;
    const c = l.indexOf(':');
    headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
  }
  while (i < lines.length && !lines[i]!.startsWith('# body:')) i++;
  let body = lines.slice(i + 1).join('\n');
  const truncated = body.includes('… (truncated)');
  body = body.replace(/… \(truncated\)\n*$/, '');
  if (truncated) {
    const parts = body.replace(/\n+$/, '').split('\n');
    parts[parts.length - 1] = repairTruncatedJson(parts[parts.length - 1]!);
    body = parts.join('\n') + '\n';
  }
  return { path: path!, query, headers, body, truncated };
}

export function hexId(): string {
  return randomBytes(16).toString('hex');
}

/** A Sentry exception event shaped like @sentry/node 11's (see the exception capture). */
export function exceptionEvent(opts: {
  eventId?: string;
  type?: string;
  value?: string;
  fn?: string;
  file?: string;
  line?: number;
  user?: string;
  environment?: string;
  release?: string;
  timestamp?: number;
  fingerprint?: string[];
  level?: string;
}): Record<string, unknown> {
  return {
    event_id: opts.eventId ?? hexId(),
    level: opts.level ?? 'error',
    platform: 'node',
    timestamp: opts.timestamp ?? Date.now() / 1000,
    environment: opts.environment ?? 'production',
    release: opts.release ?? 'shop@1.0.0',
    ...(opts.fingerprint ? { fingerprint: opts.fingerprint } : {}),
    exception: {
      values: [
        {
          type: opts.type ?? 'TypeError',
          value: opts.value ?? "Cannot read properties of undefined (reading 'id')",
          stacktrace: {
            frames: [
              {
                filename: 'node:internal/main/run_main_module',
                function: '?',
                lineno: 28,
                in_app: false,
              },
              {
                filename: opts.file ?? '/srv/app/src/checkout.js',
                module: 'checkout',
                function: opts.fn ?? 'placeOrder',
                lineno: opts.line ?? 42,
                colno: 7,
                in_app: true,
              },
            ],
          },
          mechanism: { type: 'generic', handled: true },
        },
      ],
    },
    tags: { tenant: 'tenant-a' },
    user: opts.user ? { id: opts.user, ip_address: '{{auto}}' } : undefined,
    contexts: { trace: { trace_id: hexId(), span_id: hexId().slice(0, 16) } },
    breadcrumbs: [
      { timestamp: Date.now() / 1000, category: 'http', data: { url: '/x?token=abc' } },
    ],
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
}

/** An envelope with one event item per event (item headers without length). */
export function envelopeOf(
  events: Record<string, unknown>[],
  header: Record<string, unknown> = {},
): string {
  const first = events[0]?.event_id;
  const h = { ...(first ? { event_id: first } : {}), sent_at: new Date().toISOString(), ...header };
  return (
    [JSON.stringify(h), ...events.flatMap((e) => ['{"type":"event"}', JSON.stringify(e)])].join(
      '\n',
    ) + '\n'
  );
}
