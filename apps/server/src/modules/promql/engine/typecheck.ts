// Static checks Prometheus' parser makes after building the tree (types, arities, modifiers).
import { PromQLError } from '../types.ts';
import type { Expr, ValueType } from './ast.ts';
import { COMPARISON_OPS, SET_OPS } from './ast.ts';
import { AGGREGATION_PARAM, FUNCTIONS } from './signatures.ts';

const fail = (msg: string): never => {
  throw new PromQLError('bad_data', msg);
};

const NAMES: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vector':
      return 'vector';
    case 'matrix':
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTIONS[e.func]?.ret ?? 'vector';
    case 'aggregate':
      return 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(e.expr);
  }
}

function expect(e: Expr, want: ValueType, context: string): void {
  const got = typeOf(e);
  if (got !== want) fail(`expected type ${NAMES[want]} in ${context}, got ${NAMES[got]}`);
}

/** Throws PromQLError('bad_data') where Prometheus' parser rejects the expression. */
export function checkTypes(e: Expr): void {
  switch (e.type) {
    case 'number':
    case 'string':
    case 'vector':
      return;
    case 'matrix':
      return checkTypes(e.vector);
    case 'paren':
      return checkTypes(e.expr);
    case 'subquery':
      checkTypes(e.expr);
      if (typeOf(e.expr) !== 'vector')
        fail(`subquery is only allowed on instant vector, got ${NAMES[typeOf(e.expr)]} instead`);
      return;
    case 'unary': {
      checkTypes(e.expr);
      const t = typeOf(e.expr);
      if (t !== 'scalar' && t !== 'vector')
        fail(
          `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(NAMES[t])}`,
        );
      return;
    }
    case 'call': {
      const sig = FUNCTIONS[e.func];
      if (!sig) return fail(`unknown function with name ${JSON.stringify(e.func)}`);
      const n = e.args.length;
      const min =
        sig.variadic > 0
          ? sig.args.length - sig.variadic
          : sig.variadic < 0
            ? sig.args.length
            : sig.args.length;
      const max = sig.variadic < 0 ? Infinity : sig.args.length;
      if (n < min || n > max)
        fail(
          `expected ${min === max ? min : `at least ${min}`} argument(s) in call to ${JSON.stringify(e.func)}, got ${n}`,
        );
      e.args.forEach((a, i) => {
        checkTypes(a);
        const want = sig.args[Math.min(i, sig.args.length - 1)]!;
        expect(a, want, `call to function ${JSON.stringify(e.func)}`);
      });
      return;
    }
    case 'aggregate': {
      checkTypes(e.expr);
      expect(e.expr, 'vector', 'aggregation');
      const pt = AGGREGATION_PARAM[e.op];
      if (pt && e.param) {
        checkTypes(e.param);
        expect(e.param, pt, 'aggregation parameter');
      }
      return;
    }
    case 'binary': {
      checkTypes(e.lhs);
      checkTypes(e.rhs);
      const lt = typeOf(e.lhs);
      const rt = typeOf(e.rhs);
      const ok = (t: ValueType) => t === 'scalar' || t === 'vector';
      if (!ok(lt) || !ok(rt))
        fail('binary expression must contain only scalar and instant vector types');
      if (e.bool && !COMPARISON_OPS.has(e.op))
        fail('bool modifier can only be used on comparison operators');
      if (COMPARISON_OPS.has(e.op) && lt === 'scalar' && rt === 'scalar' && !e.bool)
        fail('comparisons between scalars must use BOOL modifier');
      const isSet = SET_OPS.has(e.op);
      if (isSet && (lt === 'scalar' || rt === 'scalar'))
        fail(`set operator ${JSON.stringify(e.op)} not allowed in binary scalar expression`);
      const m = e.matching;
      if (m && (lt !== 'vector' || rt !== 'vector')) {
        // Prometheus rejects only a clause with labels; `on()` with a scalar is dropped.
        if (m.labels.length > 0) fail('vector matching only allowed between instant vectors');
        e.matching = undefined;
      }
      if (isSet) {
        if (m && m.card !== 'one-to-one')
          fail(`no grouping allowed for ${JSON.stringify(e.op)} operation`);
        if (lt === 'vector' && rt === 'vector')
          e.matching = {
            card: 'many-to-many',
            on: m?.on ?? false,
            labels: m?.labels ?? [],
            include: [],
          };
      }
      if (m && m.on)
        for (const l of m.include)
          if (m.labels.includes(l))
            fail(`label ${JSON.stringify(l)} must not occur in ON and GROUP clause at once`);
      return;
    }
  }
}
