import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import './popover.css';

export interface PopoverProps {
  /** Content of the trigger button. */
  trigger: ReactNode;
  /** Accessible name of the trigger when its content is not text. */
  triggerLabel?: string;
  triggerClassName?: string;
  /** Render prop so content can close the popover (e.g. after Apply). */
  children: (close: () => void) => ReactNode;
  align?: 'start' | 'end';
  /** Accessible name of the panel. */
  label: string;
}

/**
 * A disclosure button with a non-modal panel: Escape or a click outside closes it and returns
 * focus to the trigger. Used by the time-range picker and the table's column chooser.
 */
export function Popover({
  trigger,
  triggerLabel,
  triggerClassName,
  children,
  align = 'start',
  label,
}: PopoverProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    // Move focus into the panel so keyboard users land on its first control.
    panelRef.current
      ?.querySelector<HTMLElement>('input, select, button, [tabindex]:not([tabindex="-1"])')
      ?.focus();
    const button = buttonRef.current;
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      // Focus was inside the panel, which is gone now: give it back to the trigger.
      if (document.activeElement === document.body || document.activeElement === null) {
        button?.focus();
      }
    };
  }, [open]);

  const close = () => setOpen(false);

  return (
    <div
      className="px-popover-root"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={triggerClassName ?? 'px-btn px-btn-secondary px-btn-md'}
        aria-expanded={open}
        aria-controls={id}
        aria-label={triggerLabel}
        onClick={() => setOpen((v) => !v)}
      >
        {trigger}
      </button>
      {open && (
        <div
          id={id}
          ref={panelRef}
          role="dialog"
          aria-label={label}
          className={`px-popover px-popover-${align}`}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
