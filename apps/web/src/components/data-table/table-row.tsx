import { memo } from 'react';
import type { ColumnDef } from './types.ts';

export interface TableRowProps<Row> {
  row: Row;
  index: number;
  domId: string;
  /** Pixels from the top of the body; a row keeps it while it stays rendered. */
  start: number;
  selected: boolean;
  columns: readonly ColumnDef<Row>[];
  /** Stable across renders, so rows that stay in the window are not rendered again. */
  onRowClick: (index: number) => void;
}

function TableRowImpl<Row>({
  row,
  index,
  domId,
  start,
  selected,
  columns,
  onRowClick,
}: TableRowProps<Row>) {
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`px-table-row${selected ? ' is-selected' : ''}${index % 2 ? ' is-odd' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onRowClick(index)}
    >
      {columns.map((c, ci) => (
        <div
          key={c.id}
          role="gridcell"
          aria-colindex={ci + 1}
          className={`px-table-cell${c.align === 'end' ? ' is-end' : ''}`}
        >
          {c.cell ? c.cell(row) : formatPlain(c.value?.(row))}
        </div>
      ))}
    </div>
  );
}

/**
 * One virtualised row, memoised: while scrolling, only rows entering the window render; the
 * others keep their props (same row, position and columns) and are skipped.
 */
export const TableRow = memo(TableRowImpl) as typeof TableRowImpl;

function formatPlain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
