/**
 * CSV per RFC 4180 (quoted when needed, quotes doubled, CRLF line ends), with the OWASP guard
 * against formula injection: a cell that a spreadsheet would evaluate (= + - @, tab, CR first)
 * gets a leading single quote. Audit cells carry user-controlled text (names, user agents).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
