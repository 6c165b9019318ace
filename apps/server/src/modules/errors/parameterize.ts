/**
 * Replaces the variable parts of a message (ids, numbers, uuids, emails, urls, ips, hashes,
 * dates) with placeholders, so "User 42 not found" and "User 97 not found" group together.
 * Order matters: wider patterns (urls, emails, dates, uuids) run before the numbers they contain.
 */
const RULES: Array<[RegExp, string]> = [
  // e-mail before url: "mailto"-less addresses have no scheme.
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]+/gi, '<url>'],
  [/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi, '<uuid>'],
  // ISO 8601 date-times and dates, RFC 2822-ish dates, clock times.
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    '<date>',
  ],
  [
    /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(?: \d{2}:\d{2}:\d{2})?(?: (?:GMT|UTC|[+-]\d{4}))?/g,
    '<date>',
  ],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  // IPv4 (optionally with a port) and IPv6 (at least three groups, or with ::).
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  [/(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![\w:])/gi, '<ip>'],
  [
    /(?<![\w:])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)(?![\w:])/gi,
    '<ip>',
  ],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hashes and hex ids: 7+ hex digits with at least one digit and one letter, or 16+ digits.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hash>'],
  // Opaque tokens: long mixed letter/digit runs (base64, ULIDs, request ids).
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\b/g, '<id>'],
  [/(?<![\w.])-?\d+\.\d+(?:e[+-]?\d+)?(?![\w.])/gi, '<float>'],
  [/\d+/g, '<int>'],
];

export function parameterize(text: string): string {
  let out = text.length > 4096 ? text.slice(0, 4096) : text;
  for (const [re, repl] of RULES) out = out.replace(re, repl);
  return out.replace(/\s+/g, ' ').trim();
}
