import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { IconButton } from './button.tsx';
import './toast.css';

export type ToastKind = 'success' | 'error' | 'info';

export interface ToastOptions {
  /** Milliseconds before it goes; 0 keeps it until dismissed. Errors default to 8 s, others 5 s. */
  duration?: number;
  /** One follow-up action, e.g. Undo or "View alert". */
  action?: { label: string; onClick: () => void };
}

interface ToastItem extends ToastOptions {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ToastApi {
  show: (kind: ToastKind, message: string, options?: ToastOptions) => number;
  success: (message: string, options?: ToastOptions) => number;
  error: (message: string, options?: ToastOptions) => number;
  info: (message: string, options?: ToastOptions) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const MAX_VISIBLE = 5;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);
  const show = useCallback((kind: ToastKind, message: string, options: ToastOptions = {}) => {
    const id = nextId.current++;
    setToasts((list) => [...list, { id, kind, message, ...options }].slice(-MAX_VISIBLE));
    return id;
  }, []);
  const api = useMemo<ToastApi>(
    () => ({
      show,
      dismiss,
      success: (m, o) => show('success', m, o),
      error: (m, o) => show('error', m, o),
      info: (m, o) => show('info', m, o),
    }),
    [show, dismiss],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always mounted so screen readers register the live region before the first toast. */}
      <div
        className="px-toasts"
        aria-live="polite"
        aria-relevant="additions"
        role="region"
        aria-label="Notifications"
      >
        {toasts.map((t) => (
          <ToastView key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastView({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  const duration = toast.duration ?? (toast.kind === 'error' ? 8000 : 5000);
  useEffect(() => {
    if (paused || duration === 0) return;
    const t = window.setTimeout(() => onDismiss(toast.id), duration);
    return () => window.clearTimeout(t);
  }, [paused, duration, onDismiss, toast.id]);
  return (
    <div
      className={`px-toast px-toast-${toast.kind}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="px-toast-icon" aria-hidden="true">
        {toast.kind === 'success' ? '✓' : toast.kind === 'error' ? '!' : 'i'}
      </span>
      <span className="px-toast-msg">
        <span className="visually-hidden">{toast.kind === 'error' ? 'Error: ' : ''}</span>
        {toast.message}
      </span>
      {toast.action && (
        <button
          type="button"
          className="px-toast-action"
          onClick={() => {
            toast.action?.onClick();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <IconButton
        size="sm"
        label="Dismiss notification"
        icon="✕"
        onClick={() => onDismiss(toast.id)}
      />
    </div>
  );
}

/** `const toast = useToast(); toast.success('Alert rule saved')`. Needs a ToastProvider above. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}
