import http from 'node:http';
import https from 'node:https';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * One scrape request, as Prometheus 2.42 sends it (Accept with OpenMetrics preferred, gzip,
 * X-Prometheus-Scrape-Timeout-Seconds). The whole exchange is bounded by the timeout, and the
 * body (after decompression) by maxBytes: a huge or endless body aborts the request instead of
 * filling memory.
 */

export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** The Authorization header value, when the target needs one. */
  authorization?: string | null;
  userAgent?: string;
}

export interface Fetched {
  body: string;
  contentType: string | null;
}

export class ScrapeError extends Error {}

function decoded(res: http.IncomingMessage): Readable {
  const enc = String(res.headers['content-encoding'] ?? '').toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(createGunzip());
  if (enc === 'deflate') return res.pipe(createInflate());
  return res;
}

const MAX_REDIRECTS = 10;

/** Fetches a target, following up to 10 redirects as Prometheus does, within one timeout. */
export function fetchTarget(url: string, opts: FetchOptions): Promise<Fetched> {
  return fetchOnce(new URL(url), opts, AbortSignal.timeout(opts.timeoutMs), 0);
}

function fetchOnce(
  target: URL,
  opts: FetchOptions,
  signal: AbortSignal,
  hops: number,
): Promise<Fetched> {
  const mod = target.protocol === 'https:' ? https : http;
  return new Promise<Fetched>((resolve, reject) => {
    const reason = (err: Error & { code?: string }) =>
      signal.aborted
        ? `context deadline exceeded (timeout ${opts.timeoutMs} ms)`
        : err.code
          ? `${err.code}: ${err.message}`
          : err.message;
    const fail = (why: string) => {
      req.destroy();
      reject(new ScrapeError(why));
    };
    const req = mod.request(
      target,
      {
        method: 'GET',
        agent: false,
        signal,
        headers: {
          accept: SCRAPE_ACCEPT,
          'accept-encoding': 'gzip',
          'user-agent': opts.userAgent ?? 'Pharos-Scraper/1',
          'x-prometheus-scrape-timeout-seconds': String(opts.timeoutMs / 1000),
          ...(opts.authorization ? { authorization: opts.authorization } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
          res.resume();
          if (hops >= MAX_REDIRECTS) return fail(`stopped after ${MAX_REDIRECTS} redirects`);
          let next: URL;
          try {
            next = new URL(res.headers.location, target);
          } catch {
            return fail('invalid redirect location');
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:')
            return fail(`redirect to unsupported scheme ${next.protocol}`);
          // Credentials go only to the host they were configured for (as Go's HTTP client).
          const sameHost = next.host === target.host;
          const nextOpts = sameHost ? opts : { ...opts, authorization: null };
          return fetchOnce(next, nextOpts, signal, hops + 1).then(resolve, reject);
        }
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
          res.resume();
          return fail(
            `server returned HTTP status ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const stream = decoded(res);
        stream.on('data', (d: Buffer) => {
          size += d.length;
          if (size > opts.maxBytes) {
            stream.destroy();
            return fail(`body exceeds the limit of ${opts.maxBytes} bytes`);
          }
          chunks.push(d);
        });
        stream.on('end', () =>
          resolve({
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: res.headers['content-type'] ?? null,
          }),
        );
        stream.on('error', (err: Error) => fail(reason(err)));
        res.on('error', (err: Error) => fail(reason(err)));
      },
    );
    req.on('error', (err: Error) => reject(new ScrapeError(reason(err))));
    req.end();
  });
}
