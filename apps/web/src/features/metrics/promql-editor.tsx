import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../components/button.tsx';
import {
  applyCompletion,
  completionContext,
  type Completion,
  type CompletionContext,
} from './promql-complete.ts';

export interface PromqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  onRun: (value: string) => void;
  complete: (ctx: Exclude<CompletionContext, { kind: 'none' }>) => Promise<Completion[]>;
  /** `query` is the text that was run (the draft may have changed since). */
  error?: { message: string; position?: number; query?: string } | null;
  running?: boolean;
}

const KIND_LABEL: Record<Completion['kind'], string> = {
  metric: 'metric',
  function: 'function',
  aggregation: 'aggregation',
  keyword: 'keyword',
  label: 'label',
  value: 'value',
};

/**
 * A PromQL textarea with completion of metric names, functions, label names (in braces and
 * `by (...)`) and label values. Enter or Ctrl+Enter runs, Shift+Enter adds a line; while the list
 * is open, arrows move, Enter or Tab accept and Escape closes; Ctrl+Space opens it.
 */
export function PromqlEditor({
  value,
  onChange,
  onRun,
  complete,
  error,
  running,
}: PromqlEditorProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Completion[]>([]);
  const [start, setStart] = useState(0);
  const [active, setActive] = useState(0);
  const seq = useRef(0);
  const listId = useId();
  const errorId = useId();
  const hintId = useId();

  useEffect(() => {
    if (!open) return;
    const ctx = completionContext(value, caret);
    const n = ++seq.current;
    if (ctx.kind === 'none') return;
    const timer = window.setTimeout(() => {
      complete(ctx).then(
        (list) => {
          if (n !== seq.current) return;
          setItems(list);
          setStart(ctx.start);
          setActive(0);
        },
        () => n === seq.current && setItems([]),
      );
    }, 80);
    return () => window.clearTimeout(timer);
  }, [open, value, caret, complete]);

  // Nothing to complete at the caret (in a range, a string, after a number): no list.
  const completable = completionContext(value, caret).kind !== 'none';
  const showList = open && completable && items.length > 0;
  const accept = (c: Completion) => {
    const next = applyCompletion(value, caret, start, c);
    onChange(next.text);
    setCaret(next.caret);
    setItems([]);
    // Keep completing: a label name is followed by its values, a metric by its labels on `{`.
    setOpen(c.kind === 'label');
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  const run = () => {
    setOpen(false);
    onRun(value);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      setOpen(true);
      return;
    }
    if (showList) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + d + items.length) % items.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) || e.key === 'Tab') {
        const chosen = items[active];
        if (chosen) {
          e.preventDefault();
          accept(chosen);
          return;
        }
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      run();
    }
  };

  const lines = value.split('\n').length;
  return (
    <div className="promql-editor">
      <form
        className="promql-row"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <div className="promql-field">
          <label htmlFor={`${listId}-input`} className="visually-hidden">
            PromQL query
          </label>
          <textarea
            id={`${listId}-input`}
            ref={ref}
            className="px-input promql-input mono"
            rows={Math.min(Math.max(lines, 2), 10)}
            value={value}
            spellCheck={false}
            autoComplete="off"
            placeholder="rate(http_requests_total[5m])"
            aria-autocomplete="list"
            aria-controls={listId}
            aria-activedescendant={showList ? `${listId}-${active}` : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
            onChange={(e) => {
              onChange(e.target.value);
              setCaret(e.target.selectionStart);
              setOpen(true);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label="Completions"
            className="promql-list"
            hidden={!showList}
          >
            {showList &&
              items.map((c, i) => (
                <li
                  key={`${c.kind}-${c.label}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`promql-option${i === active ? ' is-active' : ''}`}
                  // mousedown, not click: it fires before the textarea's blur closes the list.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    accept(c);
                  }}
                >
                  <span className="promql-option-text mono">{c.label}</span>
                  <span className="promql-option-kind">{KIND_LABEL[c.kind]}</span>
                </li>
              ))}
          </ul>
        </div>
        <Button type="submit" variant="primary" busy={running}>
          Run query
        </Button>
      </form>
      <p id={hintId} className="promql-hint">
        Enter runs · Shift+Enter new line · Ctrl+Space suggestions
      </p>
      {error && <QueryError id={errorId} query={error.query ?? value} error={error} />}
    </div>
  );
}

function QueryError({
  id,
  query,
  error,
}: {
  id: string;
  query: string;
  error: { message: string; position?: number };
}) {
  let excerpt: { line: string; column: number } | null = null;
  if (error.position !== undefined) {
    const lineStart = query.lastIndexOf('\n', error.position - 1) + 1;
    const lineEnd = query.indexOf('\n', error.position);
    excerpt = {
      line: query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd),
      column: error.position - lineStart,
    };
  }
  return (
    <div id={id} className="promql-error" role="alert">
      {excerpt && (
        <pre className="promql-caret" aria-hidden="true">
          {excerpt.line}
          {'\n'}
          {' '.repeat(excerpt.column)}^
        </pre>
      )}
      <span>
        {error.message}
        {error.position !== undefined ? ` (at character ${error.position + 1})` : ''}
      </span>
    </div>
  );
}
