import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { SortDirection } from './sort.ts';
import type { ColumnDef } from './types.ts';

export interface HeaderCellProps<Row> {
  column: ColumnDef<Row>;
  colIndex: number;
  width: number;
  sort: SortDirection | null;
  sortable: boolean;
  resizable: boolean;
  onSort: () => void;
  /** `commit` is false while dragging and true when the drag or key press ends. */
  onResize: (width: number, commit: boolean) => void;
}

export function HeaderCell<Row>({
  column,
  colIndex,
  width,
  sort,
  sortable,
  resizable,
  onSort,
  onResize,
}: HeaderCellProps<Row>) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const ariaSort = sort === 'asc' ? 'ascending' : sort === 'desc' ? 'descending' : 'none';

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onResize(drag.current.width + e.clientX - drag.current.x, false);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    onResize(drag.current.width + e.clientX - drag.current.x, true);
    drag.current = null;
  };
  const onHandleKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      onResize(width + (e.key === 'ArrowRight' ? step : -step), true);
    }
  };

  return (
    <div
      role="columnheader"
      aria-colindex={colIndex}
      aria-sort={sortable ? ariaSort : undefined}
      className={`px-table-th${column.align === 'end' ? ' is-end' : ''}`}
    >
      {sortable ? (
        <button type="button" className="px-table-sort" onClick={onSort}>
          <span className="px-table-th-label">{column.header}</span>
          <span aria-hidden="true" className="px-table-sort-icon">
            {sort === 'asc' ? '▲' : sort === 'desc' ? '▼' : ''}
          </span>
        </button>
      ) : (
        <span className="px-table-th-label">{column.header}</span>
      )}
      {resizable && (
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize ${column.header} column`}
          aria-valuenow={width}
          aria-valuemin={column.minWidth ?? 48}
          aria-valuemax={1200}
          tabIndex={0}
          className="px-table-resize"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => (drag.current = null)}
          onKeyDown={onHandleKey}
          onClick={(e) => e.stopPropagation()}
        />
      )}
    </div>
  );
}
