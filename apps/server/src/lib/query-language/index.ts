// A Lucene/Kibana-style search language compiled to parameterized SQL. Pure: no I/O.
export { QueryError, fieldsOf, type Node, type Value, type CompareOp } from './ast.ts';
export { tokenize, MAX_QUERY_LENGTH } from './lexer.ts';
export { parseQuery, MAX_DEPTH, MAX_CLAUSES } from './parser.ts';
export { compileQuery, rollupEligible, escapeLike, likePattern, LEVELS } from './compile.ts';
export {
  resolveField,
  canonicalFieldName,
  fieldTextExpr,
  FIELD_NAMES,
  LOG_FIELDS,
  type ResolvedField,
} from './fields.ts';
export { sqlf, trusted, joinSql, toSqlText, type SqlFragment } from './sql-fragment.ts';
