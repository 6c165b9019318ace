// The engine's typed PromQL syntax tree, converted from the Lezer tree by parse.ts.
import type { Matcher } from '../types.ts';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** `@` modifier: an absolute time in ms, or the query's start()/end(). */
export type AtSpec = number | 'start' | 'end';

export interface VectorSelectorNode {
  type: 'vector';
  matchers: Matcher[];
  /** ms; positive looks back in time. */
  offset: number;
  at?: AtSpec;
}

export interface MatrixSelectorNode {
  type: 'matrix';
  vector: VectorSelectorNode;
  range: number;
}

export interface SubqueryNode {
  type: 'subquery';
  expr: Expr;
  range: number;
  /** 0: the default evaluation interval. */
  step: number;
  offset: number;
  at?: AtSpec;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless';

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** true: `on(labels)`; false: `ignoring(labels)` (or no clause, with labels empty). */
  on: boolean;
  labels: string[];
  /** Extra labels of group_left/group_right, taken from the "one" side. */
  include: string[];
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | VectorSelectorNode
  | MatrixSelectorNode
  | SubqueryNode
  | { type: 'call'; func: string; args: Expr[] }
  | {
      type: 'aggregate';
      op: string;
      expr: Expr;
      param?: Expr;
      grouping: string[];
      without: boolean;
    }
  | {
      type: 'binary';
      op: BinaryOp;
      lhs: Expr;
      rhs: Expr;
      bool: boolean;
      matching?: VectorMatching;
    }
  | { type: 'unary'; op: '-' | '+'; expr: Expr }
  | { type: 'paren'; expr: Expr };

export type CallNode = Extract<Expr, { type: 'call' }>;
export type AggregateNode = Extract<Expr, { type: 'aggregate' }>;
export type BinaryNode = Extract<Expr, { type: 'binary' }>;

export const COMPARISON_OPS = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS = new Set<BinaryOp>(['and', 'or', 'unless']);

/** The value of a string literal argument (possibly parenthesised); '' otherwise. */
export function stringValue(e: Expr | undefined): string {
  if (e?.type === 'paren') return stringValue(e.expr);
  return e?.type === 'string' ? e.value : '';
}
