// Log-pattern clustering (Drain). Pure: no I/O.
export {
  Drain,
  maskMessage,
  tokenizeMessage,
  templateOf,
  WILDCARD,
  type Cluster,
  type DrainOptions,
} from './drain.ts';
export { findPatterns, type Pattern } from './patterns.ts';
