import { useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import './tabs.css';

export interface TabItem<K extends string> {
  id: K;
  label: ReactNode;
  /** Rendered only while selected. */
  content: ReactNode;
  disabled?: boolean;
}

export interface TabsProps<K extends string> {
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (id: K) => void;
}

/** WAI-ARIA tabs: one tab stop, arrow keys/Home/End move and select (automatic activation). */
export function Tabs<K extends string>({ label, tabs, selected, onSelect }: TabsProps<K>) {
  const base = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const enabled = tabs.filter((t) => !t.disabled);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = enabled.findIndex((t) => t.id === selected);
    const next =
      e.key === 'ArrowRight'
        ? enabled[(i + 1) % enabled.length]
        : e.key === 'ArrowLeft'
          ? enabled[(i - 1 + enabled.length) % enabled.length]
          : e.key === 'Home'
            ? enabled[0]
            : e.key === 'End'
              ? enabled[enabled.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    onSelect(next.id);
    listRef.current?.querySelector<HTMLElement>(`[data-tab="${next.id}"]`)?.focus();
  };
  const current = tabs.find((t) => t.id === selected);
  return (
    <div className="px-tabs">
      <div
        role="tablist"
        aria-label={label}
        className="px-tablist"
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            data-tab={t.id}
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={`${base}-panel`}
            tabIndex={t.id === selected ? 0 : -1}
            disabled={t.disabled}
            className="px-tab"
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel`}
        aria-labelledby={`${base}-tab-${selected}`}
        className="px-tabpanel"
        tabIndex={0}
      >
        {current?.content}
      </div>
    </div>
  );
}
