import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { ColumnChooser } from './column-chooser.tsx';
import { clampWidth, nextRowIndex, nextSort, sortRows, toggleHiddenColumn } from './sort.ts';
import type { SortState } from './sort.ts';
import { HeaderCell } from './header-cell.tsx';
import { TableRow } from './table-row.tsx';
import type { ColumnDef } from './types.ts';
import './data-table.css';

export interface DataTableProps<Row> {
  /** Accessible name of the grid, e.g. "Log lines". */
  label: string;
  rows: readonly Row[];
  columns: readonly ColumnDef<Row>[];
  getRowId: (row: Row, index: number) => string;
  /** Controlled sort; pass with onSortChange to keep it in the URL. */
  sort?: SortState | null;
  defaultSort?: SortState | null;
  onSortChange?: (sort: SortState | null) => void;
  /** Rows arrive sorted (server-side): headers still toggle, but nothing is sorted here. */
  manualSort?: boolean;
  /** Controlled hidden columns; onHiddenColumnsChange lets pages persist them. */
  hiddenColumns?: readonly string[];
  onHiddenColumnsChange?: (hidden: string[]) => void;
  columnWidths?: Readonly<Record<string, number>>;
  onColumnWidthsChange?: (widths: Record<string, number>) => void;
  resizable?: boolean;
  showColumnChooser?: boolean;
  selectedRowId?: string | null;
  /** Click or arrow keys move the selection. */
  onSelectionChange?: (row: Row, id: string) => void;
  /** Click or Enter opens the row (details drawer, trace view). */
  onRowActivate?: (row: Row, id: string) => void;
  rowHeight?: number;
  /** Height of the scroll area; the header sticks to its top. */
  height?: number | string;
  /** Shown when there are no rows (an EmptyState saying what to do next). */
  empty?: ReactNode;
  /** Left side of the table toolbar (counts, filters). */
  toolbar?: ReactNode;
}

const DEFAULT_WIDTH = 160;

