import net from 'node:net';
import { parseHostPort } from './host-port.ts';
import { errorText, withLatency, type Checker } from './types.ts';

/** TCP port: healthy when a connection opens. */
export const tcpChecker: Checker = {
  kinds: ['tcp'],
  validate: (url) => (parseHostPort(url) ? null : 'a TCP monitor needs tcp://host:port'),
  run(target, signal) {
    const hp = parseHostPort(target.url);
    const started = performance.now();
    return new Promise((resolve) => {
      if (!hp) return resolve({ status: 'down', responseTime: null, error: 'invalid target' });
      const sock = net.connect({ host: hp.host, port: hp.port, signal });
      sock.once('connect', () => {
        const responseTime = Math.round(performance.now() - started);
        sock.destroy();
        resolve(withLatency({ status: 'healthy', responseTime, details: hp }, target.config));
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
