import { useId } from 'react';
import type { SelectHTMLAttributes } from 'react';
import './forms.css';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
  disabled?: boolean;
}

export interface SelectProps<V extends string> extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'value' | 'onChange'
> {
  label: string;
  /** Hide the label visually (it stays the accessible name). */
  hideLabel?: boolean;
  /** Label above the control, as text fields have it (for rows of mixed filters). */
  stacked?: boolean;
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}

/** A native select (keyboard and screen-reader behaviour for free) with a visible or hidden label. */
export function Select<V extends string>({
  label,
  hideLabel = false,
  stacked = false,
  value,
  options,
  onChange,
  className,
  id,
  ...rest
}: SelectProps<V>) {
  const autoId = useId();
  const selectId = id ?? autoId;
  return (
    <span
      className={[stacked ? 'px-field-stacked' : 'px-field-inline', className]
        .filter(Boolean)
        .join(' ')}
    >
      <label htmlFor={selectId} className={hideLabel ? 'visually-hidden' : 'px-label'}>
        {label}
      </label>
      <select
        {...rest}
        id={selectId}
        className="px-select"
        value={value}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onChange(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}
