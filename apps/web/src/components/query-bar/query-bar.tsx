import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Button } from '../button.tsx';
import {
  addToHistory,
  applySuggestion,
  currentToken,
  isTypingTarget,
  readHistory,
  writeHistory,
} from './query-history.ts';
import './query-bar.css';

export interface QuerySyntaxError {
  message: string;
  /** 0-based character offset the API reported; a caret is drawn under it. */
  position?: number;
}

export interface QueryBarProps {
  value: string;
  onChange: (value: string) => void;
  onSubmit: (value: string) => void;
  /** Accessible name, e.g. "Search logs". */
  label?: string;
  placeholder?: string;
  /** localStorage key for recent queries; no history without it. */
  historyKey?: string;
  error?: QuerySyntaxError | null;
  /**
   * Completions for the text before the caret; each replaces the token at the caret.
   * Called debounced; stale answers are dropped.
   */
  suggest?: (prefix: string) => Promise<string[]>;
  running?: boolean;
  submitLabel?: string;
  /** Focus on `/` pressed anywhere outside a text field (default true). */
  slashToFocus?: boolean;
}

type Option = { kind: 'suggestion' | 'history'; text: string };

const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

/** One-line query input: Enter runs, Escape clears, `/` focuses, history and suggestions below. */
export function QueryBar({
  value,
  onChange,
  onSubmit,
  label = 'Query',
  placeholder,
  historyKey,
  error,
  suggest,
  running = false,
  submitLabel = 'Run',
  slashToFocus = true,
}: QueryBarProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [history, setHistory] = useState<string[]>(() =>
    historyKey ? readHistory(storage(), historyKey) : [],
  );
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [caret, setCaret] = useState(0);
  const requestSeq = useRef(0);
  const listId = useId();
  const errorId = useId();

  useEffect(() => {
    if (!slashToFocus) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target as HTMLElement | null)) return;
      e.preventDefault();
      inputRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [slashToFocus]);

  useEffect(() => {
    if (!suggest || !open) return;
    const prefix = value.slice(0, caret);
    const seq = ++requestSeq.current;
    const timer = window.setTimeout(() => {
      suggest(prefix).then(
        (list) => {
          if (seq === requestSeq.current) setSuggestions(list.slice(0, 10));
        },
        () => {
          if (seq === requestSeq.current) setSuggestions([]);
        },
      );
    }, 150);
    return () => window.clearTimeout(timer);
  }, [suggest, value, caret, open]);

  const options: Option[] =
    value.trim() === '' || !suggest
      ? history
          .filter((h) => h.includes(value.trim()))
          .slice(0, 8)
          .map((text) => ({ kind: 'history', text }))
      : suggestions
          .filter((s) => s !== currentToken(value, caret).token)
          .map((text) => ({ kind: 'suggestion', text }));
  const showList = open && options.length > 0;

  const submit = (query: string) => {
    setOpen(false);
    setActive(-1);
    if (historyKey) {
      const next = addToHistory(history, query);
      setHistory(next);
      writeHistory(storage(), historyKey, next);
    }
    onSubmit(query);
  };

  const choose = (option: Option) => {
    if (option.kind === 'history') {
      onChange(option.text);
      submit(option.text);
      return;
    }
    const next = applySuggestion(value, caret, option.text);
    onChange(next.text);
    setCaret(next.caret);
    setActive(-1);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      const n = options.length;
      if (n === 0) return;
      setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = showList ? options[active] : undefined;
      if (chosen) choose(chosen);
      else submit(value);
    } else if (e.key === 'Tab' && showList && options[active]?.kind === 'suggestion') {
      e.preventDefault();
      const chosen = options[active];
      if (chosen) choose(chosen);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (showList) setOpen(false);
      else onChange('');
    }
  };

  const caretColumn =
    error?.position !== undefined ? Math.min(Math.max(error.position, 0), value.length) : null;

  return (
    <div className="px-qb">
      <form
        className="px-qb-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit(value);
        }}
      >
        <div className="px-qb-field">
          <input
            ref={inputRef}
            className="px-input px-qb-input"
            type="text"
            role="combobox"
            aria-label={label}
            aria-expanded={showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={value}
            onChange={(e) => {
              onChange(e.target.value);
              setCaret(e.target.selectionStart ?? e.target.value.length);
              setOpen(true);
              setActive(-1);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          <kbd className="px-qb-hint" aria-hidden="true">
            /
          </kbd>
          {showList && (
            <ul id={listId} role="listbox" aria-label={label} className="px-qb-list">
              {options.map((o, i) => (
                <li
                  key={`${o.kind}-${o.text}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`px-qb-option${i === active ? ' is-active' : ''}`}
                  // mousedown, not click: it fires before the input's blur closes the list.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(o);
                  }}
                >
                  <span className="px-qb-kind">{o.kind === 'history' ? 'recent' : ''}</span>
                  {o.text}
                </li>
              ))}
            </ul>
          )}
        </div>
        <Button type="submit" variant="primary" busy={running}>
          {submitLabel}
        </Button>
      </form>
      {error && (
        <div id={errorId} className="px-qb-error" role="alert">
          {caretColumn !== null && (
            <pre className="px-qb-caret" aria-hidden="true">
              {value}
              {'\n'}
              {' '.repeat(caretColumn)}^
            </pre>
          )}
          <span>
            {error.message}
            {caretColumn !== null ? ` (at character ${caretColumn + 1})` : ''}
          </span>
        </div>
      )}
    </div>
  );
}
