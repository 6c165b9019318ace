import { dnsChecker } from './dns.ts';
import { heartbeatChecker } from './heartbeat.ts';
import { httpChecker } from './http.ts';
import { postgresChecker } from './postgres.ts';
import { tcpChecker } from './tcp.ts';
import { tlsChecker } from './tls.ts';
import type { Checker } from './types.ts';

// Adding a kind is adding a checker file and its line here (and the kind to the monitors.kind
// CHECK constraint when it is new there).
const CHECKERS: Checker[] = [
  httpChecker,
  tcpChecker,
  dnsChecker,
  tlsChecker,
  heartbeatChecker,
  postgresChecker,
];

const byKind = new Map<string, Checker>(CHECKERS.flatMap((c) => c.kinds.map((k) => [k, c])));

export function checkerFor(kind: string): Checker | undefined {
  return byKind.get(kind);
}

export const SUPPORTED_KINDS = [...byKind.keys()];
