// Operator precedence as Prometheus' yacc grammar has it. The Lezer grammar gives the postfix
// modifiers (range, subquery, offset, @) the lowest precedence, so `a - b offset 1m / 2` comes
// out as ((a - b) offset 1m) / 2; Prometheus binds them to the nearest operand: a - ((b offset
// 1m) / 2). The converter flattens Lezer's operator trees into tokens and rebuilds them here.
import { PromQLError } from '../types.ts';
import type { BinaryOp, Expr, VectorMatching } from './ast.ts';

export type OpToken =
  | { kind: 'operand'; expr: Expr }
  | { kind: 'binary'; op: BinaryOp; bool: boolean; matching?: VectorMatching }
  | { kind: 'unary'; op: '-' | '+' }
  | { kind: 'postfix'; apply: (e: Expr) => Expr };

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

/** A unary operator; on a number literal it folds into the literal, as Prometheus' parser. */
function unary(op: '-' | '+', e: Expr): Expr {
  if (e.type === 'number') return op === '-' ? { type: 'number', value: -e.value } : e;
  return { type: 'unary', op, expr: e };
}

/**
 * Precedence climbing over the tokens: binary operators left-associative except `^`; unary
 * minus binds like `*` (weaker than `^`: -2 ^ 2 == -4); postfix modifiers bind tightest.
 */
export function buildOperators(tokens: OpToken[]): Expr {
  let pos = 0;
  const fail = (): never => {
    throw new PromQLError('bad_data', 'parse error: unexpected operator');
  };
  const primary = (): Expr => {
    const t = tokens[pos++];
    if (t?.kind === 'unary') return unary(t.op, climb(PRECEDENCE['^']));
    if (t?.kind !== 'operand') return fail();
    let e = t.expr;
    for (let p = tokens[pos]; p?.kind === 'postfix'; p = tokens[++pos]) e = p.apply(e);
    return e;
  };
  const climb = (min: number): Expr => {
    let lhs = primary();
    for (let t = tokens[pos]; t?.kind === 'binary' && PRECEDENCE[t.op] >= min; t = tokens[pos]) {
      pos++;
      const prec = PRECEDENCE[t.op];
      const rhs = climb(t.op === '^' ? prec : prec + 1);
      lhs = { type: 'binary', op: t.op, lhs, rhs, bool: t.bool, matching: t.matching };
    }
    return lhs;
  };
  const out = climb(0);
  if (pos !== tokens.length) fail();
  return out;
}
