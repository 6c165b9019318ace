import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { IconButton } from './button.tsx';
import './dialog.css';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Optional line under the title, also used as aria-describedby. */
  description?: string;
  children?: ReactNode;
  /** Buttons in the footer, e.g. Cancel + Save. */
  footer?: ReactNode;
  /** `dialog` is centred; `drawer` slides in from the right edge (detail panes). */
  variant?: 'dialog' | 'drawer';
  width?: number | string;
}

/**
 * Built on the native modal `<dialog>`: the browser makes the rest of the page inert (focus
 * cannot leave it), Escape fires `cancel`, and the top layer avoids z-index fights. Focus goes
 * back to whatever had it before opening.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  variant = 'dialog',
  width,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
      previous?.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`px-dialog px-dialog-${variant}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      style={width === undefined ? undefined : { width }}
      onCancel={(e) => {
        // Escape: let React state decide, so a parent can keep the dialog open (unsaved changes).
        e.preventDefault();
        onCloseRef.current();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> element itself.
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
    >
      {open && (
        <div className="px-dialog-inner">
          <header className="px-dialog-header">
            <div>
              <h2 id={titleId}>{title}</h2>
              {description && (
                <p id={descId} className="px-dialog-desc">
                  {description}
                </p>
              )}
            </div>
            <IconButton label="Close" icon="✕" onClick={() => onCloseRef.current()} />
          </header>
          <div className="px-dialog-body">{children}</div>
          {footer && <footer className="px-dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

export type DrawerProps = Omit<DialogProps, 'variant'>;

export function Drawer(props: DrawerProps) {
  return <Dialog {...props} variant="drawer" />;
}
