import tls from 'node:tls';
import { parseHostPort } from './host-port.ts';
import { judgeCertificate } from './tls-expiry.ts';
import { errorText, withLatency, type Checker } from './types.ts';

/** TLS certificate: connects, reads the peer certificate and judges its expiry. */
export const tlsChecker: Checker = {
  kinds: ['tls'],
  validate: (url) => (parseHostPort(url, 443) ? null : 'a TLS monitor needs tls://host:port'),
  run(target, signal) {
    const hp = parseHostPort(target.url, 443);
    const started = performance.now();
    return new Promise((resolve) => {
      if (!hp) return resolve({ status: 'down', responseTime: null, error: 'invalid target' });
      const sock = tls.connect({
        host: hp.host,
        port: hp.port,
        ...(isIp(hp.host) ? {} : { servername: hp.host }),
        rejectUnauthorized: !target.config.ignoreTls,
      });
      const onAbort = () => sock.destroy(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      sock.once('close', () => signal.removeEventListener('abort', onAbort));
      sock.once('secureConnect', () => {
        const responseTime = Math.round(performance.now() - started);
        const c = sock.getPeerCertificate();
        sock.destroy();
        if (!c?.valid_to) {
          return resolve({ status: 'down', responseTime, error: 'no peer certificate' });
        }
        const judged = judgeCertificate(
          { validTo: new Date(c.valid_to), subject: c.subject?.CN as string | undefined },
          new Date(),
          target.config.tlsWarnDays,
        );
        resolve(withLatency({ responseTime, ...judged }, target.config));
      });
      sock.once('error', (err) => {
        sock.destroy();
        resolve({
          status: 'down',
          responseTime: Math.round(performance.now() - started),
          error: signal.aborted ? `timed out after ${target.timeoutMs} ms` : errorText(err),
        });
      });
    });
  },
};

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
