import {
  canonicalFieldName,
  compileQuery,
  fieldsOf,
  parseQuery,
  QueryError,
  rollupEligible,
  type Node,
  type SqlFragment,
} from '../../lib/query-language/index.ts';
import { AppError } from '../../platform/errors.ts';

export interface CompiledQuery {
  node: Node | null;
  where: SqlFragment;
  /** The rollup table can answer it (service and level filters only). */
  rollup: boolean;
  /** The rollup by level alone can answer it (level filters only, or none). */
  levelOnly: boolean;
  /**
   * Of a query the rollup cannot answer, the terms ANDed at its top that it can (service:api in
   * `service:api timeout`): sampled histograms read and scale only the records they select.
   */
  scope: { where: SqlFragment; levelOnly: boolean } | null;
}

const onlyLevel = (node: Node | null) =>
  [...fieldsOf(node)].every((f) => f !== null && canonicalFieldName(f) === 'level');

function rollupScope(node: Node | null): CompiledQuery['scope'] {
  if (node?.type !== 'and') return null;
  const parts = node.children.filter((c) => rollupEligible(c));
  if (parts.length === 0) return null;
  const part = parts.length === 1 ? parts[0]! : { ...node, children: parts };
  return { where: compileQuery(part), levelOnly: onlyLevel(part) };
}

/** Parses and compiles q; a bad query is a 400 naming the position of the problem. */
export function compileSearch(q: string | undefined): CompiledQuery {
  try {
    const node = parseQuery(q ?? '');
    const rollup = rollupEligible(node);
    return {
      node,
      where: compileQuery(node),
      rollup,
      levelOnly: rollup && onlyLevel(node),
      scope: rollup ? null : rollupScope(node),
    };
  } catch (err) {
    if (err instanceof QueryError) throw queryProblem(err, 'query');
    throw err;
  }
}

export function queryProblem(err: QueryError, path: string): AppError {
  return new AppError('VALIDATION', `${err.message} (at position ${err.position})`, {
    errors: [{ path, message: err.message }],
    fields: { position: err.position },
  });
}

const DAY = 86_400_000;
export const MAX_RANGE_DAYS = 31;

export interface TimeRange {
  from: Date;
  to: Date;
}

/** [from, to) from optional ISO strings: default the last `defaultMs`; at most 31 days. */
export function timeRange(
  from: string | undefined,
  to: string | undefined,
  defaultMs = DAY,
): TimeRange {
  const end = to ? new Date(to) : new Date();
  const start = from ? new Date(from) : new Date(end.getTime() - defaultMs);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new AppError('VALIDATION', 'from and to must be ISO 8601 times.');
  }
  if (start >= end) throw new AppError('VALIDATION', '`from` must be before `to`.');
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY) {
    throw new AppError('VALIDATION', `A time range may cover at most ${MAX_RANGE_DAYS} days.`);
  }
  return { from: start, to: end };
}

export interface LogCursor {
  time: string;
  recordId: string;
}

const CURSOR_RE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor(c: LogCursor): string {
  return Buffer.from(`${c.time}|${c.recordId}`).toString('base64url');
}

export function decodeCursor(s: string): LogCursor {
  const m = CURSOR_RE.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m) {
    throw new AppError('VALIDATION', 'The cursor is not valid.', {
      errors: [{ path: 'querystring.cursor', message: 'is not a cursor returned by this API' }],
    });
  }
  return { time: m[1]!, recordId: m[2]! };
}

/** A statement that ran past its timeout (SQLSTATE 57014) becomes a 503 that says what to do. */
export async function mapTimeout<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if ((err as { code?: unknown }).code === '57014') {
      throw new AppError(
        'UNAVAILABLE',
        'The search took too long; narrow the time range or make the query more selective.',
      );
    }
    throw err;
  }
}
