/** Query-text helpers for facet clicks and pattern filters (Lucene/Kibana style language). */

const SPECIAL = /[\s:"()[\]{}\\*?<>=!^~-]/;

/** A value as a query term: quoted when it holds spaces or special characters. */
export function quoteValue(value: string): string {
  if (value !== '' && !SPECIAL.test(value)) return value;
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Appends `field:value` (or `-field:value`) unless the query already has that term. */
export function addTerm(query: string, field: string, value: string, exclude = false): string {
  const term = `${exclude ? '-' : ''}${field}:${quoteValue(value)}`;
  const q = query.trim();
  if (q.split(/\s+/).includes(term)) return q;
  return q ? `${q} ${term}` : term;
}

/**
 * A filter for a pattern template: its longest literal run (between `<*>` placeholders) as a
 * quoted phrase, since free text matches a substring of the message.
 */
export function patternFilter(template: string): string {
  const parts = template
    .split(/<[^>]*>/)
    .map((p) => p.trim())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const best = parts[0] ?? template;
  return `"${best.replace(/(["\\])/g, '\\$1')}"`;
}

export function appendFilter(query: string, filter: string): string {
  const q = query.trim();
  return q ? `${q} ${filter}` : filter;
}
