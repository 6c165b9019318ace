import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { evaluateJsonPath, statusAccepted } from './json-path.ts';
import { judgeCertificate, type CertificateInfo } from './tls-expiry.ts';
import {
  errorText,
  withLatency,
  type CheckOutcome,
  type CheckTarget,
  type Checker,
  type MonitorConfig,
} from './types.ts';

// Bodies are read for keyword and JSON assertions only, and never past this size.
const MAX_BODY_BYTES = 1024 * 1024;

interface HttpResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  cert: CertificateInfo | null;
}

function requestOnce(
  url: URL,
  target: CheckTarget,
  signal: AbortSignal,
  readBody: boolean,
): Promise<HttpResponse> {
  const { config, secrets } = target;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: config.method ?? 'GET',
        headers: {
          'user-agent': 'Pharos-Monitor/1',
          ...(config.headers ?? {}),
          ...(secrets.headers ?? {}),
        },
        signal,
        // One connection per check: a keep-alive pool would hide connection failures.
        agent: false,
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !config.ignoreTls } : {}),
      },
      (res) => {
        let cert: CertificateInfo | null = null;
        const sock = res.socket as TLSSocket;
        if (typeof sock.getPeerCertificate === 'function') {
          const c = sock.getPeerCertificate();
          if (c?.valid_to) {
            cert = {
              validTo: new Date(c.valid_to),
              subject: c.subject?.CN as string | undefined,
              issuer: c.issuer?.CN as string | undefined,
            };
          }
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          if (!readBody || size >= MAX_BODY_BYTES) return;
          size += d.length;
          chunks.push(d);
        });
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
            cert,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(config.body ?? undefined);
  });
}

function assertBody(res: HttpResponse, config: MonitorConfig): string | null {
  if (config.keyword !== undefined) {
    const found = res.body.includes(config.keyword);
    if (found === Boolean(config.invertKeyword)) {
      return config.invertKeyword
        ? `keyword "${config.keyword}" found`
        : `keyword "${config.keyword}" not found`;
    }
  }
  if (config.jsonPath !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(res.body);
    } catch {
      return 'response is not JSON';
    }
    const value = evaluateJsonPath(doc, config.jsonPath);
    if (value === undefined) return `${config.jsonPath} not found`;
    if (config.expectedValue !== undefined) {
      const actual = typeof value === 'string' ? value : JSON.stringify(value);
      if (actual !== config.expectedValue) {
        return `${config.jsonPath} is ${actual.slice(0, 200)}, expected ${config.expectedValue}`;
      }
    }
  }
  return null;
}

async function runHttp(target: CheckTarget, signal: AbortSignal): Promise<CheckOutcome> {
  const { config } = target;
  const started = performance.now();
  const readBody = config.keyword !== undefined || config.jsonPath !== undefined;
  const maxRedirects = config.followRedirects === false ? 0 : (config.maxRedirects ?? 10);
  let url = new URL(target.url ?? '');
  const redirects: string[] = [];
  try {
    for (;;) {
      const res = await requestOnce(url, target, signal, readBody);
      const location = res.headers.location;
      if (
        res.statusCode >= 300 &&
        res.statusCode < 400 &&
        location &&
        redirects.length < maxRedirects
      ) {
        url = new URL(location, url);
        redirects.push(url.href);
        continue;
      }
      const responseTime = Math.round(performance.now() - started);
      const details: Record<string, unknown> = { url: url.href };
      if (redirects.length) details.redirects = redirects;
      if (!statusAccepted(res.statusCode, config.expectedStatus)) {
        return {
          status: 'down',
          responseTime,
          statusCode: res.statusCode,
          error: `unexpected status ${res.statusCode}`,
          details,
        };
      }
      const failed = assertBody(res, config);
      if (failed) {
        return { status: 'down', responseTime, statusCode: res.statusCode, error: failed, details };
      }
      let outcome: CheckOutcome = {
        status: 'healthy',
        responseTime,
        statusCode: res.statusCode,
        details,
      };
      if (res.cert) {
        const tls = judgeCertificate(res.cert, new Date(), config.tlsWarnDays);
        outcome = { ...outcome, ...tls, details: { ...details, ...tls.details } };
      }
      return withLatency(outcome, config);
    }
  } catch (err) {
    return {
      status: 'down',
      responseTime: Math.round(performance.now() - started),
      error: signal.aborted ? `timed out after ${target.timeoutMs} ms` : errorText(err),
    };
  }
}

export const httpChecker: Checker = {
  kinds: ['http', 'keyword', 'json-query'],
  validate(url, config) {
    if (!url || !/^https?:\/\//i.test(url))
      return 'an HTTP monitor needs an http:// or https:// URL';
    try {
      new URL(url);
    } catch {
      return 'the URL is not valid';
    }
    if (config.jsonPath !== undefined && !config.jsonPath.startsWith('$')) {
      return 'jsonPath must start with $';
    }
    return null;
  },
  run: runHttp,
};