/**
 * A virtualised grid: only visible rows are in the DOM (100k rows scroll as fast as 100), the
 * header is sticky, columns sort, hide and resize, and keyboard users move with arrows,
 * PageUp/PageDown and Home/End and open a row with Enter.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const {
    label,
    rows,
    columns,
    getRowId,
    manualSort = false,
    resizable = true,
    showColumnChooser = true,
    rowHeight = 28,
    height = 420,
    onRowActivate,
    onSelectionChange,
  } = props;
  const [localSort, setLocalSort] = useState<SortState | null>(props.defaultSort ?? null);
  const sort = props.sort !== undefined ? props.sort : localSort;
  const [localHidden, setLocalHidden] = useState<readonly string[]>([]);
  const hidden = props.hiddenColumns ?? localHidden;
  const [localWidths, setLocalWidths] = useState<Readonly<Record<string, number>>>({});
  const widths = props.columnWidths ?? localWidths;
  const [localSelected, setLocalSelected] = useState<string | null>(null);
  const selectedId = props.selectedRowId !== undefined ? props.selectedRowId : localSelected;
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();

  const visibleColumns = useMemo(
    () => columns.filter((c) => !hidden.includes(c.id)),
    [columns, hidden],
  );
  const sortedRows = useMemo(() => {
    if (!sort || manualSort) return rows;
    const column = columns.find((c) => c.id === sort.columnId);
    return column?.value ? sortRows(rows, column.value, sort.direction) : rows;
  }, [rows, columns, sort, manualSort]);
  const ids = useMemo(() => sortedRows.map((r, i) => getRowId(r, i)), [sortedRows, getRowId]);
  const selectedIndex = selectedId === null ? -1 : ids.indexOf(selectedId);

  // The app does not use the React Compiler, so the virtualizer's fresh functions are not memoised
  // into stale UI; the rule only warns that compilation would be skipped here.
  // eslint-disable-next-line react-hooks/incompatible-library -- because no React Compiler is used (reason above)
  const virtualizer = useVirtualizer({
    count: sortedRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const widthOf = (c: ColumnDef<Row>) => widths[c.id] ?? c.width ?? DEFAULT_WIDTH;
  const template = visibleColumns.map((c) => `${widthOf(c)}px`).join(' ');
  const totalWidth = visibleColumns.reduce((n, c) => n + widthOf(c), 0);
  const gridStyle = { '--px-cols': template, '--px-row-h': `${rowHeight}px` } as CSSProperties;

  const changeSort = (columnId: string) => {
    const next = nextSort(sort, columnId);
    if (props.sort === undefined) setLocalSort(next);
    props.onSortChange?.(next);
  };
  const toggleColumn = (columnId: string) => {
    const next = toggleHiddenColumn(
      hidden,
      columnId,
      columns.map((c) => c.id),
    );
    if (props.hiddenColumns === undefined) setLocalHidden(next);
    props.onHiddenColumnsChange?.(next);
  };
  const resize = (columnId: string, width: number, commit: boolean) => {
    const column = columns.find((c) => c.id === columnId);
    const next = { ...widths, [columnId]: clampWidth(width, column?.minWidth ?? 48) };
    if (props.columnWidths === undefined) setLocalWidths(next);
    if (commit) props.onColumnWidthsChange?.(next);
  };
  const select = (index: number) => {
    const row = sortedRows[index];
    const id = ids[index];
    if (row === undefined || id === undefined) return;
    if (props.selectedRowId === undefined) setLocalSelected(id);
    onSelectionChange?.(row, id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  // Rows get one stable click handler that reads the latest state, so they can stay memoised.
  const clickRef = useRef<(index: number) => void>(() => undefined);
  useLayoutEffect(() => {
    clickRef.current = (index: number) => {
      select(index);
      const row = sortedRows[index];
      const id = ids[index];
      if (row !== undefined && id !== undefined) onRowActivate?.(row, id);
    };
  });
  const onRowClick = useCallback((index: number) => clickRef.current(index), []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return; // keys in header buttons/handles are theirs
    const pageSize = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? 0) / rowHeight) - 1,
    );
    const next = nextRowIndex(e.key, selectedIndex, sortedRows.length, pageSize);
    if (next !== null) {
      e.preventDefault();
      select(next);
      return;
    }
    if (e.key === 'Enter' && selectedIndex >= 0) {
      e.preventDefault();
      const row = sortedRows[selectedIndex];
      const id = ids[selectedIndex];
      if (row !== undefined && id !== undefined) onRowActivate?.(row, id);
    }
  };

  const rowDomId = (index: number) => `${baseId}-row-${index}`;

  return (
    <div className="px-table">
      {(props.toolbar || showColumnChooser) && (
        <div className="px-table-toolbar">
          <div className="px-table-toolbar-start">{props.toolbar}</div>
          {showColumnChooser && (
            <ColumnChooser columns={columns} hidden={hidden} onToggle={toggleColumn} />
          )}
        </div>
      )}
      <div
        ref={scrollRef}
        className="px-table-scroll"
        style={{ ...gridStyle, height }}
        role="grid"
        aria-label={label}
        aria-rowcount={Math.max(sortedRows.length, 1) + 1}
        aria-colcount={visibleColumns.length}
        aria-activedescendant={selectedIndex >= 0 ? rowDomId(selectedIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="px-table-inner" style={{ minWidth: totalWidth }}>
          <div className="px-table-head" role="row" aria-rowindex={1}>
            {visibleColumns.map((c, i) => (
              <HeaderCell
                key={c.id}
                column={c}
                colIndex={i + 1}
                width={widthOf(c)}
                sort={sort?.columnId === c.id ? sort.direction : null}
                sortable={c.sortable ?? c.value !== undefined}
                resizable={resizable}
                onSort={() => changeSort(c.id)}
                onResize={(w, commit) => resize(c.id, w, commit)}
              />
            ))}
          </div>
          {sortedRows.length === 0 ? (
            // A row with one cell: a grid may own only rows, and the empty state has links and
            // buttons (axe aria-required-children).
            <div className="px-table-empty" role="row" aria-rowindex={2}>
              <div role="gridcell" aria-colspan={Math.max(1, visibleColumns.length)}>
                {props.empty ?? 'No rows.'}
              </div>
            </div>
          ) : (
            <div className="px-table-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => (
                <TableRow
                  key={ids[item.index] ?? item.index}
                  row={sortedRows[item.index] as Row}
                  index={item.index}
                  domId={rowDomId(item.index)}
                  start={item.start}
                  selected={item.index === selectedIndex}
                  columns={visibleColumns}
                  onRowClick={onRowClick}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
