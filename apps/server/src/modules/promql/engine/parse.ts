// Lezer PromQL tree (the official grammar) -> the engine's typed AST, with Prometheus' checks.
import { parser } from '@prometheus-io/lezer-promql';
import type { MatchOp, Matcher } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { AtSpec, BinaryOp, Expr, VectorMatching } from './ast.ts';
import { compileAnchored, NAME } from './labels.ts';
import { parseDuration, parseNumberLiteral, unquoteString } from './format.ts';
import { checkTypes } from './typecheck.ts';
import type { OpToken } from './operators.ts';
import { buildOperators } from './operators.ts';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const fail = (msg: string): never => {
  throw new PromQLError('bad_data', msg);
};

const BIN_OPS: Record<string, BinaryOp> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Atan2: 'atan2',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

const MATCH_OPS: Record<string, MatchOp> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

class Converter {
  constructor(private readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
    return out;
  }

  duration(n: SyntaxNode | undefined): number {
    const d = n ? parseDuration(this.text(n)) : undefined;
    if (d === undefined) return fail(`bad duration ${JSON.stringify(n ? this.text(n) : '')}`);
    return d;
  }

  string(n: SyntaxNode): string {
    try {
      return unquoteString(this.text(n));
    } catch (e) {
      return fail(`invalid string literal: ${(e as Error).message}`);
    }
  }

  number(n: SyntaxNode): number {
    const v = parseNumberLiteral(this.text(n));
    if (v === undefined)
      return fail(`bad number or duration syntax: ${JSON.stringify(this.text(n))}`);
    return v;
  }

  expr(n: SyntaxNode): Expr {
    const kids = this.children(n);
    switch (n.name) {
      case 'PromQL':
      case 'FunctionCallBody':
        if (kids.length !== 1) return fail('expected one expression');
        return this.expr(kids[0]!);
      case 'NumberLiteral':
        return this.operators(n);
      case 'StringLiteral':
        return { type: 'string', value: this.string(n) };
      case 'ParenExpr':
        return { type: 'paren', expr: this.expr(kids[0]!) };
      case 'UnaryExpr':
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'BinaryExpr':
        return this.operators(n);
      case 'VectorSelector':
        return this.vectorSelector(n, kids);
      case 'FunctionCall':
        return this.call(kids);
      case 'AggregateExpr':
        return this.aggregate(kids);
      default:
        return fail(`unexpected ${n.name} ${JSON.stringify(this.text(n))}`);
    }
  }

  operators(n: SyntaxNode): Expr {
    const tokens: OpToken[] = [];
    this.flatten(n, tokens);
    return buildOperators(tokens);
  }

  /** Lezer's operator and postfix nodes as a token sequence (operators.ts rebuilds the tree). */
  flatten(n: SyntaxNode, out: OpToken[]): void {
    const kids = this.children(n);
    switch (n.name) {
      case 'BinaryExpr':
        this.flatten(kids[0]!, out);
        out.push(this.binaryToken(kids));
        this.flatten(kids[kids.length - 1]!, out);
        return;
      case 'UnaryExpr':
        out.push({ kind: 'unary', op: this.text(kids[0]!) === '-' ? '-' : '+' });
        this.flatten(kids[1]!, out);
        return;
      case 'NumberLiteral': {
        // The grammar folds a sign into the literal; PromQL's unary minus binds weaker than ^.
        const sign = /^\s*([-+])/.exec(this.text(n));
        if (sign) out.push({ kind: 'unary', op: sign[1] === '-' ? '-' : '+' });
        out.push({ kind: 'operand', expr: { type: 'number', value: Math.abs(this.number(n)) } });
        return;
      }
      case 'MatrixSelector': {
        this.flatten(kids[0]!, out);
        const range = this.duration(kids[1]);
        out.push({ kind: 'postfix', apply: (vec) => matrixOf(vec, range) });
        return;
      }
      case 'SubqueryExpr': {
        this.flatten(kids[0]!, out);
        const durs = kids.filter((k) => k.name === 'Duration');
        const range = this.duration(durs[0]);
        const step = durs[1] ? this.duration(durs[1]) : 0;
        out.push({
          kind: 'postfix',
          apply: (expr) => ({ type: 'subquery', expr, range, step, offset: 0 }),
        });
        return;
      }
      case 'OffsetExpr': {
        this.flatten(kids[0]!, out);
        const d = this.duration(kids.find((k) => k.name === 'Duration'));
        const value = kids.some((k) => k.name === 'Sub') ? -d : d;
        out.push({ kind: 'postfix', apply: (e) => setOffset(e, value) });
        return;
      }
      case 'StepInvariantExpr': {
        this.flatten(kids[0]!, out);
        const at = this.atSpec(kids);
        out.push({ kind: 'postfix', apply: (e) => setAt(e, at) });
        return;
      }
      default:
        out.push({ kind: 'operand', expr: this.expr(n) });
    }
  }

