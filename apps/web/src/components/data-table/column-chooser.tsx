import { Popover } from '../popover.tsx';
import type { ColumnDef } from './types.ts';

export interface ColumnChooserProps<Row> {
  columns: readonly ColumnDef<Row>[];
  hidden: readonly string[];
  onToggle: (columnId: string) => void;
}

export function ColumnChooser<Row>({ columns, hidden, onToggle }: ColumnChooserProps<Row>) {
  const visibleCount = columns.length - hidden.length;
  return (
    <Popover
      label="Choose columns"
      trigger={`Columns (${visibleCount}/${columns.length})`}
      triggerClassName="px-btn px-btn-ghost px-btn-sm"
      align="end"
    >
      {() => (
        <fieldset className="px-colchooser">
          <legend className="px-label">Show columns</legend>
          {columns.map((c) => {
            const shown = !hidden.includes(c.id);
            const locked = c.hideable === false || (shown && visibleCount === 1);
            return (
              <label key={c.id} className="px-colchooser-item">
                <input
                  type="checkbox"
                  checked={shown}
                  disabled={locked}
                  onChange={() => onToggle(c.id)}
                />
                {c.header}
              </label>
            );
          })}
        </fieldset>
      )}
    </Popover>
  );
}
