// The Elasticsearch `_bulk` body: NDJSON pairs of an action line and (except for delete) a
// document line. Parsing follows Elasticsearch's split between errors that reject the whole
// request (it cannot tell where the next action starts) and errors of one item (the others
// are stored and the response says which failed).

export type BulkOp = 'index' | 'create' | 'delete' | 'update';

export interface BulkItemError {
  type: string;
  reason: string;
}

export interface BulkEntry {
  op: BulkOp;
  index: string | null;
  id: string | null;
  /** The document, when it parsed as a JSON object. */
  doc?: Record<string, unknown>;
  /** Why this item is not stored (answered with status 400). */
  error?: BulkItemError;
}

/** A body Elasticsearch would refuse as a whole (400, nothing stored). */
export class BulkRequestError extends Error {
  constructor(
    message: string,
    readonly type = 'illegal_argument_exception',
  ) {
    super(message);
    this.name = 'BulkRequestError';
  }
}

export interface ParseBulkOptions {
  /** The index of the path (`/{index}/_bulk`), used when an action names none. */
  defaultIndex?: string | null;
  /** Longest document line accepted; a longer one fails as an item. */
  maxDocumentBytes: number;
  /** Most actions in one request. */
  maxItems: number;
}

const OPS: readonly BulkOp[] = ['index', 'create', 'delete', 'update'];
const MAX_ACTION_LINE = 16 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseAction(line: string, n: number, defaultIndex: string | null) {
  if (line.length > MAX_ACTION_LINE) {
    throw new BulkRequestError(`Malformed action/metadata line [${n}]: longer than 16 KiB`);
  }
  let action: unknown;
  try {
    action = JSON.parse(line);
  } catch {
    throw new BulkRequestError(
      `Malformed action/metadata line [${n}], expected START_OBJECT or a valid JSON object`,
      'x_content_parse_exception',
    );
  }
  const keys = isObject(action) ? Object.keys(action) : [];
  const op = keys[0] as BulkOp | undefined;
  if (!isObject(action) || keys.length !== 1 || !op || !OPS.includes(op)) {
    throw new BulkRequestError(
      `Malformed action/metadata line [${n}], expected one of [create], [delete], [index] or [update]`,
    );
  }
  const meta = action[op];
  if (!isObject(meta)) {
    throw new BulkRequestError(`Malformed action/metadata line [${n}], expected an object`);
  }
  const index = typeof meta._index === 'string' && meta._index !== '' ? meta._index : defaultIndex;
  const rawId = meta._id;
  const id =
    (typeof rawId === 'string' && rawId !== '') || typeof rawId === 'number' ? String(rawId) : null;
  return { op, index, id };
}

function parseDocument(line: string, maxBytes: number): Pick<BulkEntry, 'doc' | 'error'> {
  if (Buffer.byteLength(line) > maxBytes) {
    return {
      error: {
        type: 'illegal_argument_exception',
        reason: `document is larger than ${maxBytes} bytes`,
      },
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    return {
      error: {
        type: 'mapper_parsing_exception',
        reason: `failed to parse: ${(e as Error).message}`,
      },
    };
  }
  if (!isObject(doc)) {
    return { error: { type: 'mapper_parsing_exception', reason: 'the document is not an object' } };
  }
  return { doc };
}

/**
 * Parses a bulk body. Blank lines are skipped (rsyslog writes one after every document), CRLF
 * line ends and a missing final newline are accepted, the legacy `_type` is ignored.
 */
export function parseBulk(body: string, opts: ParseBulkOptions): BulkEntry[] {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const lines = text.split('\n');
  const entries: BulkEntry[] = [];
  let i = 0;
  const nextLine = (): { line: string; n: number } | null => {
    while (i < lines.length) {
      const line = (lines[i] as string).replace(/\r$/, '');
      i++;
      if (line.trim() !== '') return { line, n: i };
    }
    return null;
  };
  for (let a = nextLine(); a; a = nextLine()) {
    if (entries.length >= opts.maxItems) {
      throw new BulkRequestError(`A bulk request may hold at most ${opts.maxItems} actions`);
    }
    const { op, index, id } = parseAction(a.line, a.n, opts.defaultIndex ?? null);
    if (op === 'delete') {
      entries.push({ op, index, id, error: notSupported(op) });
      continue;
    }
    const d = nextLine();
    if (!d) {
      throw new BulkRequestError(
        `The ${op} action on line [${a.n}] has no document line after it`,
        'action_request_validation_exception',
      );
    }
    if (op === 'update') {
      entries.push({ op, index, id, error: notSupported(op) });
      continue;
    }
    entries.push({ op, index, id, ...parseDocument(d.line, opts.maxDocumentBytes) });
  }
  if (entries.length === 0) {
    throw new BulkRequestError(
      'Validation Failed: 1: no requests added;',
      'action_request_validation_exception',
    );
  }
  return entries;
}

const notSupported = (op: BulkOp): BulkItemError => ({
  type: 'illegal_argument_exception',
  reason: `Pharos stores logs append-only: the bulk ${op} action is not supported`,
});
