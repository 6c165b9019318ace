import { promises as dns } from 'node:dns';
import { errorText, withLatency, type Checker, type MonitorConfig } from './types.ts';

const hostnameOf = (url: string | null) =>
  (url ?? '').replace(/^dns:\/\//i, '').replace(/\/.*$/, '');

async function resolveRecord(r: dns.Resolver, name: string, type: MonitorConfig['recordType']) {
  switch (type ?? 'A') {
    case 'AAAA':
      return r.resolve6(name);
    case 'CNAME':
      return r.resolveCname(name);
    case 'MX':
      return (await r.resolveMx(name)).map((m) => `${m.priority} ${m.exchange}`);
    case 'TXT':
      return (await r.resolveTxt(name)).map((t) => t.join(''));
    case 'NS':
      return r.resolveNs(name);
    default:
      return r.resolve4(name);
  }
}

/** DNS record: resolves the name (through config.resolver when set); optional expected answer. */
export const dnsChecker: Checker = {
  kinds: ['dns'],
  validate(url, config) {
    if (!/^[a-z0-9.-]+\.?$/i.test(hostnameOf(url))) return 'a DNS monitor needs a host name';
    if (config.resolver && !/^[\w.:[\]-]+:\d+$|^[\w.-]+$/.test(config.resolver)) {
      return 'resolver must be host or host:port';
    }
    return null;
  },
  async run(target, signal) {
    const { config } = target;
    const resolver = new dns.Resolver({ timeout: target.timeoutMs, tries: 1 });
    if (config.resolver) resolver.setServers([config.resolver]);
    const onAbort = () => resolver.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    try {
      const answers = await resolveRecord(resolver, hostnameOf(target.url), config.recordType);
      const responseTime = Math.round(performance.now() - started);
      const details = { recordType: config.recordType ?? 'A', answers };
      if (config.expectedAnswer !== undefined && !answers.includes(config.expectedAnswer)) {
        return {
          status: 'down',
          responseTime,
          error: `expected answer ${config.expectedAnswer} not in [${answers.join(', ')}]`,
          details,
        };
      }
      return withLatency({ status: 'healthy', responseTime, details }, config);
    } catch (err) {
      return {
        status: 'down',
        responseTime: Math.round(performance.now() - started),
        error: signal.aborted ? `timed out after ${target.timeoutMs} ms` : errorText(err),
      };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  },
};
