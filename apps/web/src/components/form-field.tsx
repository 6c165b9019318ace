import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import './forms.css';
import './form-field.css';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Help text under the input, linked with aria-describedby. */
  hint?: ReactNode;
  /** Error text; marks the input invalid and is announced with it. */
  error?: string | undefined;
}

/** A labelled text input stacked label-over-field, with optional hint and error text. */
export function TextField({ label, value, onChange, hint, error, id, ...rest }: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className="form-field">
      <label htmlFor={inputId} className="form-label">
        {label}
      </label>
      <input
        {...rest}
        id={inputId}
        className="px-input form-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && (
        <div id={hintId} className="form-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="form-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** An error or notice line above a form's buttons; role=alert so it is announced when set. */
export function FormMessage({
  tone = 'danger',
  children,
}: {
  tone?: 'danger' | 'success' | 'info';
  children: ReactNode;
}) {
  if (!children) return null;
  return (
    <div
      className={`form-message form-message-${tone}`}
      role={tone === 'danger' ? 'alert' : 'status'}
    >
      {children}
    </div>
  );
}
