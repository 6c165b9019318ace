import { useMemo } from 'react';
import { DataTable } from '../data-table/data-table.tsx';
import type { ColumnDef } from '../data-table/types.ts';
import type { WideTable } from './summary.ts';

type WideRow = WideTable['rows'][number];

export interface WideTableViewProps {
  caption: string;
  table: WideTable;
  formatTime: (ms: number) => string;
  formatCell: (value: number | null) => string;
}

/** The "view as table" form of a time series: one row per timestamp, one column per series. */
export function WideTableView({ caption, table, formatTime, formatCell }: WideTableViewProps) {
  const columns = useMemo<ColumnDef<WideRow>[]>(
    () => [
      {
        id: 'time',
        header: 'Time',
        value: (r) => r.time,
        cell: (r) => formatTime(r.time),
        width: 180,
        hideable: false,
      },
      ...table.columns.map((name, i): ColumnDef<WideRow> => ({
        id: `s${i}`,
        header: name,
        value: (r) => r.values[i],
        cell: (r) => formatCell(r.values[i] ?? null),
        width: 110,
        align: 'end',
      })),
    ],
    [table.columns, formatTime, formatCell],
  );
  return (
    <DataTable
      label={`${caption} as a table`}
      rows={table.rows}
      columns={columns}
      getRowId={(r) => String(r.time)}
      height={280}
      showColumnChooser={table.columns.length > 1}
    />
  );
}