  vectorSelector(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const matchers: Matcher[] = [];
    for (const k of kids) {
      if (k.name === 'Identifier' || k.name === 'MetricName') {
        matchers.push({ name: NAME, op: '=', value: this.text(k) });
      } else if (k.name === 'LabelMatchers') {
        for (const m of this.children(k)) {
          const [name, op, value] = this.children(m);
          const opNode = op ? this.children(op)[0] : undefined;
          const matchOp = opNode ? MATCH_OPS[opNode.name] : undefined;
          if (!name || !matchOp || !value) return fail(`bad matcher ${this.text(m)}`);
          matchers.push({ name: this.text(name), op: matchOp, value: this.string(value) });
        }
      }
    }
    // Regexes are compiled here so that a bad one is a parse error, as in Prometheus.
    for (const m of matchers) if (m.op === '=~' || m.op === '!~') compileAnchored(m.value);
    const names = matchers.filter((m) => m.name === NAME);
    if (names.length > 1 && kids.some((k) => k.name === 'Identifier'))
      return fail(`metric name must not be set twice: ${JSON.stringify(this.text(n))}`);
    const nonEmpty = matchers.some((m) => {
      const re = m.op === '=~' || m.op === '!~';
      const matchesEmpty =
        m.op === '=' ? m.value === '' : m.op === '!=' ? m.value !== '' : re && emptyMatches(m);
      return !matchesEmpty;
    });
    if (!nonEmpty) return fail('vector selector must contain at least one non-empty matcher');
    return { type: 'vector', matchers, offset: 0 };
  }

  atSpec(kids: SyntaxNode[]): AtSpec {
    const last = kids[kids.length - 1]!;
    if (last.name === 'AtModifierPreprocessors')
      return this.text(last).startsWith('start') ? 'start' : 'end';
    const v = this.number(last) * (kids.some((k) => k.name === 'Sub') ? -1 : 1);
    if (!Number.isFinite(v)) return fail('timestamp out of bounds for @ modifier');
    return Math.round(v * 1000);
  }

  call(kids: SyntaxNode[]): Expr {
    const func = this.text(kids[0]!);
    const body = kids[1];
    const args = body ? this.children(body).map((a) => this.expr(a)) : [];
    return { type: 'call', func, args };
  }

  aggregate(kids: SyntaxNode[]): Expr {
    const op = this.text(kids[0]!).toLowerCase();
    const mod = kids.find((k) => k.name === 'AggregateModifier');
    const body = kids.find((k) => k.name === 'FunctionCallBody');
    const args = body ? this.children(body).map((a) => this.expr(a)) : [];
    let grouping: string[] = [];
    let without = false;
    if (mod) {
      const mk = this.children(mod);
      without = mk[0]?.name === 'Without';
      const gl = mk.find((k) => k.name === 'GroupingLabels');
      grouping = gl ? this.children(gl).map((l) => this.text(l)) : [];
    }
    const expr = args[args.length - 1];
    if (!expr) return fail(`no arguments for aggregate expression provided`);
    const hasParam =
      op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    if (args.length !== (hasParam ? 2 : 1))
      return fail(
        `wrong number of arguments for aggregate expression provided, expected ${hasParam ? 2 : 1}, got ${args.length}`,
      );
    return {
      type: 'aggregate',
      op,
      expr,
      param: hasParam ? args[0] : undefined,
      grouping,
      without,
    };
  }

