import { useEffect, useState } from 'react';
import { IconButton } from './button.tsx';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy request id". */
  label?: string;
  size?: 'sm' | 'md';
}

/** Two overlapping sheets, drawn (a font glyph such as U+29C9 is missing on many systems). */
function CopyIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" fill="none" stroke="currentColor">
      <rect x="3.5" y="3.5" width="7" height="7" rx="1" />
      <path d="M8.5 1.5h-6a1 1 0 0 0-1 1v6" />
    </svg>
  );
}

/** Copies `text` to the clipboard and confirms with a check mark (announced via the label). */
export function CopyButton({ text, label = 'Copy', size = 'sm' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = window.setTimeout(() => setState('idle'), 1500);
    return () => window.clearTimeout(t);
  }, [state]);
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <IconButton
      size={size}
      onClick={copy}
      label={state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      icon={state === 'copied' ? '✓' : state === 'failed' ? '!' : <CopyIcon />}
    />
  );
}
