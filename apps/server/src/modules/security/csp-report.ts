// CSP violation reports as browsers send them, normalized to one shape:
// - `report-uri` (CSP2): one POST per violation, `application/csp-report`,
//   `{"csp-report": {"document-uri", "violated-directive", "blocked-uri", ...}}` (kebab-case);
// - the Reporting API (`report-to`): batched `application/reports+json`, an array of
//   `{type: "csp-violation", age, url, user_agent, body: {documentURL, blockedURL, ...}}`.

export interface CspViolation {
  format: 'report-uri' | 'reporting-api';
  documentUri: string | null;
  blockedUri: string | null;
  violatedDirective: string | null;
  effectiveDirective: string | null;
  originalPolicy: string | null;
  disposition: 'enforce' | 'report' | null;
  referrer: string | null;
  sourceFile: string | null;
  lineNumber: number | null;
  columnNumber: number | null;
  statusCode: number | null;
  sample: string | null;
  /** Reporting API only: how long ago (ms) the browser saw the violation. */
  ageMs: number;
  /** Reporting API only: the browser's user agent as it put it in the report. */
  userAgent: string | null;
}

export class CspReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CspReportError';
  }
}

const MAX_TEXT = 4096;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Most reports taken from one Reporting API batch. */
export const MAX_REPORTS_PER_BATCH = 100;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Lone surrogates and NUL cannot be stored in jsonb/text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD');

const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? wellFormed(v).replace(/\0/g, '').slice(0, MAX_TEXT) : null;

const int = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1 ? n : null;
};

const disposition = (v: unknown): CspViolation['disposition'] =>
  v === 'enforce' || v === 'report' ? v : null;

function fromReportUri(r: Record<string, unknown>): CspViolation {
  return {
    format: 'report-uri',
    documentUri: str(r['document-uri']),
    blockedUri: str(r['blocked-uri']),
    violatedDirective: str(r['violated-directive']),
    effectiveDirective: str(r['effective-directive']) ?? str(r['violated-directive']),
    originalPolicy: str(r['original-policy']),
    disposition: disposition(r.disposition),
    referrer: str(r.referrer),
    sourceFile: str(r['source-file']),
    lineNumber: int(r['line-number']),
    columnNumber: int(r['column-number']),
    statusCode: int(r['status-code']),
    sample: str(r['script-sample']),
    ageMs: 0,
    userAgent: null,
  };
}

function fromReportingApi(report: Record<string, unknown>): CspViolation | null {
  if (report.type !== 'csp-violation' || !isObject(report.body)) return null;
  const b = report.body;
  const age = int(report.age) ?? 0;
  return {
    format: 'reporting-api',
    documentUri: str(b.documentURL) ?? str(report.url),
    blockedUri: str(b.blockedURL),
    violatedDirective: str(b.effectiveDirective),
    effectiveDirective: str(b.effectiveDirective),
    originalPolicy: str(b.originalPolicy),
    disposition: disposition(b.disposition),
    referrer: str(b.referrer),
    sourceFile: str(b.sourceFile),
    lineNumber: int(b.lineNumber),
    columnNumber: int(b.columnNumber),
    statusCode: int(b.statusCode),
    sample: str(b.sample),
    ageMs: Math.min(age, MAX_AGE_MS),
    userAgent: str(report.user_agent),
  };
}

/**
 * Parses a report body by its shape (browsers and proxies do not always keep the content type):
 * an object with `csp-report`, or an array of Reporting API reports, of which only
 * `csp-violation` ones are kept (a batch may also carry deprecation or intervention reports).
 * Throws CspReportError for anything else.
 */
export function parseCspReports(text: string): CspViolation[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CspReportError('The report is not JSON.');
  }
  if (isObject(body) && isObject(body['csp-report'])) return [fromReportUri(body['csp-report'])];
  if (Array.isArray(body)) {
    if (!body.every(isObject)) throw new CspReportError('Every report must be an object.');
    return body
      .slice(0, MAX_REPORTS_PER_BATCH)
      .map(fromReportingApi)
      .filter((v): v is CspViolation => v !== null);
  }
  throw new CspReportError(
    'Expected a `csp-report` object (report-uri) or an array of reports (Reporting API).',
  );
}
