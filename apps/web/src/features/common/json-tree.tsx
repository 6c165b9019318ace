import { useState } from 'react';
import './json-tree.css';

/** A collapsible JSON tree: objects and arrays open with a disclosure button. */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined || (isObject(value) && Object.keys(value).length === 0))
    return <p className="muted">None</p>;
  return (
    <ul className="json-tree" aria-label={label}>
      <JsonEntries value={value} depth={0} />
    </ul>
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function JsonEntries({ value, depth }: { value: unknown; depth: number }) {
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  return (
    <>
      {entries.map(([k, v]) => (
        <JsonNode key={k} name={k} value={v} depth={depth} />
      ))}
    </>
  );
}

function JsonNode({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < 1);
  if (!isObject(value))
    return (
      <li>
        <span className="json-key">{name}:</span>{' '}
        <span className={`json-${value === null ? 'null' : typeof value}`}>
          {typeof value === 'string' ? JSON.stringify(value) : String(value)}
        </span>
      </li>
    );
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  return (
    <li>
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> <span className="json-key">{name}</span>{' '}
        <span className="muted">{Array.isArray(value) ? `[${size}]` : `{${size}}`}</span>
      </button>
      {open && (
        <ul>
          <JsonEntries value={value} depth={depth + 1} />
        </ul>
      )}
    </li>
  );
}
