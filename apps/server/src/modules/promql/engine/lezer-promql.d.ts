// @prometheus-io/lezer-promql ships types its package.json "exports" does not point at.
declare module '@prometheus-io/lezer-promql' {
  import type { LRParser } from '@lezer/lr';
  export const parser: LRParser;
}
