import type { ErrorCode, Problem } from '@pharos/contracts';

/** An API error with the server's RFC 9457 problem body (or a synthetic one for network errors). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  /** The problem type slug, e.g. `password-change-required`, `mfa-required`. */
  readonly type: string;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? (status === 0 ? 'NETWORK' : 'INTERNAL');
    this.type = problem?.type.split('/').pop() ?? this.code.toLowerCase();
  }
  /** Field errors from a VALIDATION problem, keyed by path without the leading slash. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) out[e.path.replace(/^\//, '')] = e.message;
    return out;
  }
}

export const API_BASE = '/api/v1';

/** Where the app goes when the session has ended; `next` brings the user back afterwards. */
export function signInUrl(next: string = currentPath()): string {
  return next && next !== '/' && !next.startsWith('/sign-in')
    ? `/sign-in?next=${encodeURIComponent(next)}`
    : '/sign-in';
}

function currentPath(): string {
  return window.location.pathname + window.location.search + window.location.hash;
}

type Listener = (err: ApiError) => void;
const authListeners = new Set<Listener>();

/**
 * Called on 401 (session ended) and on 403 password-change-required. The router subscribes and
 * navigates client-side; without a subscriber the page is sent to the sign-in URL.
 */
export function onAuthError(fn: Listener): () => void {
  authListeners.add(fn);
  return () => authListeners.delete(fn);
}

function notifyAuthError(err: ApiError): void {
  if (authListeners.size === 0) {
    if (err.status === 401 && !window.location.pathname.startsWith('/sign-in'))
      window.location.assign(signInUrl());
    return;
  }
  for (const fn of authListeners) fn(err);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Query parameters; an array repeats its parameter (`ids=a&ids=b`). */
  query?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  signal?: AbortSignal;
  /** Don't redirect to sign-in on 401 (the sign-in calls themselves, the initial /me probe). */
  allowUnauthenticated?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/api/') ? path : API_BASE + path;
  if (!query) return url;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const x of v as readonly string[]) qs.append(k, x);
    else if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${url}?${s}` : url;
}

/** JSON fetch against the Pharos API with the session cookie; throws ApiError on non-2xx. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, null, 'Pharos cannot be reached. Check your connection.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const problem = isProblem(data) ? data : null;
    const err = new ApiError(res.status, problem, `${res.status} ${res.statusText}`);
    const authFailure =
      (res.status === 401 && !opts.allowUnauthenticated) ||
      (res.status === 403 && err.type === 'password-change-required');
    if (authFailure) notifyAuthError(err);
    throw err;
  }
  return data as T;
}

function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && 'code' in v && 'detail' in v && 'type' in v;
}
