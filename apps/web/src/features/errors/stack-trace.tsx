import { useState } from 'react';
import { Badge } from '../../components/badge.tsx';

interface Frame {
  filename?: string;
  abs_path?: string;
  module?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
}
interface Exception {
  type?: string;
  value?: string;
  stacktrace?: { frames?: Frame[] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function exceptionsOf(exception: unknown): Exception[] {
  if (!isRecord(exception) || !Array.isArray(exception.values)) return [];
  return (exception.values as unknown[]).filter(isRecord) as Exception[];
}

/**
 * The exceptions of an event, the one thrown last first; frames newest call first. In-app frames
 * are shown; runs of library frames fold into one button.
 */
export function StackTrace({
  exception,
  fallback,
}: {
  exception: unknown;
  fallback: string | null;
}) {
  const exceptions = exceptionsOf(exception).reverse();
  if (exceptions.length === 0)
    return fallback ? (
      <pre className="stack-raw">{fallback}</pre>
    ) : (
      <p className="muted">No stack trace.</p>
    );
  return (
    <div className="stack-trace">
      {exceptions.map((ex, i) => (
        <section
          key={i}
          className="stack-exception"
          aria-label={`${ex.type ?? 'Exception'} stack trace`}
        >
          <h3>
            <span className="mono">{ex.type ?? 'Error'}</span>
            {ex.value ? `: ${ex.value}` : ''}
          </h3>
          <FrameList frames={[...(ex.stacktrace?.frames ?? [])].reverse()} />
        </section>
      ))}
    </div>
  );
}

function FrameList({ frames }: { frames: Frame[] }) {
  // Consecutive non-app frames are grouped so they can fold.
  const groups: { app: boolean; frames: Frame[] }[] = [];
  for (const f of frames) {
    const app = f.in_app === true;
    const last = groups[groups.length - 1];
    if (last && last.app === app) last.frames.push(f);
    else groups.push({ app, frames: [f] });
  }
  const anyApp = groups.some((g) => g.app);
  return (
    <ol className="stack-frames">
      {groups.map((g, i) =>
        g.app || !anyApp ? (
          g.frames.map((f, j) => <FrameRow key={`${i}-${j}`} frame={f} />)
        ) : (
          <LibraryFrames key={i} frames={g.frames} />
        ),
      )}
    </ol>
  );
}

function LibraryFrames({ frames }: { frames: Frame[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <li className="stack-fold">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'} {frames.length} library frame{frames.length === 1 ? '' : 's'}
        </button>
      </li>
      {open && frames.map((f, j) => <FrameRow key={j} frame={f} />)}
    </>
  );
}

function FrameRow({ frame: f }: { frame: Frame }) {
  const file = f.filename ?? f.abs_path ?? f.module ?? '?';
  return (
    <li className={f.in_app ? 'stack-frame is-app' : 'stack-frame'}>
      <div>
        <span className="mono stack-file">{file}</span>
        {f.lineno != null && (
          <span className="mono">
            :{f.lineno}
            {f.colno != null ? `:${f.colno}` : ''}
          </span>
        )}{' '}
        in <span className="mono stack-fn">{f.function ?? '?'}</span>{' '}
        {f.in_app && <Badge tone="info">in app</Badge>}
      </div>
      {f.context_line && (
        <pre className="stack-context">
          {(f.pre_context ?? []).join('\n')}
          {f.pre_context?.length ? '\n' : ''}
          <mark>{f.context_line}</mark>
          {f.post_context?.length ? '\n' : ''}
          {(f.post_context ?? []).join('\n')}
        </pre>
      )}
    </li>
  );
}
