import type { ReactNode } from 'react';
import type { SortValue } from './sort.ts';

export interface ColumnDef<Row> {
  id: string;
  header: string;
  /** The cell's value: used for sorting and, without `cell`, shown as text. */
  value?: (row: Row) => SortValue;
  /** Custom rendering (links, badges, formatted numbers). */
  cell?: (row: Row) => ReactNode;
  /** Pixels; defaults to 160. */
  width?: number;
  minWidth?: number;
  align?: 'start' | 'end';
  /** Defaults to true when `value` is set. */
  sortable?: boolean;
  /** Defaults to true; set false for the column that identifies the row. */
  hideable?: boolean;
}
