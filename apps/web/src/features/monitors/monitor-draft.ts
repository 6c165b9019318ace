import type { Monitor, MonitorConfig, MonitorInput, MonitorKind } from './api.ts';

/** The form's state: every field as the text the user typed. */
export interface MonitorDraft {
  name: string;
  kind: MonitorKind;
  url: string;
  interval: string;
  timeout: string;
  retries: string;
  method: string;
  expectedStatus: string;
  keyword: string;
  invertKeyword: boolean;
  jsonPath: string;
  expectedValue: string;
  recordType: string;
  resolver: string;
  expectedAnswer: string;
  query: string;
  password: string;
  ignoreTls: boolean;
  tlsWarnDays: string;
}

export const TARGET: Record<MonitorKind, { label: string; placeholder: string } | null> = {
  http: { label: 'URL', placeholder: 'https://example.com/health' },
  keyword: { label: 'URL', placeholder: 'https://example.com/' },
  'json-query': { label: 'URL', placeholder: 'https://example.com/api/status' },
  tcp: { label: 'Host and port', placeholder: 'tcp://db.internal:5432' },
  dns: { label: 'Host name', placeholder: 'example.com' },
  tls: { label: 'Host and port', placeholder: 'tls://example.com:443' },
  heartbeat: null,
  postgres: {
    label: 'Connection URL (without password)',
    placeholder: 'postgres://user@db:5432/app',
  },
};

export const isHttp = (k: MonitorKind) => k === 'http' || k === 'keyword' || k === 'json-query';

export function draftOf(m: Monitor | null): MonitorDraft {
  const c: MonitorConfig = m?.config ?? {};
  return {
    name: m?.name ?? '',
    kind: m?.kind ?? 'http',
    url: m?.url ?? '',
    interval: String(m?.check_interval ?? 60),
    timeout: String(m?.timeout ?? 10),
    retries: String(m?.retry_count ?? 0),
    method: c.method ?? 'GET',
    expectedStatus: (c.expectedStatus ?? []).join(', '),
    keyword: c.keyword ?? '',
    invertKeyword: c.invertKeyword ?? false,
    jsonPath: c.jsonPath ?? '',
    expectedValue: c.expectedValue ?? '',
    recordType: c.recordType ?? 'A',
    resolver: c.resolver ?? '',
    expectedAnswer: c.expectedAnswer ?? '',
    query: c.query ?? '',
    password: '',
    ignoreTls: c.ignoreTls ?? false,
    tlsWarnDays: (c.tlsWarnDays ?? []).join(', '),
  };
}

const int = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Checks what the browser can check; the API's problem body covers the rest. */
export function validateDraft(d: MonitorDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e.name = 'Give the monitor a name.';
  const target = TARGET[d.kind];
  if (target && !d.url.trim()) e.url = `Enter the ${target.label.toLowerCase()}.`;
  if (isHttp(d.kind) && d.url.trim() && !/^https?:\/\//.test(d.url.trim()))
    e.url = 'The URL starts with http:// or https://.';
  const iv = int(d.interval);
  if (!(iv >= 10 && iv <= 86_400)) e.check_interval = 'Between 10 and 86400 seconds.';
  const to = int(d.timeout);
  if (!(to >= 1 && to <= 3600)) e.timeout = 'Between 1 and 3600 seconds.';
  else if (iv >= 10 && to >= iv) e.timeout = 'Shorter than the interval.';
  const rc = int(d.retries);
  if (!(rc >= 0 && rc <= 10)) e.retry_count = 'Between 0 and 10.';
  if (d.kind === 'keyword' && !d.keyword.trim()) e['config/keyword'] = 'Enter the keyword.';
  if (d.kind === 'json-query' && !d.jsonPath.trim()) e['config/jsonPath'] = 'Enter a JSON path.';
  if (d.kind === 'postgres' && !d.query.trim()) e['config/query'] = 'Enter a query, e.g. SELECT 1.';
  if (list(d.expectedStatus).some((s) => !/^\d{3}(-\d{3})?$/.test(s)))
    e['config/expectedStatus'] = 'Codes or ranges such as 200, 200-299.';
  if (list(d.tlsWarnDays).some((s) => !(int(s) >= 1 && int(s) <= 365)))
    e['config/tlsWarnDays'] = 'Days between 1 and 365, comma-separated.';
  return e;
}

export function inputOf(d: MonitorDraft, creating: boolean): MonitorInput {
  const c: MonitorConfig = {};
  if (isHttp(d.kind)) {
    c.method = d.method;
    if (list(d.expectedStatus).length) c.expectedStatus = list(d.expectedStatus);
    c.ignoreTls = d.ignoreTls;
  }
  if (isHttp(d.kind) || d.kind === 'tls') {
    const days = list(d.tlsWarnDays).map(Number);
    if (days.length) c.tlsWarnDays = days;
  }
  if (d.kind === 'keyword') {
    c.keyword = d.keyword;
    c.invertKeyword = d.invertKeyword;
  }
  if (d.kind === 'json-query') {
    c.jsonPath = d.jsonPath;
    if (d.expectedValue) c.expectedValue = d.expectedValue;
  }
  if (d.kind === 'dns') {
    c.recordType = d.recordType;
    if (d.resolver.trim()) c.resolver = d.resolver.trim();
    if (d.expectedAnswer.trim()) c.expectedAnswer = d.expectedAnswer.trim();
  }
  if (d.kind === 'postgres') c.query = d.query;
  const rc = int(d.retries);
  const out: MonitorInput = {
    name: d.name.trim(),
    url: TARGET[d.kind] ? d.url.trim() : null,
    check_interval: int(d.interval),
    timeout: int(d.timeout),
    retry_count: rc,
    config: c,
  };
  if (creating) out.kind = d.kind;
  if (d.kind === 'postgres' && d.password) out.secrets = { password: d.password };
  return out;
}
