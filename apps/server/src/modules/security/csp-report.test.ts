import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../../test/client-captures.ts';
import { CspReportError, parseCspReports } from './csp-report.ts';
import { toSecurityEventRow } from './security-event-row.ts';

const ctx = {
  orgId: '00000000-0000-4000-8000-000000000001',
  projectId: 1,
  receivedAt: Date.parse('2026-11-21T20:00:30.000Z'),
  ip: '10.0.0.1',
  userAgent: 'UA',
  requestId: 'req-1',
  environment: null,
  release: null,
};

describe('CSP reports', () => {
  it('parses both report-uri posts of the Chromium capture', () => {
    const cap = loadCapture('chromium-156-csp-report-uri.txt');
    expect(cap.bodies).toHaveLength(2);
    expect(Buffer.byteLength(cap.bodies[0] as string)).toBe(cap.contentLength);
    const [v] = parseCspReports(cap.bodies[0] as string);
    expect(v).toMatchObject({
      format: 'report-uri',
      documentUri: 'https://127.0.0.1:9985/page-uri.html',
      blockedUri: 'inline',
      effectiveDirective: 'style-src-attr',
      disposition: 'enforce',
      lineNumber: 9,
      sample: null,
    });
    const row = toSecurityEventRow(v!, ctx);
    expect(row).toMatchObject({
      attack_type: 'csp_violation',
      blocked: true,
      blocked_payload: 'inline',
      url: 'https://127.0.0.1:9985/page-uri.html',
      ip_address: '10.0.0.1',
      occurred_at: '2026-11-21T20:00:30.000Z',
    });
  });

  it('parses the Reporting API batch and dates each report by its age', () => {
    const cap = loadCapture('chromium-156-reporting-api-reports-json.txt');
    const vs = parseCspReports(cap.bodies[0] as string);
    expect(vs.map((v) => v.effectiveDirective)).toEqual([
      'script-src-attr',
      'script-src-elem',
      'img-src',
    ]);
    const row = toSecurityEventRow(vs[2]!, { ...ctx, userAgent: null });
    expect(row.endpoint_targeted).toBe('http://127.0.0.1:1/tracker.png');
    expect(row.occurred_at).toBe('2026-11-21T20:00:29.910Z');
    expect(row.user_agent).toContain('HeadlessChrome/156');
  });

  it('derives one id per content and time bucket, truncates the payload', () => {
    const body = (sample: string) =>
      JSON.stringify({ 'csp-report': { 'document-uri': 'https://a/', 'script-sample': sample } });
    const [a] = parseCspReports(body('x'));
    const [b] = parseCspReports(body('y'.repeat(3000)));
    const r1 = toSecurityEventRow(a!, ctx);
    expect(toSecurityEventRow(a!, { ...ctx, receivedAt: ctx.receivedAt + 20_000 }).id).toBe(r1.id);
    expect(toSecurityEventRow(a!, { ...ctx, receivedAt: ctx.receivedAt + 40_000 }).id).not.toBe(
      r1.id,
    );
    expect(toSecurityEventRow(b!, ctx).blocked_payload).toHaveLength(1000);
  });

  it('keeps only csp-violation reports of a batch', () => {
    expect(parseCspReports('[{"type":"deprecation","body":{}}]')).toEqual([]);
  });

  it.each(['nope', '{"expect-ct-report":{}}', '[1]', '"x"'])('refuses %s', (body) =>
    expect(() => parseCspReports(body)).toThrow(CspReportError),
  );
});
