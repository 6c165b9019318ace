/** Sorting and column-state helpers for DataTable; pure so they are tested without a DOM. */

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  columnId: string;
  direction: SortDirection;
}

export type SortValue = string | number | boolean | Date | null | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const isMissing = (v: SortValue): v is null | undefined =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Ascending order: numbers, dates and booleans by value, strings naturally (`a2` < `a10`). */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (isMissing(a) || isMissing(b)) return isMissing(a) ? (isMissing(b) ? 0 : 1) : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/**
 * A sorted copy of `rows`. Stable; keys are read once per row (not per comparison), and missing
 * values stay last in both directions, so "newest first" never opens on a page of blanks.
 */
export function sortRows<Row>(
  rows: readonly Row[],
  value: (row: Row) => SortValue,
  direction: SortDirection,
): Row[] {
  const keys = rows.map(value);
  const order = rows.map((_, i) => i);
  const sign = direction === 'asc' ? 1 : -1;
  order.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    const missA = isMissing(a);
    const missB = isMissing(b);
    if (missA || missB) return missA === missB ? i - j : missA ? 1 : -1;
    return sign * compareSortValues(a, b) || i - j;
  });
  return order.map((i) => rows[i] as Row);
}

/** Header click cycle: unsorted -> ascending -> descending -> unsorted. */
export function nextSort(current: SortState | null, columnId: string): SortState | null {
  if (!current || current.columnId !== columnId) return { columnId, direction: 'asc' };
  return current.direction === 'asc' ? { columnId, direction: 'desc' } : null;
}

/** `name` / `-name` for a URL parameter; null for no sort. */
export function formatSortParam(sort: SortState | null): string | null {
  return sort ? `${sort.direction === 'desc' ? '-' : ''}${sort.columnId}` : null;
}

export function parseSortParam(
  text: string | null,
  columnIds: readonly string[],
): SortState | null {
  if (!text) return null;
  const desc = text.startsWith('-');
  const columnId = desc ? text.slice(1) : text;
  return columnIds.includes(columnId) ? { columnId, direction: desc ? 'desc' : 'asc' } : null;
}

/** Toggles one column in the hidden list, keeping at least one column visible. */
export function toggleHiddenColumn(
  hidden: readonly string[],
  columnId: string,
  allColumnIds: readonly string[],
): string[] {
  if (hidden.includes(columnId)) return hidden.filter((id) => id !== columnId);
  const next = [...hidden, columnId];
  return allColumnIds.every((id) => next.includes(id)) ? [...hidden] : next;
}

/** Comma-separated list for a URL parameter (`cols=-level,-host` style is left to pages). */
export function formatColumnList(ids: readonly string[]): string {
  return ids.join(',');
}

export function parseColumnList(text: string | null, allColumnIds: readonly string[]): string[] {
  if (!text) return [];
  return text.split(',').filter((id, i, all) => allColumnIds.includes(id) && all.indexOf(id) === i);
}

export function clampWidth(width: number, min = 48, max = 1200): number {
  return Math.round(Math.min(Math.max(width, min), max));
}

/** Index of the next row after a navigation key; null when the key is not a navigation key. */
export function nextRowIndex(
  key: string,
  current: number,
  rowCount: number,
  pageSize: number,
): number | null {
  if (rowCount === 0) return null;
  const last = rowCount - 1;
  const from = current < 0 ? -1 : current;
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return Math.max(from - 1, 0);
    case 'PageDown':
      return Math.min(from + pageSize, last);
    case 'PageUp':
      return Math.max(from - pageSize, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