  binaryToken(kids: SyntaxNode[]): OpToken {
    const opNode = kids[1]!;
    const op = BIN_OPS[opNode.name];
    if (!op) return fail(`unknown operator ${this.text(opNode)}`);
    const bool = kids.some((k) => k.name === 'BoolModifier');
    const clause = kids.find((k) => k.name === 'MatchingModifierClause');
    if (!clause) return { kind: 'binary', op, bool };
    const ck = this.children(clause);
    const labelsOf = (n: SyntaxNode | undefined) =>
      n && n.name === 'GroupingLabels' ? this.children(n).map((l) => this.text(l)) : [];
    const group = ck.find((k) => k.name === 'GroupLeft' || k.name === 'GroupRight');
    const groupIdx = group ? ck.indexOf(group) : -1;
    const matching: VectorMatching = {
      card: !group ? 'one-to-one' : group.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many',
      on: ck[0]?.name === 'On',
      labels: labelsOf(ck[1]),
      include: groupIdx >= 0 ? labelsOf(ck[groupIdx + 1]) : [],
    };
    return { kind: 'binary', op, bool, matching };
  }
}

function matrixOf(vec: Expr, range: number): Expr {
  if (vec.type !== 'vector') return fail('ranges only allowed for vector selectors');
  if (vec.offset !== 0 || vec.at !== undefined)
    return fail('no offset or @ modifiers allowed before range');
  return { type: 'matrix', vector: vec, range };
}

/** The selector (or subquery) an offset/@ modifier applies to, or a parse error. */
function modifiable(target: Expr, what: string) {
  const sel = target.type === 'matrix' ? target.vector : target;
  if (sel.type !== 'vector' && sel.type !== 'subquery')
    return fail(
      `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`,
    );
  return sel;
}

function setOffset(target: Expr, value: number): Expr {
  const sel = modifiable(target, 'offset');
  if (sel.offset !== 0) return fail('offset may not be set multiple times');
  sel.offset = value;
  return target;
}

function setAt(target: Expr, at: AtSpec): Expr {
  const sel = modifiable(target, '@');
  if (sel.at !== undefined) return fail('@ <timestamp> may not be set multiple times');
  sel.at = at;
  return target;
}

function emptyMatches(m: Matcher): boolean {
  const re = compileAnchored(m.value);
  return m.op === '=~' ? re.test('') : !re.test('');
}

const MAX_DEPTH = 1000;

/** Parse a PromQL expression into the typed AST; throws PromQLError('bad_data') on errors. */
export function parsePromQL(expr: string): Expr {
  try {
    return parseChecked(expr);
  } catch (e) {
    if (e instanceof RangeError) fail('expression nested too deeply');
    throw e;
  }
}

function parseChecked(expr: string): Expr {
  if (expr.trim() === '') fail('no expression found in input');
  const tree = parser.parse(expr);
  let errorAt = -1;
  let depth = 0;
  let maxDepth = 0;
  tree.iterate({
    enter(n: { from: number; type: { isError: boolean } }) {
      if (errorAt < 0 && n.type.isError) errorAt = n.from;
      maxDepth = Math.max(maxDepth, ++depth);
    },
    leave() {
      depth--;
    },
  });
  // The converter and evaluator recurse along the tree: bound hostile nesting.
  if (maxDepth > MAX_DEPTH) fail(`expression nested too deeply (more than ${MAX_DEPTH} levels)`);
  if (errorAt >= 0)
    fail(
      `1:${errorAt + 1}: parse error: unexpected input near ${JSON.stringify(expr.slice(errorAt, errorAt + 20))}`,
    );
  const ast = new Converter(expr).expr(tree.topNode);
  checkTypes(ast);
  return ast;
}
