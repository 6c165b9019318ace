import { useEffect, useState } from 'react';
import { IconButton } from './button.tsx';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy request id". */
  label?: string;
  size?: 'sm' | 'md';
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
      icon={state === 'copied' ? '✓' : state === 'failed' ? '!' : '⧉'}
    />
  );
}
