import { cloneElement, useId, useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
import './tooltip.css';

export interface TooltipProps {
  content: ReactNode;
  /** One focusable element; it gets aria-describedby pointing at the tooltip. */
  children: ReactElement<{ 'aria-describedby'?: string }>;
  placement?: 'top' | 'bottom';
}

/**
 * Shows on hover and on keyboard focus, hides on Escape (WCAG 1.4.13). For supplementary text
 * only: the child must already have an accessible name.
 */
export function Tooltip({ content, children, placement = 'top' }: TooltipProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span
      className="px-tooltip-anchor"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      {cloneElement(children, { 'aria-describedby': id })}
      <span id={id} role="tooltip" className={`px-tooltip px-tooltip-${placement}`} hidden={!open}>
        {content}
      </span>
    </span>
  );
}
